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
        self._public_register()

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

    @staticmethod
    def _public_register() -> None:
        """The public pages (public_views.py), the press room and their registries."""
        from humas_portal.cache_invalidation import cache_invalidation_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.home import home_section_register
        from humas_portal.navigation import nav_register
        from humas_portal.notifications.registry import kind_register
        from humas_portal.page_cache import cache_horizon_register
        from humas_portal.press_room import press_release_pages_register
        from humas_portal.search import search_register, search_section_register
        from humas_portal.sitemaps import sitemap_page_register, sitemap_register
        from media_forum.demo import seed_events
        from media_forum.models import Event, EventMaterial, EventSpeaker
        from media_forum.selectors import (
            event_cached_pages,
            event_change_next,
            event_part_cached_pages,
            event_search_public,
            home_upcoming_events,
            press_room_pages,
        )
        from media_forum.services import REGISTERED_STAFF_KIND, VERIFIED_KIND
        from media_forum.sitemaps import EventSitemap

        nav_register(label=_("Forum Media"), url_name="forum_media:event_list", order=30)
        # After the news (10) and the running election stages (20).
        home_section_register(
            name="forum_media",
            template="media_forum/events/home_section.html",
            selector=home_upcoming_events,
            order=30,
        )
        search_register("forum_media", event_search_public)
        search_section_register(
            name="forum_media",
            title=_("Forum Media: acara dan pendaftaran"),
            url_name="forum_media:event_list",
            summary=_(
                "Forum media, konferensi pers, sosialisasi, bimtek jajaran ad hoc dan kunjungan "
                "media: jadwal, pendaftaran tanpa akun dan materi acara."
            ),
            keywords=(
                "forum", "acara", "kegiatan", "konferensi", "bimtek", "kunjungan", "daftar",
                "pendaftaran", "jadwal", "kalender", "event",
            ),
            order=40,
        )  # fmt: skip
        search_section_register(
            name="forum_media_press_room",
            title=_("Ruang Media"),
            url_name="forum_media:press_room",
            summary=_(
                "Untuk wartawan: kontak media, siaran pers terbaru, bahan siaran dan pendaftaran "
                "daftar pers."
            ),
            keywords=("ruang", "wartawan", "jurnalis", "pers", "press", "kontak", "liputan"),
            order=41,
        )
        sitemap_page_register(url_name="forum_media:event_list", order=30)
        sitemap_page_register(url_name="forum_media:press_room", order=31)
        sitemap_register(name="forum-media", sitemap=EventSitemap, order=30)
        cache_invalidation_register(model=Event, pages=event_cached_pages)
        cache_invalidation_register(model=EventSpeaker, pages=event_part_cached_pages)
        cache_invalidation_register(model=EventMaterial, pages=event_part_cached_pages)
        # An event starting or ending, a material's time: no write happens. (The list and the
        # event page, which show seats left, are not cached: media_forum/public_views.py.)
        cache_horizon_register(event_change_next)
        # The press room lists the latest press releases: news renews it.
        press_release_pages_register(press_room_pages)
        kind_register(
            name=REGISTERED_STAFF_KIND,
            template="notifications/emails/journalist_registered_staff",
        )
        kind_register(name=VERIFIED_KIND, template="notifications/emails/journalist_verified")
        # After the press list (25): the demo journalists register for the events.
        demo_seeder_register(name="forum_media_events", seeder=seed_events, order=35)
