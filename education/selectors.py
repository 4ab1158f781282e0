"""Reads of education items for the public pages, feeds, sitemap, search and the stage
timeline.

Every public read starts from ``EducationItem.objects.public()``: an item is visible when it
is published and its ``publish_at`` has passed, whatever any job has or has not done yet.
Lists show originals only (``version_of`` empty); an item's other languages and reading levels
are reached from its own page (``item_versions_public``).

Query costs (the pages pin them): a list is its query plus one per prefetched relation
(segments, themes), whatever the number of items, segments or themes; a detail is one query
plus its prefetches; ``items_related`` is always two queries.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.search import (
    CombinedSearchVector,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from education.models import (
    ContentLanguage,
    EducationItem,
    ItemFormat,
    ReadingLevel,
    Segment,
    Theme,
)
from humas_portal.richtext import body_html, json_ld, share_links
from humas_portal.search import SEARCH_CONFIG, SearchHit, full_text_available
from humas_portal.siteprofile.selectors import office_profile_current
from humas_portal.templatetags.portal import iso_seconds

# What a card shows (list, segment page, related, stage timeline, feeds, search): never the
# body, the transcript or the files of the item page.
CARD_FIELDS = (
    "id",
    "title",
    "slug",
    "format",
    "lead",
    "easy_read",
    "image",
    "image_small",
    "image_width",
    "image_height",
    "image_alt",
    "language",
    "reading_level",
    "stage_id",
    "publish_at",
    "updated_at",
)


def _segments_prefetch() -> Prefetch:
    return Prefetch("segments", queryset=Segment.objects.only("id", "name", "slug", "order"))


def _themes_prefetch() -> Prefetch:
    return Prefetch("themes", queryset=Theme.objects.only("id", "name", "slug", "order"))


def item_path_prefix() -> str:
    """The item path without its slug, reversed once per page: no ``{% url %}`` per card."""
    return reverse("education:item_detail", kwargs={"slug": "-"})[:-2]


def item_absolute_url(slug: str) -> str:
    return settings.PORTAL_BASE_URL + item_path_prefix() + slug + "/"


def with_urls(items) -> list[EducationItem]:
    """Give each item its ``url`` (path), built from one reversed prefix."""
    prefix = item_path_prefix()
    items = list(items)
    for item in items:
        item.url = prefix + item.slug + "/"
    return items


def _cards(queryset: QuerySet) -> QuerySet:
    return queryset.only(*CARD_FIELDS).prefetch_related(_segments_prefetch(), _themes_prefetch())


def item_list_public(
    *, segment: Segment | int | None = None, theme: Theme | int | None = None, format: str = ""
) -> QuerySet[EducationItem]:
    """Public original items as cards, newest first, each with its segments and themes
    prefetched (ordered by their ``order``): three queries for any page of it.

    ``segment`` and ``theme`` are instances or ids; ``format`` an ``ItemFormat`` value (an
    unknown one finds nothing: the caller validates what a visitor typed). Filters combine
    with AND.
    """
    items = _cards(EducationItem.objects.public().filter(version_of__isnull=True))
    if segment is not None:
        items = items.filter(segments=segment)
    if theme is not None:
        items = items.filter(themes=theme)
    if format:
        items = items.filter(format=format)
    return items


def segments_all() -> QuerySet[Segment]:
    """Every segment in order: the filter's choices and the links to the segment pages."""
    return Segment.objects.all()


def themes_all() -> QuerySet[Theme]:
    return Theme.objects.all()


def segment_get(slug: str) -> Segment:
    """The segment of /edukasi/untuk/<slug>/; raises Segment.DoesNotExist."""
    return Segment.objects.get(slug=slug)


def item_detail_public(slug: str) -> EducationItem:
    """One public item with everything its page shows (segments, themes, its stage and that
    stage's election); raises EducationItem.DoesNotExist."""
    return (
        EducationItem.objects.public()
        .select_related("stage__election")
        .prefetch_related(_segments_prefetch(), _themes_prefetch())
        .get(slug=slug)
    )


def item_versions_public(item: EducationItem) -> list[EducationItem]:
    """The other public versions of the same content (the original and its versions, without
    ``item``), originals first: one query. Each has ``url``; their ``language`` gives the link's
    ``hreflang`` and ``lang``."""
    root = item.version_of_id or item.pk
    versions = (
        EducationItem.objects.public()
        .filter(Q(pk=root) | Q(version_of=root))
        .exclude(pk=item.pk)
        .only("id", "title", "slug", "language", "reading_level", "version_of_id")
        .order_by("version_of_id", "language", "reading_level")
    )
    # Nulls (the original) sort last on PostgreSQL and first on SQLite: put it first here.
    return with_urls(sorted(versions, key=lambda version: version.version_of_id is not None))


def items_related(item: EducationItem, limit: int = 3) -> list[EducationItem]:
    """The newest public originals sharing a segment or a theme with ``item``, then the newest
    of all to fill ``limit``: always two queries, neither reading the whole archive.

    "Shares a segment or theme" is an EXISTS per candidate row, so PostgreSQL walks the
    (status, publish_at) index from the newest and stops at ``limit`` matches, instead of
    joining and sorting every item of a popular segment. ``item``'s segments and themes are
    read from its prefetch (item_detail_public) when there is one. No related item shares
    the page with one of its own versions.
    """
    segment_ids = [segment.pk for segment in item.segments.all()]
    theme_ids = [theme.pk for theme in item.themes.all()]
    family = item.version_of_id or item.pk
    segment_link = EducationItem.segments.through.objects.filter(
        educationitem_id=OuterRef("pk"), segment_id__in=segment_ids
    )
    theme_link = EducationItem.themes.through.objects.filter(
        educationitem_id=OuterRef("pk"), theme_id__in=theme_ids
    )
    others = EducationItem.objects.public().filter(version_of__isnull=True).exclude(pk=family)
    sharing = list(
        others.filter(Exists(segment_link) | Exists(theme_link))
        .only(*CARD_FIELDS)
        .order_by("-publish_at", "-id")[:limit]
    )
    shown = [family, *(related.pk for related in sharing)]
    # Always asked, even when sharing filled the list: the page costs the same whatever the data.
    newest = (
        EducationItem.objects.public()
        .filter(version_of__isnull=True)
        .exclude(pk__in=shown)
        .only(*CARD_FIELDS)
        .order_by("-publish_at", "-id")[:limit]
    )
    return with_urls((sharing + list(newest))[:limit])


def items_for_stage(stage_ids) -> QuerySet[EducationItem]:
    """Public original items linked to any of ``stage_ids``, as cards, by stage and then
    newest first: one query plus the prefetches, whatever the number of stages (the timeline
    groups them by ``stage_id``)."""
    return (
        _cards(EducationItem.objects.public().filter(version_of__isnull=True))
        .filter(stage_id__in=list(stage_ids))
        .order_by("stage_id", "-publish_at", "-id")
    )


# --- Search ---------------------------------------------------------------------------------


def item_document() -> CombinedSearchVector:
    """An item's full-text document: title (weight A), card lead and easy-read summary (B),
    body, infographic description and transcript (C).

    Django compiles this to exactly the expression of the GIN index that the migration
    education.0002_item_search_index creates (PostgreSQL uses it only for that same
    expression): change both together.
    """
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("lead", "easy_read", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", "image_description", "transcript", weight="C", config=SEARCH_CONFIG)
    )


def item_search_public(query: str, limit: int) -> list[SearchHit]:
    """The education search provider: of the public items (versions too: a Javanese reader
    searches in Javanese) matching the query, the ``limit`` newest, best first; one query.

    As news: on PostgreSQL the match goes through the GIN index and only the newest ``limit``
    matches are ranked; on SQLite a substring match per word.
    """
    items = EducationItem.objects.public().only(*CARD_FIELDS)
    if full_text_available():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        newest_matches = (
            EducationItem.objects.public()
            .annotate(search_document=item_document())
            .filter(search_document=search_query)
            .order_by("-publish_at", "-id")
            .values("pk")[:limit]
        )
        items = (
            items.filter(pk__in=newest_matches)
            .annotate(rank=SearchRank(item_document(), search_query))
            .order_by("-rank", "-publish_at", "-id")
        )
    else:
        for term in query.split()[:10]:
            items = items.filter(
                Q(title__icontains=term)
                | Q(lead__icontains=term)
                | Q(easy_read__icontains=term)
                | Q(body__icontains=term)
                | Q(image_description__icontains=term)
                | Q(transcript__icontains=term)
            )
    prefix = item_path_prefix()
    return [
        SearchHit(
            title=item.title,
            url=prefix + item.slug + "/",
            summary=Truncator(item.lead).words(40),
            section="%s · %s" % (_("Edukasi"), ItemFormat(item.format).label),
            date=item.publish_at,
            rank=getattr(item, "rank", 0.0),
            language="" if item.language == ContentLanguage.INDONESIAN else item.language,
        )
        for item in items[:limit]
    ]


def item_search_words() -> QuerySet:
    """The documents the search's typo suggestions take their words from: every public
    item's."""
    return (
        EducationItem.objects.public()
        .annotate(search_document=item_document())
        .order_by()
        .values_list("search_document", flat=True)
    )


# --- Public pages (G2): filters, cards, the item page's context ---------------------------

# Indonesian words for the formats in addresses (?format=); stored values are English.
FORMAT_SLUGS = {
    "artikel": ItemFormat.ARTICLE,
    "infografis": ItemFormat.INFOGRAPHIC,
    "video": ItemFormat.VIDEO,
    "dokumen": ItemFormat.DOCUMENT,
}
# The only origin an item page may frame, and only once the visitor has pressed play.
YOUTUBE_EMBED_ORIGIN = "https://www.youtube-nocookie.com"


def segments_with_urls(segments) -> list[Segment]:
    """Give each segment its page's ``url``, built from one reversed prefix."""
    prefix = reverse("education:segment", kwargs={"slug": "-"})[:-2]
    segments = list(segments)
    for segment in segments:
        segment.url = prefix + segment.slug + "/"
    return segments


def lang_attribute(language: str) -> str:
    """`` lang="jv"`` for an element holding an item's text when that is not the language of
    the interface around it (Indonesian content under the English switch, a Javanese version
    anywhere); nothing when they agree."""
    if language == get_language():
        return ""
    return format_html(' lang="{}"', language)


def with_card_labels(items) -> list[EducationItem]:
    """``with_urls``, and what a card or version link shows beyond the fields: ``lang_attr``,
    and the labels of a language or reading level other than the usual ones (Indonesian,
    general), which a reader looking for them needs to see."""
    items = with_urls(items)
    for item in items:
        item.lang_attr = lang_attribute(item.language)
        item.language_label = (
            item.get_language_display() if item.language != ContentLanguage.INDONESIAN else ""
        )
        item.reading_level_label = (
            item.get_reading_level_display() if item.reading_level != ReadingLevel.GENERAL else ""
        )
    return items


def _absolute_media(file) -> str:
    return settings.PORTAL_BASE_URL + file.url if file else ""


def _youtube_links(youtube_id: str) -> dict:
    return {
        "embed_url": "%s/embed/%s?autoplay=1" % (YOUTUBE_EMBED_ORIGIN, youtube_id),
        "watch_url": "https://www.youtube.com/watch?" + urlencode({"v": youtube_id}),
    }


def item_detail_context(item: EducationItem) -> dict:
    """Everything the item page needs beyond the item (``item_detail_public``, with its
    segments and themes prefetched): versions, related items, JSON-LD, Open Graph, sharing."""
    office = office_profile_current()
    url = item_absolute_url(item.slug)
    segments = segments_with_urls(item.segments.all())
    themes = list(item.themes.all())
    with_card_labels([item])
    versions = with_card_labels(item_versions_public(item))
    for version in versions:
        # What tells the versions apart: the language, and the reading level when it is not
        # the usual one.
        version.version_label = version.get_language_display()
        if version.reading_level != ReadingLevel.GENERAL:
            version.version_label += ", " + version.get_reading_level_display().lower()
    image_url = _absolute_media(item.image)
    youtube = _youtube_links(item.youtube_id) if item.youtube_id else None
    publisher = {"@type": "Organization", "name": office.name, "url": settings.PORTAL_BASE_URL}
    resource = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": item.title,
        "description": item.lead,
        "abstract": item.easy_read,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": item.language,
        "learningResourceType": item.get_format_display(),
        "educationalLevel": item.get_reading_level_display(),
        "audience": [{"@type": "Audience", "audienceType": segment.name} for segment in segments],
        "about": [{"@type": "Thing", "name": theme.name} for theme in themes],
        "isAccessibleForFree": True,
        "datePublished": iso_seconds(item.publish_at) or None,
        "dateModified": iso_seconds(max(item.updated_at, item.publish_at or item.updated_at)),
        "author": publisher,
        "publisher": publisher,
    }
    if image_url:
        resource["image"] = [image_url]
    original = next((version for version in versions if version.pk == item.version_of_id), None)
    if original is not None:
        resource["isBasedOn"] = settings.PORTAL_BASE_URL + original.url
    if item.format == ItemFormat.VIDEO:
        resource["video"] = {
            "@type": "VideoObject",
            "name": item.title,
            "description": item.lead,
            "thumbnailUrl": image_url or None,
            "uploadDate": resource["datePublished"],
            "transcript": item.transcript,
            **(
                {"embedUrl": youtube["embed_url"]}
                if youtube
                else {"contentUrl": _absolute_media(item.video)}
            ),
        }
    if item.format == ItemFormat.DOCUMENT and item.document:
        resource["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": _absolute_media(item.document),
            "encodingFormat": "application/pdf",
            "contentSize": "%d" % (item.document_size or 0),
        }
    return {
        "item": item,
        "canonical_url": url,
        "og_locale": "%s_ID" % item.language,
        "image_url": image_url,
        "segments": segments,
        "themes": themes,
        "formats": ItemFormat,
        "youtube": youtube,
        # One short sentence a line, as the editors write it: a list reads easiest.
        "easy_read_lines": [line.strip() for line in item.easy_read.splitlines() if line.strip()],
        "body_html": body_html(item.body),
        "share_links": share_links(url=url, title=item.title),
        "structured_data": json_ld(resource),
        "versions": versions,
        "related": with_card_labels(items_related(item)),
    }
