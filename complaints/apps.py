from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Pengaduan")

    def ready(self) -> None:
        from celery.schedules import crontab
        from django.conf import settings

        from complaints.dashboard import complaint_dashboard_counts
        from complaints.deadlines import complaints_due_recompute
        from complaints.demo import seed_complaints
        from complaints.models import VIEW_PERMISSION
        from humas_portal.app_urls import url_mount_register
        from humas_portal.dashboard import dashboard_panel_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.elections.hooks import holidays_changed_register
        from humas_portal.home import home_section_register
        from humas_portal.navigation import nav_register
        from humas_portal.notifications.registry import kind_register
        from humas_portal.periodic import periodic_task_register
        from humas_portal.search import search_section_register

        nav_register(label=_("Pengaduan"), url_name="complaints:index", order=40)
        # Working-day deadlines count the holidays: their due dates follow the calendar.
        holidays_changed_register(complaints_due_recompute)
        # Sensitive, all of them: a receipt carries the tracking secret, and any of these
        # tells whoever reads the outbox that this address reported someone.
        for name in ("complaint_receipt", "complaint_secret_reset", "complaint_update"):
            kind_register(name=name, template="notifications/emails/%s" % name, sensitive=True)
        # To officers: numbers and titles, never a reporter's identity. Sensitive all the same:
        # a title may name the reported party, and the Administrator role, who reads the
        # delivery log, has no business with complaints (complaints.digest).
        kind_register(
            name="complaint_digest",
            template="notifications/emails/complaint_digest",
            sensitive=True,
        )
        # The same for new-complaint alerts, which name no one at all (complaints.alerts).
        kind_register(
            name="complaint_new_alert",
            template="notifications/emails/complaint_new_alert",
            sensitive=True,
        )

        url_mount_register(prefix="pengaduan/", urlconf="complaints.urls", order=40)
        # Found by what a visitor types (Indonesian and English), and offered whenever a search
        # finds nothing: reporting a violation is the one task no search should hide.
        search_section_register(
            name="complaints",
            title=_("Posko Aduan: sampaikan pengaduan dugaan pelanggaran"),
            url_name="complaints:index",
            summary=_(
                "Sampaikan pengaduan dugaan pelanggaran pemilu secara daring, boleh tanpa nama, "
                "lalu lacak penanganannya."
            ),
            keywords=(
                "pengaduan", "aduan", "mengadu", "lapor", "melapor", "pelanggaran", "posko",
                "lacak", "complaint", "report", "violation", "track",
            ),
            order=10,
            offer_when_empty=True,
        )  # fmt: skip
        search_section_register(
            name="complaints-statistics",
            title=_("Statistik Pengaduan"),
            url_name="complaints:statistics",
            summary=_(
                "Jumlah pengaduan 12 bulan terakhir menurut kategori, tahap, bulan dan kecamatan."
            ),
            keywords=("statistik", "pengaduan", "aduan", "jumlah", "angka", "data", "statistics"),
            order=20,
        )
        # The call to action needs only the office's contacts, which every page has. First on
        # the home page: reporting and tracking are the tasks (humas_portal/home.py).
        home_section_register(
            name="complaints", template="complaints/home_section.html", selector=dict, order=5
        )
        dashboard_panel_register(
            name="complaints",
            template="admin/complaints/dashboard_panel.html",
            selector=complaint_dashboard_counts,
            permission=VIEW_PERMISSION,
            order=40,
        )
        # Last: complaints are filed in the office's regions, about its elections.
        demo_seeder_register(name="complaints", seeder=seed_complaints, order=50)
        # Each officer's complaints due soon or overdue, once a day (complaints.digest).
        periodic_task_register(
            name="complaints-digest",
            task="complaints.digest_send",
            schedule=crontab(hour=settings.COMPLAINT_DIGEST_HOUR, minute=0),
        )
        # New-complaint alerts held back on a busy day go once their interval has passed.
        periodic_task_register(
            name="complaints-alerts",
            task="complaints.alerts_send",
            schedule=60.0,
            options={"expires": 55},
        )
        # Identity, contacts and evidence of complaints closed long ago (complaints.retention).
        periodic_task_register(
            name="complaints-retention",
            task="complaints.retention_run",
            schedule=crontab(hour=2, minute=30),
        )
