from django.conf import settings
from django.contrib.sitemaps.views import sitemap, x_robots_tag
from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from humas_portal.health import health_report
from humas_portal.home import home_sections_context
from humas_portal.page_cache import cache_public_page, query_words
from humas_portal.search import SearchForm, search_answer, search_ways_forward
from humas_portal.sitemaps import sitemap_index_items, sitemaps_registered
from humas_portal.siteprofile.selectors import office_region_summary

SEARCH_PER_PAGE = 10


@cache_public_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"region_summary": office_region_summary(), "sections": home_sections_context()},
    )


@cache_public_page(query=("q", "halaman"), normalise={"q": query_words})
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"form": form, "query": query, "page": None}
    if query:
        answer = search_answer(query)
        page = Paginator(answer.hits, SEARCH_PER_PAGE).get_page(request.GET.get("halaman"))
        context.update(page=page, suggestion=answer.suggestion, timed_out=answer.timed_out)
        if not answer.hits:
            # A search that finds nothing, or gave up, still leads somewhere.
            context["ways_forward"] = search_ways_forward()
    response = render(request, "search.html", context)
    if context.get("timed_out"):
        # A search that gave up under load is not the answer to keep for everyone.
        add_never_cache_headers(response)
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=503 if report["status"] == "down" else 200)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /", "", "Sitemap: %s/sitemap.xml" % settings.PORTAL_BASE_URL]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers, feed readers and bots ask for /favicon.ico whatever the page links: the icon
    every page names in its <link rel="icon">."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@cache_public_page
@require_GET
@x_robots_tag
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": sitemap_index_items()},
        content_type="application/xml",
    )


@cache_public_page(query=("p",))
@require_GET
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    # The registry is read per request: apps register their sitemaps in ready(), which may run
    # after this module is imported. An unknown section or page is a 404 (Django's view).
    # sitemap_section.xml: Django's sitemap.xml with the URL loop in Python (the same bytes).
    return sitemap(
        request,
        sitemaps=sitemaps_registered(),
        section=section,
        template_name="sitemap_section.xml",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: an app's own ``<namespace>/500.html`` within its pages, if it has one (the
    complaint desk says a complaint may be saved already), else ``500.html``.

    Rendered without context, as Django's own handler does: the database or a context
    processor may be what failed.
    """
    match = request.resolver_match
    names = ["%s/500.html" % match.namespace] if match and match.namespace else []
    return HttpResponseServerError(loader.select_template([*names, "500.html"]).render())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
