"""Reads of articles for the public pages, feeds, sitemap, search and the staff preview.

Every public read starts from ``Article.objects.public()``: an article is visible when it is
published and its ``publish_at`` has passed, whatever any job has or has not done yet.
"""

from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.contrib.postgres.search import (
    CombinedSearchVector,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.cache import cache
from django.db import transaction
from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from humas_portal.press_room import PressRelease
from humas_portal.richtext import body_html, json_ld, reading_minutes, share_links
from humas_portal.search import (
    SEARCH_CONFIG,
    SearchHit,
    full_text_available,
)
from humas_portal.siteprofile.selectors import office_profile_current
from humas_portal.templatetags.portal import iso_seconds
from news.models import Article, ArticleKind, ArticleStatus, Verdict

# Indonesian path words for the kinds (?jenis=, /berita/feed/<kind>/); stored values are English.
KIND_SLUGS = {
    "berita": ArticleKind.NEWS,
    "siaran-pers": ArticleKind.PRESS_RELEASE,
    "pengumuman": ArticleKind.ANNOUNCEMENT,
    "klarifikasi-hoaks": ArticleKind.HOAX_CLARIFICATION,
}

# What a card shows (list, home, related, feeds, search): never the body.
CARD_FIELDS = (
    "id",
    "title",
    "slug",
    "kind",
    "lead",
    "cover",
    "cover_small",
    "cover_width",
    "cover_height",
    "cover_alt",
    "publish_at",
    "updated_at",
    "category__name",
    "category__slug",
)

# The list pages' year filter (article_years_public): deleted on commit by every service that
# may add or remove a year; the ceiling bounds what an admin deletion leaves behind.
YEARS_CACHE_KEY = "news:years:v1"
YEARS_CACHE_SECONDS = 600

# Saving the publication itself touches updated_at; only a later edit counts as an update.
UPDATE_SHOWN_AFTER = timedelta(minutes=5)

# schema.org ClaimReview rating: 1 (false) to 5 (true); the label travels as alternateName.
VERDICT_RATING = {
    Verdict.HOAX: 1,
    Verdict.DISINFORMATION: 1,
    Verdict.MISINFORMATION: 2,
    Verdict.MISLEADING: 2,
    Verdict.FACT: 5,
}


def kind_from_slug(slug: str) -> str | None:
    return KIND_SLUGS.get(slug)


def kind_slug(kind: str) -> str:
    return next(slug for slug, value in KIND_SLUGS.items() if value == kind)


def article_path_prefix() -> str:
    """The article path without its slug, reversed once per page: no ``{% url %}`` per card."""
    return reverse("news:article_detail", kwargs={"slug": "-"})[:-2]


def article_absolute_url(slug: str) -> str:
    return settings.PORTAL_BASE_URL + article_path_prefix() + slug + "/"


def with_urls(articles: Iterable[Article]) -> list[Article]:
    """Give each article its ``url`` (path), built from one reversed prefix."""
    prefix = article_path_prefix()
    articles = list(articles)
    for article in articles:
        article.url = prefix + article.slug + "/"
    return articles


def article_list_public(
    *, kind: str | None = None, category=None, tag=None, year: int | None = None
) -> QuerySet[Article]:
    """Public cards, newest first. Cards show the category but neither tags nor the body."""
    articles = Article.objects.public().select_related("category").only(*CARD_FIELDS)
    if kind:
        articles = articles.filter(kind=kind)
    if category is not None:
        articles = articles.filter(category=category)
    if tag is not None:
        articles = articles.filter(tags=tag)
    if year:
        articles = articles.filter(publish_at__year=year)
    return articles


def press_releases_public(limit: int) -> list[PressRelease]:
    """The press room's provider (humas_portal/press_room.py): the ``limit`` newest public
    press releases, one query."""
    prefix = article_path_prefix()
    releases = (
        Article.objects.public()
        .filter(kind=ArticleKind.PRESS_RELEASE)
        .order_by("-publish_at", "-id")
        .only("title", "slug", "publish_at")[:limit]
    )
    return [
        PressRelease(title=article.title, url=prefix + article.slug + "/", date=article.publish_at)
        for article in releases
    ]


def article_years_public() -> list[int]:
    """Years that have public articles, newest first (the list page's year filter).

    Finding them reads every public row, so the answer is cached: the services that publish,
    schedule, edit or archive an article delete it on commit (``article_years_forget``). A
    scheduled article becomes public with no write, so the entry also holds the next scheduled
    time and is not used from then on; ``YEARS_CACHE_SECONDS`` bounds it otherwise.
    """
    now = timezone.now()
    cached = cache.get(YEARS_CACHE_KEY)
    if cached is not None:
        years, next_due = cached
        if next_due is None or now < next_due:
            return years
    years = [
        moment.year
        for moment in Article.objects.public(now=now).datetimes("publish_at", "year", "DESC")
    ]
    next_due = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    cache.set(YEARS_CACHE_KEY, (years, next_due), timeout=YEARS_CACHE_SECONDS)
    return years


def article_years_forget() -> None:
    """Called by the services whose change may add or remove a year, inside their transaction:
    the cached years go once it commits (an outage of the cache must not undo the change)."""
    transaction.on_commit(partial(cache.delete, YEARS_CACHE_KEY), robust=True)


def article_detail_public(slug: str) -> Article:
    """One public article with everything its page shows; raises Article.DoesNotExist."""
    return (
        Article.objects.public()
        .select_related("category")
        .prefetch_related("tags", "images", "attachments", "corrections")
        .get(slug=slug)
    )


def articles_related(article: Article, limit: int = 3) -> list[Article]:
    """The newest of the same category first, then the newest of all: always two queries.

    Each query reads the first rows of an index in order (category, status, publish_at for
    the first; status, publish_at for the second) and stops at ``limit``, so the cost does not
    grow with the archive. One query ordering everything by "same category" would sort every
    public article on each page view. Tags are not used: an article's tags are rows of the
    many-to-many table, which has no publication time to order by without sorting all the
    articles that share a tag.
    """
    same_category = list(
        article_list_public(category=article.category_id)
        .exclude(pk=article.pk)
        .order_by("-publish_at", "-id")[:limit]
    )
    shown = [article.pk, *(related.pk for related in same_category)]
    # Always asked, even when the category filled the list: the page costs the same queries
    # whatever the data.
    newest = article_list_public().exclude(pk__in=shown).order_by("-publish_at", "-id")[:limit]
    return with_urls((same_category + list(newest))[:limit])


def home_news_sections(latest: int = 6) -> dict:
    """The home page's headline (the newest public article) and the items after it."""
    articles = with_urls(article_list_public()[: latest + 1])
    return {"headline": articles[0] if articles else None, "latest": articles[1:]}


def _sources(text: str) -> list[dict]:
    """One source per line; a line that is a web address becomes a link."""
    sources = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            is_link = line.startswith(("https://", "http://")) and " " not in line
            sources.append({"text": line, "url": line if is_link else ""})
    return sources


def _absolute_media(file) -> str:
    return settings.PORTAL_BASE_URL + file.url if file else ""


def article_detail_context(article: Article) -> dict:
    """Everything the article template needs beyond the article itself.

    Used by the public article page and by the staff preview of unpublished articles, so it
    reads only the article (prefetched or not) and computes the rest.
    """
    office = office_profile_current()
    url = article_absolute_url(article.slug)
    publisher = {"@type": "Organization", "name": office.name, "url": settings.PORTAL_BASE_URL}
    cover_url = _absolute_media(article.cover)
    modified = max(article.updated_at, article.publish_at or article.updated_at)
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": Truncator(article.title).chars(110),
        "description": article.lead,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": iso_seconds(article.publish_at) or None,
        "dateModified": iso_seconds(modified),
        "inLanguage": "id",
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "author": publisher,
        "publisher": publisher,
    }
    if cover_url:
        news_article["image"] = [cover_url]
    structured = [news_article]

    clarification = None
    if article.kind == ArticleKind.HOAX_CLARIFICATION and article.verdict:
        verdict_label = article.get_verdict_display()
        structured.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": url,
                "claimReviewed": article.claim,
                "datePublished": news_article["datePublished"],
                "author": publisher,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": VERDICT_RATING[article.verdict],
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": verdict_label,
                },
                "itemReviewed": {"@type": "Claim", "name": article.claim},
            }
        )
        share_text = _("[%(verdict)s] %(claim)s — Faktanya: %(lead)s %(url)s") % {
            "verdict": verdict_label,
            "claim": Truncator(article.claim).chars(280),
            "lead": article.lead,
            "url": url,
        }
        clarification = {
            "verdict_label": verdict_label,
            "is_fact": article.verdict == Verdict.FACT,
            "sources": _sources(article.sources),
            "whatsapp_url": "https://wa.me/?text=" + quote(share_text),
        }

    publish_at = article.publish_at
    show_updated = publish_at is not None and article.updated_at - publish_at > UPDATE_SHOWN_AFTER
    return {
        "article": article,
        "canonical_url": url,
        "cover_url": cover_url,
        "body_html": body_html(article.body),
        "reading_minutes": reading_minutes(article.lead, article.body),
        "show_updated": show_updated,
        "kind_slug": kind_slug(article.kind),
        "share_links": share_links(url=url, title=article.title),
        "clarification": clarification,
        "structured_data": json_ld(structured[0] if len(structured) == 1 else structured),
        "related": articles_related(article),
    }


class AnyOfSubquery(Func):
    """``expression = ANY(ARRAY(subquery))``: unlike ``IN (subquery)``, which the planner may
    join or run once per row, the subquery runs once, planned on its own (an InitPlan)."""

    arg_joiner = " = ANY(ARRAY"
    template = "%(expressions)s)"
    output_field = BooleanField()


def article_document() -> CombinedSearchVector:
    """An article's full-text document: title (weight A), lead and claim (B), body (C).

    Django compiles this to exactly the expression of the GIN index that the migration
    news.0004_article_search_index creates (PostgreSQL uses it only for that same expression):
    change both together.
    """
    return article_headline() + SearchVector("body", weight="C", config=SEARCH_CONFIG)


def article_headline() -> CombinedSearchVector:
    """The ranking's document: the document without the body (title A, lead and claim B). A
    body is most of an article's text, so computing this costs a fraction of the whole."""
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "lead", "claim", weight="B", config=SEARCH_CONFIG
    )


def article_search_public(query: str, limit: int) -> list[SearchHit]:
    """The news search provider: of the public articles matching the query, the ``limit``
    newest, best first (one query).

    On PostgreSQL the matches come from the GIN index alone, as ``id = ANY(ARRAY(subquery))``:
    the subquery has no other condition and runs once, planned on its own. In a join the
    planner would rather walk the (status, publish_at) index newest first and compute each
    row's whole document to test it (~0.4 ms a row at 5,000 articles), or, without statistics,
    run the subquery again for each row. Even alone it prices the index's recheck as if every
    document were computed, so it prefers a sequential scan for a word found in most articles
    (1.7 s): run the provider inside ``humas_portal.search.search_answer``, which disables
    sequential scans for the search's transaction. The outer query reads the matches by
    primary key, sorts their dates (a top-N sort) and ranks the newest ``limit`` only, by their
    headline: the body is left out of the ranking.
    """
    articles = article_list_public()
    if full_text_available():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        matches = Subquery(
            Article.objects.annotate(document=article_document())
            .filter(document=search_query)
            .order_by()
            .values("pk")
        )
        articles = sorted(
            articles.filter(AnyOfSubquery(F("pk"), matches))
            .annotate(rank=SearchRank(article_headline(), search_query))
            .order_by("-publish_at", "-id")[:limit],
            # Stable: equal ranks stay newest first.
            key=lambda article: article.rank,
            reverse=True,
        )
    else:
        for term in query.split()[:10]:
            articles = articles.filter(
                Q(title__icontains=term)
                | Q(lead__icontains=term)
                | Q(claim__icontains=term)
                | Q(body__icontains=term)
            )
        articles = articles[:limit]
    prefix = article_path_prefix()
    # Translated once per search, not once per hit (get_kind_display translates every choice).
    kind_labels = {kind: str(label) for kind, label in ArticleKind.choices}
    return [
        SearchHit(
            title=article.title,
            url=prefix + article.slug + "/",
            summary=Truncator(article.lead).words(40),
            section=kind_labels[article.kind],
            date=article.publish_at,
            rank=getattr(article, "rank", 0.0),
        )
        for article in articles
    ]


def article_search_words() -> QuerySet:
    """The documents the search's typo suggestions take their words from: every public
    article's (the word list keeps the most frequent, humas_portal.search)."""
    return (
        Article.objects.public()
        .annotate(document=article_document())
        .order_by()
        .values_list("document", flat=True)
    )
