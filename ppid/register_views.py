"""The register's public pages (ppid/register_urls.py): the register with its filters and the
service's introduction, an entry's page, and the register as CSV.

The filters are a plain GET form, so they work without JavaScript and a result has an address
to share. A value that names no category or no year of the register is answered with a page
that says so (404, so the page cache never keeps it), never a 500.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from humas_portal.exports import export_response
from humas_portal.page_cache import cache_public_page
from ppid.models import ANSWER_WORKING_DAYS, InformationCategory, InformationEntry
from ppid.register_selectors import (
    CATEGORY_SLUGS,
    category_slug,
    entry_csv_header,
    entry_csv_rows,
    entry_detail_public,
    entry_list_public,
    entry_years_public,
    service_links,
    with_urls,
)

PER_PAGE = 50
FILTERS = ("kategori", "tahun")
LIST_QUERY = (*FILTERS, "halaman")


class UnknownChoice(Exception):
    def __init__(self, label: str, value: str) -> None:
        super().__init__(value)
        self.label = label
        self.value = value


def _filters(request: HttpRequest, years: list[int]) -> tuple[str, int | None]:
    """The category value and the year the query names; empty or absent is "all". Raises
    UnknownChoice for anything else."""
    category = request.GET.get("kategori", "")
    if category:
        if category not in CATEGORY_SLUGS:
            raise UnknownChoice(_("Kategori"), category)
        category = CATEGORY_SLUGS[category]
    year_text = request.GET.get("tahun", "")
    year = None
    if year_text:
        if not (year_text.isascii() and year_text.isdigit() and int(year_text) in years):
            raise UnknownChoice(_("Tahun"), year_text)
        year = int(year_text)
    return category, year


def _encoded(params: list[tuple[str, str]]) -> str:
    return "?" + urlencode(params) if params else ""


@cache_public_page(query=LIST_QUERY)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The service's introduction and the register. A result has one address: parameters not
    in their canonical form (an empty choice as the form sends it, another order, ?halaman=1, a
    repeated parameter) are redirected there, so a shared link and the page cache see one
    address per result."""
    years = entry_years_public()
    try:
        category, year = _filters(request, years)
    except UnknownChoice as unknown:
        context = {"label": unknown.label, "value": unknown.value, "back_url": request.path}
        return render(request, "ppid/register/unknown_choice.html", context, status=404)

    page = Paginator(entry_list_public(category=category, year=year), PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    canonical = [(name, request.GET[name]) for name in FILTERS if request.GET.get(name)]
    if page.number > 1:
        canonical.append(("halaman", str(page.number)))
    given = [
        (name, value)
        for name, values in request.GET.lists()
        if name in LIST_QUERY
        for value in values
    ]
    if given != canonical:
        return HttpResponsePermanentRedirect(request.path + _encoded(canonical))

    page.object_list = with_urls(page.object_list)
    return render(
        request,
        "ppid/register/index.html",
        {
            "canonical_url": settings.PORTAL_BASE_URL + request.path + _encoded(canonical),
            "page": page,
            "categories": [
                (category_slug(value), label) for value, label in InformationCategory.choices
            ],
            "years": years,
            "selected": {name: request.GET.get(name, "") for name in FILTERS},
            "filtered": bool(category or year),
            "exempt": InformationCategory.EXEMPT,
            "links": service_links(),
            "answer_days": ANSWER_WORKING_DAYS,
        },
    )


@cache_public_page
@require_GET
def entry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        entry = entry_detail_public(slug)
    except InformationEntry.DoesNotExist:
        raise Http404(_("Informasi publik tidak ditemukan.")) from None
    return render(
        request,
        "ppid/register/entry_detail.html",
        {
            "entry": entry,
            "canonical_url": settings.PORTAL_BASE_URL + request.path,
            "category_url": "%s?kategori=%s"
            % (reverse("ppid:index"), category_slug(entry.category)),
            "link_is_external": entry.link.startswith("https://"),
            "links": service_links(),
        },
    )


@require_GET
def register_csv(request: HttpRequest) -> HttpResponse:
    """Every published entry, as the page lists them; formula-safe (humas_portal.exports)."""
    return export_response(
        rows=entry_csv_rows(entry_list_public()),
        header=entry_csv_header(),
        filename="daftar-informasi-publik",
        fmt="csv",
    )
