from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse
from django.utils.functional import cached_property

from news.selectors import article_list_public, article_path_prefix


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
        return ["home", "news:article_list"]

    def location(self, item: str) -> str:
        return reverse(item)


class ArticleSitemap(PortalSitemap):
    """Public articles only: the same rule as the pages, so a scheduled one appears on time."""

    changefreq = "weekly"

    def items(self):
        return article_list_public().select_related(None).only("slug", "publish_at", "updated_at")

    def location(self, article) -> str:
        return self.prefix + article.slug + "/"

    def lastmod(self, article):
        # An article edited while scheduled was last modified, for readers, when it appeared.
        return max(article.updated_at, article.publish_at)

    @cached_property
    def prefix(self) -> str:
        # The sitemap view makes an instance per request: one reversal, not one per article.
        return article_path_prefix()


SITEMAPS: dict[str, type[sitemaps.Sitemap]] = {
    "pages": StaticPagesSitemap,
    "articles": ArticleSitemap,
}
