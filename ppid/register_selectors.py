"""Reads of the register of public information (Daftar Informasi Publik) for its pages, the CSV,
the search, the sitemap and the page cache.

Every public read starts from ``InformationEntry.objects.public()`` (published entries). An
exempt entry is read like any other: it holds no document and no link (a database constraint),
and the pages show its ground and the date of its consequence test instead.

Query costs (tests/ppid/test_register_pages.py pins them): the register page is three queries
(the years for the filter, the count, the page), an entry one, the CSV one, whatever the number
of entries.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Case, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from humas_portal.search import SEARCH_CONFIG, SearchHit, full_text_available
from ppid.models import InformationCategory, InformationEntry

# What the register's list, the CSV and the search show: everything but the bookkeeping.
LIST_FIELDS = (
    "id",
    "title",
    "slug",
    "summary",
    "category",
    "responsible_unit",
    "format",
    "period",
    "year",
    "document",
    "document_size",
    "link",
    "exempt_ground",
    "consequence_test_on",
    "updated_at",
)

CATEGORY_ORDER = (
    InformationCategory.PERIODIC,
    InformationCategory.IMMEDIATE,
    InformationCategory.ANY_TIME,
    InformationCategory.EXEMPT,
)
# The categories as they appear in addresses (?kategori=serta-merta); stored values use "_".
CATEGORY_SLUGS = {value.replace("_", "-"): value for value in InformationCategory.values}


def category_slug(category: str) -> str:
    return category.replace("_", "-")


def entry_path_prefix() -> str:
    """The entry path without its slug, reversed once per page: no ``{% url %}`` per row."""
    return reverse("ppid:entry", kwargs={"slug": "-"})[:-2]


def with_urls(entries) -> list[InformationEntry]:
    """Give each entry its ``url`` (path), built from one reversed prefix."""
    prefix = entry_path_prefix()
    entries = list(entries)
    for entry in entries:
        entry.url = prefix + entry.slug + "/"
    return entries


def service_links() -> dict[str, str]:
    """The request desk, its tracking and the annual report."""
    return {
        "request": reverse("ppid:request"),
        "track": reverse("ppid:track"),
        "report": reverse("ppid:report"),
    }


def home_section() -> dict:
    """The home page's link block: the register and the request desk, no query."""
    return {"index_url": reverse("ppid:index"), "links": service_links()}


def entry_list_public(*, category: str = "", year: int | None = None) -> QuerySet:
    """Published entries in the register's order (category in the order of the law, newest
    year, title): one query for any slice. ``category`` is an ``InformationCategory`` value;
    the caller validates what a visitor typed."""
    entries = InformationEntry.objects.public().only(*LIST_FIELDS)
    if category:
        entries = entries.filter(category=category)
    if year is not None:
        entries = entries.filter(year=year)
    return entries.order_by(_category_rank(), "-year", "title", "id")


def _category_rank() -> Case:
    # The order of the law (Pasal 9, 10, 11, 17), not the alphabet of the stored values.
    return Case(
        *(When(category=value, then=Value(rank)) for rank, value in enumerate(CATEGORY_ORDER)),
        default=Value(len(CATEGORY_ORDER)),
    )


def entry_years_public() -> list[int]:
    """The years that published entries cover, newest first: the year filter's choices."""
    return list(
        InformationEntry.objects.public()
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def entry_detail_public(slug: str) -> InformationEntry:
    """One published entry; raises InformationEntry.DoesNotExist (a draft too)."""
    return InformationEntry.objects.public().get(slug=slug)


def entry_csv_rows(entries) -> list[list]:
    """The CSV's rows: each entry's facts, the address of its page and of its document. An
    exempt entry's ground and date stand where the others' document or link would."""
    base = settings.PORTAL_BASE_URL
    rows = []
    for entry in with_urls(entries):
        rows.append(
            [
                entry.title,
                entry.get_category_display(),
                entry.summary,
                entry.responsible_unit,
                entry.format,
                entry.period,
                str(entry.year),
                entry.get_exempt_ground_display(),
                entry.consequence_test_on,
                base + entry.url,
                base + entry.document.url if entry.document else "",
                (base + entry.link if entry.link.startswith("/") else entry.link),
            ]
        )
    return rows


def entry_csv_header() -> list[str]:
    return [
        _("Judul"),
        _("Kategori"),
        _("Ringkasan"),
        _("Penanggung jawab"),
        _("Bentuk informasi"),
        _("Jangka waktu penyimpanan"),
        _("Tahun"),
        _("Dasar pengecualian"),
        _("Tanggal uji konsekuensi"),
        _("Halaman"),
        _("Dokumen"),
        _("Tautan"),
    ]


# --- Search ---------------------------------------------------------------------------------


def _entry_document() -> SearchVector:
    # No index of its own: a register holds tens to a few hundred entries (as Forum Media's
    # events), which PostgreSQL reads whole in well under a millisecond.
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("responsible_unit", "format", weight="C", config=SEARCH_CONFIG)
    )


def entry_search_public(query: str, limit: int) -> list[SearchHit]:
    """The search provider: published entries matching the query, best first; one query. An
    exempt entry is found by its title and summary like the others; its page says why its
    content is withheld."""
    entries = InformationEntry.objects.public().only("title", "slug", "summary", "category", "year")
    if full_text_available():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        entries = (
            entries.annotate(search_document=_entry_document())
            .filter(search_document=search_query)
            .annotate(rank=SearchRank(_entry_document(), search_query))
            .order_by("-rank", "-year", "title", "id")
        )
    else:
        for term in query.split()[:10]:
            entries = entries.filter(
                Q(title__icontains=term)
                | Q(summary__icontains=term)
                | Q(responsible_unit__icontains=term)
            )
        entries = entries.order_by("-year", "title", "id")
    prefix = entry_path_prefix()
    return [
        SearchHit(
            title=entry.title,
            url=prefix + entry.slug + "/",
            summary=Truncator(entry.summary).words(40),
            section="%s · %s · %s"
            % (_("Informasi Publik"), entry.get_category_display(), entry.year),
            date=None,
            rank=getattr(entry, "rank", 0.0),
        )
        for entry in entries[:limit]
    ]


def entry_search_words() -> QuerySet:
    """The documents the search's typo suggestions take their words from."""
    return (
        InformationEntry.objects.public()
        .annotate(search_document=_entry_document())
        .order_by()
        .values_list("search_document", flat=True)
    )


# --- Page cache -----------------------------------------------------------------------------


def entry_cached_pages(entry: InformationEntry) -> list[str]:
    """The cached pages that show an entry: the register (every filtered variant of it: one
    path), its own page, the sitemap index and its section, and the search."""
    return [
        reverse("ppid:index"),
        entry_path_prefix() + entry.slug + "/",
        reverse("sitemap"),
        reverse("sitemap_section", kwargs={"section": "informasi-publik"}),
        reverse("search"),
    ]
