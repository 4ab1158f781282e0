"""The election-stages timeline (/edukasi/tahapan/) and the home page's running stages: the
elections app's stages, with what other apps relate to them (humas_portal.elections.related)."""

from typing import Any

from django.urls import reverse

from humas_portal.elections.dates import local_today
from humas_portal.elections.related import stage_related_attach
from humas_portal.elections.selectors import election_stages_running, election_timelines_current


def stage_timeline_context() -> dict[str, Any]:
    """The current elections with every stage; today's date (the office's). The elections and
    stages (two queries), then one query per related provider, whatever their number."""
    today = local_today()
    elections = election_timelines_current(on=today)
    stage_related_attach([stage for election in elections for stage in election.timeline])
    return {"today": today, "elections": elections}


def home_stages_running() -> dict[str, Any]:
    """The home page's section: the stages running today (one query); none, no section."""
    return {"stages": election_stages_running()}


def stage_cached_pages() -> list[str]:
    """The public pages of this module that show stages (for the elections' cache invalidation,
    humas_portal.elections.related.stage_pages_register)."""
    return [reverse("home"), reverse("education:stages")]
