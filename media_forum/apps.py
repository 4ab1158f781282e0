from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaForumConfig(AppConfig):
    name = "media_forum"
    verbose_name = _("Forum Media")

    def ready(self) -> None:
        from django.db.models import Q

        from humas_portal.app_urls import url_mount_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.notifications.bulk import bulk_audience_register
        from humas_portal.notifications.registry import topic_register
        from media_forum.demo import seed_press

        topic_register(slug="forum-media", label=_("Forum Media"), order=40)
        # The verified press list, the audience of embargoed press releases: news names it
        # only by this string (news.distribution.PRESS_AUDIENCE).
        bulk_audience_register(name="verified_press", condition=Q(journalist__verified=True))
        # The press list's registration keeps the address it had under news.
        url_mount_register(prefix="langganan/wartawan/", urlconf="media_forum.urls", order=25)
        url_mount_register(prefix="forum-media/", urlconf="media_forum.event_urls", order=26)
        # After the subscribers (a journalist is one), before the demo's press releases.
        demo_seeder_register(name="press", seeder=seed_press, order=25)
        self._registrations_register()
        self._events_register()

    @staticmethod
    def _registrations_register() -> None:
        """Registration e-mails and the expiry of unconfirmed registrations
        (media_forum.registrations)."""
        from humas_portal.notifications.registry import kind_register
        from humas_portal.periodic import periodic_task_register
        from media_forum import registration_tasks  # noqa: F401  (the worker's task)
        from media_forum.attachments import ticket_attachments

        # Sensitive: each carries a link that acts on the registration (confirm, manage,
        # cancel) or its ticket, and tells the outbox's readers who goes where.
        for name in (
            "event_registration_confirm",
            "event_waitlisted",
            "event_pending_approval",
            "event_manage_link",
        ):
            kind_register(name=name, template="notifications/emails/%s" % name, sensitive=True)
        kind_register(
            name="event_ticket",
            template="notifications/emails/event_ticket",
            sensitive=True,
            attachments=ticket_attachments,
        )
        for name in ("event_registration_cancelled", "event_registration_rejected"):
            kind_register(name=name, template="notifications/emails/%s" % name)
        # Hourly: an unconfirmed registration lives FORUM_MEDIA_CONFIRM_HOURS, give or take one.
        periodic_task_register(
            name="media-forum-registrations-expire",
            task="media_forum.registrations_expire",
            schedule=3600.0,
            options={"expires": 3500},
        )

    @staticmethod
    def _events_register() -> None:
        """The office's side of events (media_forum/events.py): its mail and periodic tasks."""
        from humas_portal.notifications.registry import kind_register
        from humas_portal.periodic import periodic_task_register
        from media_forum import event_tasks  # noqa: F401 (registers the tasks with Celery)

        for kind in ("event_reminder", "event_changed", "event_cancelled", "event_materials"):
            kind_register(name=kind, template="notifications/emails/%s" % kind)
        # The materials to the verified press list, a bulk send with its unsubscribe links.
        kind_register(
            name="event_materials_press", template="notifications/emails/event_materials_press"
        )
        # Every 15 minutes: a reminder goes 24 hours (less at most 15 minutes) before the start,
        # once per registration however often this runs.
        periodic_task_register(
            name="media-forum-event-reminders",
            task="media_forum.event_reminders_send",
            schedule=15 * 60.0,
            options={"expires": 14 * 60},
        )
        periodic_task_register(
            name="media-forum-contacts-erase",
            task="media_forum.contacts_erase_due",
            schedule=24 * 3600.0,
        )
