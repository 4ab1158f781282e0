from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaForumConfig(AppConfig):
    name = "media_forum"
    verbose_name = _("Forum Media")
