from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = _("Edukasi")

    def ready(self) -> None:
        from humas_portal.notifications.registry import topic_register

        topic_register(slug="edukasi", label=_("Edukasi Pemilu"), order=30)
