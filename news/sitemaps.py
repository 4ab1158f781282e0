from django.db.models import Max
from django.db.models.functions import Greatest
from django.utils.functional import cached_property

from humas_portal.sitemaps import PortalSitemap
from news.selectors import article_list_public, article_path_prefix


class ArticleSitemap(PortalSitemap):
    """Public articles only: the same rule as the pages, so a scheduled one appears on time."""

    changefreq = "weekly"

    def items(self):
        # Oldest first: a new article lands on the last page, and the other pages keep their
        # URLs (and their cached copies) until an article is archived.
        return (
            article_list_public()
            .select_related(None)
            .only("slug", "publish_at", "updated_at")
            .order_by("publish_at", "id")
        )

    def location(self, article) -> str:
        return self.prefix + article.slug + "/"

    def lastmod(self, article):
        # An article edited while scheduled was last modified, for readers, when it appeared.
        return max(article.updated_at, article.publish_at)

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max(Greatest("updated_at", "publish_at")))["latest"]

    @cached_property
    def prefix(self) -> str:
        # The sitemap view makes an instance per request: one reversal, not one per article.
        return article_path_prefix()
