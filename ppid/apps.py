from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpidConfig(AppConfig):
    name = "ppid"
    verbose_name = _("Layanan Informasi Publik")

    def ready(self) -> None:
        from humas_portal.app_urls import url_mount_register

        url_mount_register(prefix="informasi-publik/", urlconf="ppid.urls", order=27)
        self._requests_register()

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
