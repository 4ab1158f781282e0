from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaForumConfig(AppConfig):
    name = "media_forum"
    verbose_name = _("Forum Media")

    def ready(self) -> None:
        from humas_portal.notifications.registry import topic_register

        topic_register(slug="forum-media", label=_("Forum Media"), order=40)
