"""Public education pages: the list (filters by segment, theme and format), a page per segment,
and an item of any format."""

from urllib.parse import urlencode

from csp.decorators import csp_update
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from education.models import EducationItem
from education.selectors import (
    FORMAT_SLUGS,
    YOUTUBE_EMBED_ORIGIN,
    item_detail_context,
    item_detail_public,
    item_list_public,
    segments_all,
    segments_with_urls,
    themes_all,
    with_card_labels,
)
from humas_portal.page_cache import cache_public_page

PER_PAGE = 12
# Each list page's filters, in the order of its canonical address; then the page number.
LIST_FILTERS = ("segmen", "tema", "format")
SEGMENT_FILTERS = ("tema", "format")
LIST_QUERY = (*LIST_FILTERS, "halaman")
SEGMENT_QUERY = (*SEGMENT_FILTERS, "halaman")


class UnknownChoice(Exception):
    def __init__(self, label: str, value: str) -> None:
        super().__init__(value)
        self.label = label
        self.value = value


def _chosen(request: HttpRequest, name: str, options: dict, label: str):
    """The option a filter names, None for "all" (empty or absent); a value that names none
    is refused with a page that says which (404, so the page cache never keeps it)."""
    value = request.GET.get(name, "")
    if not value:
        return None
    if value not in options:
        raise UnknownChoice(label, value)
    return options[value]


def _encoded(params: list[tuple[str, str]]) -> str:
    return "?" + urlencode(params) if params else ""


def _render_list(
    request: HttpRequest, *, filters: tuple[str, ...], segment_slug: str | None = None
) -> HttpResponse:
    """The list and a segment's page. A result has one address: when the page's own parameters
    are not in their canonical form (an empty choice, as the form sends it; another order;
    ?halaman=1 or 01; a repeated parameter) the visitor is sent there, so a shared link and the
    page cache see one address per result."""
    segments = segments_with_urls(segments_all())
    by_slug = {segment.slug: segment for segment in segments}
    if segment_slug is not None and segment_slug not in by_slug:
        raise Http404(_("Kelompok tidak ditemukan."))
    themes = list(themes_all())
    try:
        if segment_slug is not None:
            segment = by_slug[segment_slug]
        else:
            segment = _chosen(request, "segmen", by_slug, _("Kelompok"))
        theme = _chosen(request, "tema", {t.slug: t for t in themes}, _("Tema"))
        item_format = _chosen(request, "format", FORMAT_SLUGS, _("Bentuk"))
    except UnknownChoice as unknown:
        context = {"label": unknown.label, "value": unknown.value, "back_url": request.path}
        return render(request, "education/unknown_choice.html", context, status=404)

    items = item_list_public(segment=segment, theme=theme, format=item_format or "")
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("halaman"))
    canonical = [(name, request.GET[name]) for name in filters if request.GET.get(name)]
    if page.number > 1:
        canonical.append(("halaman", str(page.number)))
    given = [
        (name, value)
        for name, values in request.GET.lists()
        if name in filters or name == "halaman"
        for value in values
    ]
    if given != canonical:
        return HttpResponsePermanentRedirect(request.path + _encoded(canonical))

    page.object_list = with_card_labels(page.object_list)
    return render(
        request,
        "education/item_list.html",
        {
            "heading": (
                _("Edukasi pemilu untuk %(segment)s") % {"segment": segment.name}
                if segment_slug
                else _("Edukasi Kepemiluan")
            ),
            "canonical_url": settings.PORTAL_BASE_URL + request.path + _encoded(canonical),
            "page": page,
            # The segment whose page this is; the list's segment filter is in "selected".
            "segment": segment if segment_slug else None,
            "segments": None if segment_slug else segments,
            "all_segments": segments,
            "themes": themes,
            "formats": [(slug, value.label) for slug, value in FORMAT_SLUGS.items()],
            "selected": {name: request.GET.get(name, "") for name in filters},
            "filtered": any(name in filters for name, _value in canonical),
        },
    )


@cache_public_page(query=LIST_QUERY)
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request, filters=LIST_FILTERS)


@cache_public_page(query=SEGMENT_QUERY)
@require_GET
def segment_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_list(request, filters=SEGMENT_FILTERS, segment_slug=slug)


# The YouTube player may be framed on item pages only, and the facade adds it only when the
# visitor presses play. Outside the page cache, so a cached page gets the header too.
@csp_update({"frame-src": [YOUTUBE_EMBED_ORIGIN]})
@cache_public_page
@require_GET
def item_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        item = item_detail_public(slug)
    except EducationItem.DoesNotExist:
        raise Http404(_("Materi edukasi tidak ditemukan.")) from None
    return render(request, "education/item_detail.html", item_detail_context(item))
