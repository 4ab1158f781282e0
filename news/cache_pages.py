"""The public pages that show an article, for the page cache (humas_portal/cache_invalidation)."""

from django.urls import reverse

from news.models import Article
from news.selectors import article_path_prefix, kind_slug


def article_cached_pages(article: Article) -> list[str]:
    """Home, the lists it appears in (all news, its category, its tags), the feeds, the sitemap
    index and its section, and its own page."""
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
    ]
