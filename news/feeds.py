"""RSS 2.0 and Atom feeds of public articles, all of them or one kind.

Every link is absolute from PORTAL_BASE_URL: the syndication framework would otherwise build
them from the request's Host header. Absolute URLs pass through its add_domain() untouched.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from humas_portal.siteprofile.selectors import office_profile_current
from news.models import Article, ArticleKind
from news.selectors import article_absolute_url, article_list_public, kind_from_slug

FEED_ITEMS = 20


@dataclass(frozen=True)
class FeedScope:
    kind: str | None
    path: str


class ArticleRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, kind: str | None = None) -> FeedScope:
        if kind is None:
            return FeedScope(kind=None, path=request.path)
        value = kind_from_slug(kind)
        if value is None:
            raise Http404(_("Jenis berita tidak dikenal."))
        return FeedScope(kind=value, path=request.path)

    def title(self, scope: FeedScope) -> str:
        label = ArticleKind(scope.kind).label if scope.kind else _("Berita dan Siaran Pers")
        return "%s · %s" % (label, office_profile_current().name)

    def description(self, scope: FeedScope) -> str:
        return _("Informasi publik dari %(office)s.") % {"office": office_profile_current().name}

    def link(self, scope: FeedScope) -> str:
        return settings.PORTAL_BASE_URL + reverse("news:article_list")

    def feed_url(self, scope: FeedScope) -> str:
        return settings.PORTAL_BASE_URL + scope.path

    def items(self, scope: FeedScope):
        return article_list_public(kind=scope.kind)[:FEED_ITEMS]

    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        return article.lead

    def item_link(self, article: Article) -> str:
        return article_absolute_url(article.slug)

    def item_pubdate(self, article: Article):
        return article.publish_at

    def item_updateddate(self, article: Article):
        return max(article.updated_at, article.publish_at)

    def item_categories(self, article: Article) -> list[str]:
        return [article.category.name]


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, scope: FeedScope) -> str:
        return self.description(scope)
