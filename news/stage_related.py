"""News related to election stages (humas_portal.elections.related): the public articles
published during a stage, by the office's dates."""

from collections.abc import Sequence

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from humas_portal.elections.models import ElectionStage
from humas_portal.elections.related import StageLink
from news.models import Article
from news.selectors import article_path_prefix


def article_links_for_stages(
    stages: Sequence[ElectionStage], limit: int
) -> dict[int, list[StageLink]]:
    """Per stage, its ``limit`` newest public articles published on its days (the office's
    dates: ``__date`` converts in the office's time zone). Two queries however many stages:
    the ids of each stage's articles (one subquery per place, 1st to ``limit``-th), then
    those articles."""
    if not stages:
        return {}
    during = (
        Article.objects.public(now=timezone.now())
        .filter(
            publish_at__date__gte=OuterRef("start_date"),
            publish_at__date__lte=OuterRef("end_date"),
        )
        .order_by("-publish_at", "-id")
        .values("id")
    )
    places = {"place_%d" % place: Subquery(during[place : place + 1]) for place in range(limit)}
    rows = (
        ElectionStage.objects.filter(pk__in=[stage.pk for stage in stages])
        .annotate(**places)
        .values_list("pk", *places)
    )
    ids = {row[0]: [article_id for article_id in row[1:] if article_id] for row in rows}
    wanted = {article_id for found in ids.values() for article_id in found}
    if not wanted:
        return {}
    articles = Article.objects.filter(pk__in=wanted).only("id", "title", "slug", "publish_at")
    prefix = article_path_prefix()
    links = {
        article.pk: StageLink(
            title=article.title, url=prefix + article.slug + "/", date=article.publish_at
        )
        for article in articles
    }
    return {stage_id: [links[pk] for pk in found] for stage_id, found in ids.items() if found}
