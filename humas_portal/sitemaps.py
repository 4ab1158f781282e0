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


class StaticPagesSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["home"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[sitemaps.Sitemap]] = {"pages": StaticPagesSitemap}
