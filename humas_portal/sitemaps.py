"""The sitemap: each app registers its sections and its fixed pages in its AppConfig.ready();
the views read the registry on every request.

/sitemap.xml is an index (what robots.txt names): one entry per page of each section,
/sitemap-<section>.xml?p=N, SITEMAP_PAGE_SIZE URLs a page. So no response grows with the
archive, and each costs the same few queries: the index a COUNT (and a latest-change
aggregate) per section, a page a COUNT and one LIMIT/OFFSET slice (Django's paginator).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.contrib.sitemaps.views import SitemapIndexItem
from django.urls import reverse

# URLs per section page. The protocol allows 50,000; a smaller page keeps each response small
# to build, cache and compress, and the index short enough (5,000 articles: 5 pages).
SITEMAP_PAGE_SIZE = 1000


class PortalSitemap(sitemaps.Sitemap):
    """Absolute URLs from PORTAL_BASE_URL, never from the request's Host header.

    A section with a ``lastmod`` method over a queryset overrides ``get_latest_lastmod`` with
    one aggregate: Django's default calls ``lastmod`` on every item, the whole archive.
    """

    limit = SITEMAP_PAGE_SIZE

    @property
    def protocol(self) -> str:
        return urlsplit(settings.PORTAL_BASE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.PORTAL_BASE_URL).netloc


@dataclass(frozen=True)
class SitemapEntry:
    name: str
    sitemap: type[sitemaps.Sitemap]
    order: int


@dataclass(frozen=True)
class SitemapPage:
    url_name: str
    order: int


_sitemaps: dict[str, SitemapEntry] = {}
_pages: dict[str, SitemapPage] = {}


def sitemap_register(*, name: str, sitemap: type[sitemaps.Sitemap], order: int) -> None:
    """Add a section of the sitemap; registering the same name twice replaces it."""
    _sitemaps[name] = SitemapEntry(name=name, sitemap=sitemap, order=order)


def sitemap_page_register(*, url_name: str, order: int) -> None:
    """Add a fixed page (a URL name without arguments) to the "pages" section."""
    _pages[url_name] = SitemapPage(url_name=url_name, order=order)


def sitemap_pages() -> list[SitemapPage]:
    return sorted(_pages.values(), key=lambda page: (page.order, page.url_name))


def sitemaps_registered() -> dict[str, type[sitemaps.Sitemap]]:
    """The sections in order, as django.contrib.sitemaps' view takes them."""
    entries = sorted(_sitemaps.values(), key=lambda entry: (entry.order, entry.name))
    return {entry.name: entry.sitemap for entry in entries}


def sitemap_index_items() -> list[SitemapIndexItem]:
    """The index's entries: every page of every section, with the section's latest change
    when it has one. Django's own index view takes the domain from the request's Host."""
    items = []
    for name, sitemap_class in sitemaps_registered().items():
        sitemap = sitemap_class()
        location = settings.PORTAL_BASE_URL + reverse("sitemap_section", kwargs={"section": name})
        lastmod = sitemap.get_latest_lastmod()
        items.extend(
            SitemapIndexItem(location if page == 1 else "%s?p=%d" % (location, page), lastmod)
            for page in sitemap.paginator.page_range
        )
    return items


class StaticPagesSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return [page.url_name for page in sitemap_pages()]

    def location(self, item: str) -> str:
        return reverse(item)
