from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "humas_portal.notifications"
    label = "notifications"
    verbose_name = _("Notifikasi")

    def ready(self) -> None:
        from humas_portal.app_urls import url_mount_register
        from humas_portal.dashboard import dashboard_panel_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.notifications.dashboard import (
            DEAD_PANEL_PERMISSION,
            dead_messages_panel,
        )
        from humas_portal.notifications.demo import seed_subscriptions
        from humas_portal.notifications.registry import kind_register
        from humas_portal.periodic import periodic_task_register

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

        url_mount_register(prefix="", urlconf="humas_portal.notifications.urls", order=10)
        dashboard_panel_register(
            name="notifications-dead",
            template="admin/notifications/dashboard_panel.html",
            selector=dead_messages_panel,
            permission=DEAD_PANEL_PERMISSION,
            order=90,
        )
        demo_seeder_register(name="subscriptions", seeder=seed_subscriptions, order=20)
        periodic_task_register(
            name="notifications-relay",
            task="notifications.relay",
            schedule=60.0,
            options={"expires": 55},
        )
        periodic_task_register(
            name="notifications-purge", task="notifications.purge", schedule=24 * 3600.0
        )
        # Bulk sends whose enqueueing was lost (broker down, worker killed) are scheduled again.
        periodic_task_register(
            name="notifications-bulk-relay",
            task="notifications.bulk_relay",
            schedule=300.0,
            options={"expires": 290},
        )
        # Expired tokens, and addresses never confirmed, are deleted.
        periodic_task_register(
            name="notifications-subscriptions-purge",
            task="notifications.subscriptions_purge",
            schedule=24 * 3600.0,
        )
