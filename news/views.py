"""Public news pages: the list (with its filters), category and tag lists, and the article."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from humas_portal.page_cache import cache_public_page
from news.models import Article, Category, Tag
from news.selectors import (
    KIND_SLUGS,
    article_detail_context,
    article_detail_public,
    article_list_public,
    article_years_public,
    kind_from_slug,
    with_urls,
)

PER_PAGE = 12
# The parameters the list pages read (_list_filters, the paginator).
LIST_QUERY = ("jenis", "tahun", "halaman")


def _list_filters(query: QueryDict) -> dict:
    """?jenis= and ?tahun=: empty means "all"; anything else unknown is a 404, never a 500."""
    filters = {"kind": None, "year": None}
    kind = query.get("jenis", "")
    if kind:
        filters["kind"] = kind_from_slug(kind)
        if filters["kind"] is None:
            raise Http404(_("Jenis berita tidak dikenal."))
    year = query.get("tahun", "")
    if year:
        if not (year.isascii() and year.isdigit() and len(year) == 4):
            raise Http404(_("Tahun tidak dikenal."))
        filters["year"] = int(year)
    return filters


def _list_query(query: QueryDict, page_number: int) -> str:
    """The list's own parameters in a fixed order, the first page without ?halaman=: one
    address per page, whatever else (tracking parameters, ?halaman=01) was in the link."""
    params = [(name, query.get(name, "")) for name in ("jenis", "tahun")]
    if page_number > 1:
        params.append(("halaman", str(page_number)))
    encoded = urlencode([(name, value) for name, value in params if value])
    return "?" + encoded if encoded else ""


def _render_list(request: HttpRequest, *, heading: str, category=None, tag=None) -> HttpResponse:
    filters = _list_filters(request.GET)
    if request.GET.get("halaman") == "1":
        # The first page is the list itself (the pagination links to it with ?halaman=1).
        return HttpResponsePermanentRedirect(request.path + _list_query(request.GET, 1))
    articles = article_list_public(category=category, tag=tag, **filters)
    page = Paginator(articles, PER_PAGE).get_page(request.GET.get("halaman"))
    page.object_list = with_urls(page.object_list)
    canonical_url = settings.PORTAL_BASE_URL + request.path + _list_query(request.GET, page.number)
    return render(
        request,
        "news/article_list.html",
        {
            "heading": heading,
            "canonical_url": canonical_url,
            "page": page,
            "category": category,
            "tag": tag,
            "kinds": [(slug, kind.label) for slug, kind in KIND_SLUGS.items()],
            "years": article_years_public(),
            "selected_kind": request.GET.get("jenis", ""),
            "selected_year": filters["year"],
        },
    )


@cache_public_page(query=LIST_QUERY)
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request, heading=_("Berita dan Siaran Pers"))


@cache_public_page(query=LIST_QUERY)
@require_GET
def category_list(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    heading = _("Kategori: %(name)s") % {"name": category.name}
    return _render_list(request, heading=heading, category=category)


@cache_public_page(query=LIST_QUERY)
@require_GET
def tag_list(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _render_list(request, heading=_("Tag: %(name)s") % {"name": tag.name}, tag=tag)


@cache_public_page
@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        article = article_detail_public(slug)
    except Article.DoesNotExist:
        raise Http404(_("Artikel tidak ditemukan.")) from None
    return render(request, "news/article_detail.html", article_detail_context(article))
