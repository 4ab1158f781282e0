"""RSS 2.0 and Atom feeds of public education items (originals; versions are linked from them).

Every link is absolute from PORTAL_BASE_URL, as in news.feeds.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from education.models import EducationItem
from education.selectors import item_absolute_url, item_list_public
from humas_portal.siteprofile.selectors import office_profile_current

FEED_ITEMS = 20


class EducationRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest) -> str:
        return request.path

    def title(self, path: str) -> str:
        return "%s · %s" % (_("Edukasi Kepemiluan"), office_profile_current().name)

    def description(self, path: str) -> str:
        return _("Materi edukasi pemilu dari %(office)s.") % {
            "office": office_profile_current().name
        }

    def link(self, path: str) -> str:
        return settings.PORTAL_BASE_URL + reverse("education:item_list")

    def feed_url(self, path: str) -> str:
        return settings.PORTAL_BASE_URL + path

    def items(self, path: str):
        return item_list_public()[:FEED_ITEMS]

    def item_title(self, item: EducationItem) -> str:
        return item.title

    def item_description(self, item: EducationItem) -> str:
        return item.lead

    def item_link(self, item: EducationItem) -> str:
        return item_absolute_url(item.slug)

    def item_pubdate(self, item: EducationItem):
        return item.publish_at

    def item_updateddate(self, item: EducationItem):
        return max(item.updated_at, item.publish_at)

    def item_categories(self, item: EducationItem) -> list[str]:
        # Prefetched with the cards: no query per item.
        return [item.get_format_display(), *(theme.name for theme in item.themes.all())]


class EducationAtomFeed(EducationRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, path: str) -> str:
        return self.description(path)
