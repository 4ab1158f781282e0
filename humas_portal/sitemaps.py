"""The sitemap at /sitemap.xml: each app registers its sitemaps and its fixed pages in its
AppConfig.ready(); the view reads the registry on every request."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse


class PortalSitemap(sitemaps.Sitemap):
    """Absolute URLs from PORTAL_BASE_URL, never from the request's Host header."""

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


class StaticPagesSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return [page.url_name for page in sitemap_pages()]

    def location(self, item: str) -> str:
        return reverse(item)
