from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "humas_portal.notifications"
    label = "notifications"
    verbose_name = _("Notifikasi")

    def ready(self) -> None:
        from humas_portal.notifications.registry import kind_register

        kind_register(
            name="subscription_confirm", template="notifications/emails/subscription_confirm"
        )
        # Sensitive: the body holds a preferences link, which lets its holder change or end
        # the subscription; it is wiped once sent and never shown in the admin.
        kind_register(
            name="subscription_manage",
            template="notifications/emails/subscription_manage",
            sensitive=True,
        )
        kind_register(
            name="subscription_welcome",
            template="notifications/emails/subscription_welcome",
            sensitive=True,
        )
        # A general announcement to one topic's subscribers (bulk send).
        kind_register(name="announcement", template="notifications/emails/announcement")
