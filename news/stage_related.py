"""News related to election stages (humas_portal.elections.related): the public articles
published during a stage, by the office's dates."""

from collections.abc import Sequence
from datetime import datetime, time

from django.db.models import IntegerField, Value
from django.utils import timezone

from humas_portal.elections.dates import day_end
from humas_portal.elections.models import ElectionStage
from humas_portal.elections.related import StageLink
from news.models import Article
from news.selectors import article_path_prefix


def article_links_for_stages(
    stages: Sequence[ElectionStage], limit: int
) -> dict[int, list[StageLink]]:
    """Per stage, its ``limit`` newest public articles published from its first day's
    midnight to its last day's end (office time). One query however many stages: a UNION ALL
    of one bounded select per stage, each served by the (status, publish_at) index."""
    if not stages:
        return {}
    now = timezone.now()
    office = timezone.get_default_timezone()
    selects = [
        Article.objects.public(now=now)
        .filter(
            publish_at__gte=datetime.combine(stage.start_date, time.min, tzinfo=office),
            publish_at__lte=day_end(stage.end_date),
        )
        .annotate(stage_id=Value(stage.pk, output_field=IntegerField()))
        .order_by("-publish_at", "-id")
        .values_list("stage_id", "title", "slug", "publish_at")[:limit]
        for stage in stages
    ]
    rows = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    prefix = article_path_prefix()
    found: dict[int, list[StageLink]] = {}
    for stage_id, title, slug, publish_at in rows:
        found.setdefault(stage_id, []).append(
            StageLink(title=title, url=prefix + slug + "/", date=publish_at)
        )
    for links in found.values():
        links.sort(key=lambda link: link.date, reverse=True)
    return found
