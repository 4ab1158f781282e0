from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpidConfig(AppConfig):
    name = "ppid"
    verbose_name = _("Layanan Informasi Publik")

    def ready(self) -> None:
        from humas_portal.app_urls import url_mount_register

        url_mount_register(prefix="informasi-publik/", urlconf="ppid.urls", order=27)
        self._register_register()
        self._requests_register()
        self._staff_register()

    def _requests_register(self) -> None:
        """The request desk's e-mails and its retention run (ppid.services)."""
        from celery.schedules import crontab

        from humas_portal.notifications.registry import kind_register
        from humas_portal.periodic import periodic_task_register

        # Sensitive, all of them: the receipt carries the tracking secret, and each tells
        # whoever reads the outbox what this address asked the office for.
        for name in (
            "ppid_request_receipt",
            "ppid_request_extended",
            "ppid_request_decided",
            "ppid_objection_received",
            "ppid_objection_answered",
        ):
            kind_register(name=name, template="notifications/emails/%s" % name, sensitive=True)
        # Requesters' contact data, a set time after their request closed (ppid.services).
        periodic_task_register(
            name="ppid-requests-retention",
            task="ppid.requests_erase_due",
            schedule=crontab(hour=2, minute=45),
        )

    def _staff_register(self) -> None:
        """The request desk for staff: the dashboard panel, the daily digest, the demo requests
        (ppid.dashboard, ppid.digest, ppid.demo_requests)."""
        from celery.schedules import crontab
        from django.conf import settings

        from humas_portal.dashboard import dashboard_panel_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.notifications.registry import kind_register
        from humas_portal.periodic import periodic_task_register
        from ppid.dashboard import ppid_dashboard_context
        from ppid.demo_requests import seed_requests

        dashboard_panel_register(
            name="ppid",
            template="admin/ppid/dashboard_panel.html",
            selector=ppid_dashboard_context,
            permission="ppid.view_informationrequest",
            order=45,
        )
        # Numbers and due dates only, never a requester: not sensitive.
        kind_register(name="ppid_digest", template="notifications/emails/ppid_digest")
        # The same morning hour as the complaint digest, a few minutes later.
        periodic_task_register(
            name="ppid-digest",
            task="ppid.digest_send",
            schedule=crontab(hour=settings.COMPLAINT_DIGEST_HOUR, minute=10),
        )
        # After the register's entries (ppid_register, order 60): requests in every state.
        demo_seeder_register(name="ppid_requests", seeder=seed_requests, order=65)

    @staticmethod
    def _register_register() -> None:
        """The register of public information (register_views.py) in the portal: navigation,
        search, sitemap, home page, page cache and the demo register."""
        from humas_portal.cache_invalidation import cache_invalidation_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.home import home_section_register
        from humas_portal.navigation import nav_register
        from humas_portal.search import search_register, search_section_register
        from humas_portal.sitemaps import sitemap_page_register, sitemap_register
        from ppid.demo_register import seed_register
        from ppid.models import InformationEntry
        from ppid.register_selectors import (
            entry_cached_pages,
            entry_search_public,
            entry_search_words,
            home_section,
        )
        from ppid.sitemaps import InformationEntrySitemap

        # After the complaint desk (40): the last of the sections.
        nav_register(label=_("Informasi Publik"), url_name="ppid:index", order=50)
        search_register("ppid_register", entry_search_public, words=entry_search_words)
        search_section_register(
            name="ppid",
            title=_("Layanan Informasi Publik (PPID)"),
            url_name="ppid:index",
            summary=_(
                "Daftar informasi publik: informasi berkala, serta-merta, setiap saat dan yang "
                "dikecualikan, dengan dokumennya; cara meminta informasi dan mengajukan "
                "keberatan."
            ),
            keywords=(
                "ppid", "informasi", "publik", "dip", "keterbukaan", "berkala", "dikecualikan",
                "permohonan", "keberatan", "lhkpn", "anggaran", "keuangan", "public",
                "information", "disclosure",
            ),
            order=50,
        )  # fmt: skip
        sitemap_page_register(url_name="ppid:index", order=50)
        sitemap_register(name="informasi-publik", sitemap=InformationEntrySitemap, order=50)
        cache_invalidation_register(model=InformationEntry, pages=entry_cached_pages)
        # After the events (30): a link to the service, no query of its own.
        home_section_register(
            name="ppid", template="ppid/register/home_section.html", selector=home_section, order=50
        )
        # After the complaints (50); the demo requests come after the register.
        demo_seeder_register(name="ppid_register", seeder=seed_register, order=60)
