"""The election-stages timeline (/edukasi/tahapan/) and the home page's running stages: the
elections app's stages, with what relates to them (humas_portal.elections.related): this app's
items, news."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from education.selectors import item_path_prefix, items_for_stage
from humas_portal.elections.dates import local_today
from humas_portal.elections.models import ElectionStage
from humas_portal.elections.related import StageLink, stage_related_attach
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


def item_links_for_stages(
    stages: Sequence[ElectionStage], limit: int
) -> dict[int, list[StageLink]]:
    """Per stage, its ``limit`` newest public items (originals; their versions link from the
    item page). One query: the timeline shows titles, so none of the cards' prefetches."""
    items = list(items_for_stage([stage.pk for stage in stages]).prefetch_related(None))
    found: dict[int, list[StageLink]] = {}
    if not items:
        return found
    prefix = item_path_prefix()
    for item in items:
        links = found.setdefault(item.stage_id, [])
        if len(links) < limit:
            links.append(
                StageLink(title=item.title, url=prefix + item.slug + "/", date=item.publish_at)
            )
    return found


def stage_cached_pages() -> list[str]:
    """The public pages of this module that show stages (for the elections' cache invalidation,
    humas_portal.elections.related.stage_pages_register)."""
    return [reverse("home"), reverse("education:stages")]
