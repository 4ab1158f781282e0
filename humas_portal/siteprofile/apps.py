from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteProfileConfig(AppConfig):
    name = "humas_portal.siteprofile"
    label = "siteprofile"
    verbose_name = _("Profil kantor")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_migrate

        from humas_portal.cache_invalidation import ALL_PAGES, cache_invalidation_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.siteprofile.demo import seed_office
        from humas_portal.siteprofile.models import OfficeProfile
        from humas_portal.siteprofile.selectors import (
            office_profile_request_begin,
            office_profile_request_end,
            office_villages_forget,
        )

        request_started.connect(office_profile_request_begin, dispatch_uid="office_profile_begin")
        request_finished.connect(office_profile_request_end, dispatch_uid="office_profile_end")
        # A data migration may change the regions; migrate sends this once per app, so only
        # for this one.
        post_migrate.connect(office_villages_forget, sender=self, dispatch_uid="villages_forget")

        # First: everything else is filed in the office's regions.
        demo_seeder_register(name="office", seeder=seed_office, order=10)
        # The office's name, contacts and logo are on every page.
        cache_invalidation_register(model=OfficeProfile, pages=lambda profile: [ALL_PAGES])
