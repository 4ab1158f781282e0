from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Berita")

    def ready(self) -> None:
        from humas_portal.notifications.registry import topic_register

        topic_register(slug="berita", label=_("Berita"), order=10)
        topic_register(slug="siaran-pers", label=_("Siaran Pers"), order=20)
