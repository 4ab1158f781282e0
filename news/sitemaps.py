from django.utils.functional import cached_property

from humas_portal.sitemaps import PortalSitemap
from news.selectors import article_list_public, article_path_prefix


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
