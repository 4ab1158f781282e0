from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Pengaduan")

    def ready(self) -> None:
        from complaints.deadlines import complaints_due_recompute
        from humas_portal.elections.hooks import holidays_changed_register
        from humas_portal.navigation import nav_register
        from humas_portal.notifications.registry import kind_register

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
