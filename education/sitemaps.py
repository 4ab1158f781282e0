from django.db.models import Max
from django.db.models.functions import Greatest
from django.utils.functional import cached_property

from education.models import EducationItem
from education.selectors import item_path_prefix
from humas_portal.sitemaps import PortalSitemap


class EducationItemSitemap(PortalSitemap):
    """Public items, versions included (each is a page of its own); paged like news."""

    changefreq = "monthly"

    def items(self):
        # Oldest first: a new item lands on the last page, the others keep their URLs.
        return (
            EducationItem.objects.public()
            .only("slug", "publish_at", "updated_at")
            .order_by("publish_at", "id")
        )

    def location(self, item) -> str:
        return self.prefix + item.slug + "/"

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max(Greatest("updated_at", "publish_at")))["latest"]

    @cached_property
    def prefix(self) -> str:
        # One reversal per request, not one per item.
        return item_path_prefix()
