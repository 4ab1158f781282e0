from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = _("Edukasi")

    def ready(self) -> None:
        from education.stages import home_stages_running, stage_cached_pages
        from humas_portal.app_urls import url_mount_register
        from humas_portal.elections.related import stage_pages_register
        from humas_portal.home import home_section_register
        from humas_portal.notifications.registry import topic_register

        topic_register(slug="edukasi", label=_("Edukasi Pemilu"), order=30)
        url_mount_register(prefix="edukasi/", urlconf="education.urls", order=30)
        # After the news (10): what runs today, with its days left, links to the timeline.
        home_section_register(
            name="education_stages",
            template="education/home_stages.html",
            selector=home_stages_running,
            order=20,
        )
        stage_pages_register(stage_cached_pages)
