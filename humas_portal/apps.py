from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HumasPortalConfig(AppConfig):
    name = "humas_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from humas_portal.navigation import nav_register

        nav_register(label=_("Beranda"), url_name="home", order=0)
