from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "humas_portal.elections"
    label = "elections"
    verbose_name = _("Pemilihan")

    def ready(self) -> None:
        from humas_portal.audit import audit_target_moved
        from humas_portal.cache_invalidation import cache_invalidation_register
        from humas_portal.demo_content import demo_seeder_register
        from humas_portal.elections.demo import seed_elections
        from humas_portal.elections.models import Election, ElectionStage
        from humas_portal.elections.related import stage_pages
        from humas_portal.elections.selectors import election_stage_boundary_next
        from humas_portal.page_cache import cache_horizon_register

        # These models began in the complaint desk; audit rows written then keep that label.
        audit_target_moved(old="complaints.election", new="elections.election")
        audit_target_moved(old="complaints.holiday", new="elections.holiday")
        # Right after the office: complaints and, later, education refer to its elections.
        demo_seeder_register(name="elections", seeder=seed_elections, order=15)
        # The pages that show stages (the timeline, the home page's running stage) registered
        # themselves; any change to an election or a stage also renews the page cache's
        # horizon, which the stages' dates move.
        cache_invalidation_register(model=Election, pages=lambda election: stage_pages())
        cache_invalidation_register(model=ElectionStage, pages=lambda stage: stage_pages())
        cache_horizon_register(election_stage_boundary_next)
