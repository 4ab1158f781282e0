from django.db.models import Max
from django.utils.functional import cached_property

from humas_portal.sitemaps import PortalSitemap
from ppid.models import InformationEntry
from ppid.register_selectors import entry_path_prefix


class InformationEntrySitemap(PortalSitemap):
    """Published entries of the register, exempt ones too: their page is the register's
    public statement of what is withheld and why."""

    changefreq = "monthly"

    def items(self):
        # Oldest first: a new entry lands on the last page, the others keep their URLs.
        return InformationEntry.objects.public().only("slug", "updated_at").order_by("id")

    def location(self, entry) -> str:
        return self.prefix + entry.slug + "/"

    def lastmod(self, entry):
        return entry.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    @cached_property
    def prefix(self) -> str:
        return entry_path_prefix()
