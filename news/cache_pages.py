"""What the page cache (humas_portal/page_cache.py) needs to know about news: the public pages
that show an article, category or tag, and when a scheduled article appears by itself."""

from datetime import datetime

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from humas_portal.cache_invalidation import ALL_PAGES
from humas_portal.elections.related import stage_pages
from humas_portal.press_room import press_release_pages
from news.models import Article, ArticleStatus
from news.selectors import article_path_prefix, kind_slug


def article_cached_pages(article: Article) -> list[str]:
    """Home, the lists it appears in (all news, its category, its tags), the feeds, the sitemap
    index and its section, the search (any search may find it), the pages that show election
    stages (it may be a stage's related news), its own page, and the pages that list press
    releases (the press room)."""
    tag_slugs = article.tags.values_list("slug", flat=True)
    return [
        reverse("home"),
        reverse("news:article_list"),
        article_path_prefix() + article.slug + "/",
        reverse("news:category", kwargs={"slug": article.category.slug}),
        *(reverse("news:tag", kwargs={"slug": slug}) for slug in tag_slugs),
        reverse("news:feed_rss"),
        reverse("news:feed_atom"),
        reverse("news:feed_kind", kwargs={"kind": kind_slug(article.kind)}),
        reverse("sitemap"),
        # Every page of the section (?p=N): it may sit on any, and archiving shifts the rest.
        reverse("sitemap_section", kwargs={"section": "articles"}),
        reverse("search"),
        *stage_pages(),
        # Always: an article that just stopped being a press release leaves those pages too.
        *press_release_pages(),
    ]


def taxonomy_cached_pages(_instance) -> list[str]:
    """A category's or tag's name shows on every page of its articles, in the lists and on the
    home page: renaming one (rare) makes every page stale."""
    return [ALL_PAGES]


def article_publication_next() -> datetime | None:
    """When the next scheduled article becomes public by its time alone."""
    return Article.objects.filter(
        status=ArticleStatus.PUBLISHED, publish_at__gt=timezone.now()
    ).aggregate(next=Min("publish_at"))["next"]
