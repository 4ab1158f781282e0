from django.db.models import Max
from django.utils.functional import cached_property

from humas_portal.sitemaps import PortalSitemap
from media_forum.models import Event
from media_forum.selectors import event_path_prefix


class EventSitemap(PortalSitemap):
    """Public events (cancelled and finished ones keep their page), oldest first: a new event
    lands on the last page and the others keep their place."""

    changefreq = "weekly"

    def items(self):
        return Event.objects.public().only("slug", "updated_at").order_by("starts_at", "id")

    def location(self, event) -> str:
        return self.prefix + event.slug + "/"

    def lastmod(self, event):
        return event.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    @cached_property
    def prefix(self) -> str:
        return event_path_prefix()
