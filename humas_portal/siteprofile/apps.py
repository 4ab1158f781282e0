from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteProfileConfig(AppConfig):
    name = "humas_portal.siteprofile"
    label = "siteprofile"
    verbose_name = _("Profil kantor")

    def ready(self) -> None:
        from humas_portal.cache_invalidation import ALL_PAGES, cache_invalidation_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.siteprofile.demo import seed_office
        from humas_portal.siteprofile.models import OfficeProfile

        # First: everything else is filed in the office's regions.
        demo_seeder_register(name="office", seeder=seed_office, order=10)
        # The office's name, contacts and logo are on every page.
        cache_invalidation_register(model=OfficeProfile, pages=lambda profile: [ALL_PAGES])
