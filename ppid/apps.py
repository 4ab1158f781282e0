from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpidConfig(AppConfig):
    name = "ppid"
    verbose_name = _("Layanan Informasi Publik")

    def ready(self) -> None:
        from humas_portal.app_urls import url_mount_register

        url_mount_register(prefix="informasi-publik/", urlconf="ppid.urls", order=27)
