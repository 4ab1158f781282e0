from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteProfileConfig(AppConfig):
    name = "humas_portal.siteprofile"
    label = "siteprofile"
    verbose_name = _("Profil kantor")
