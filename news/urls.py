from django.urls import path

from humas_portal.page_cache import cache_public_page
from news import feeds, views

app_name = "news"

# The words feed, atom, kategori and tag are reserved: no article slug may take them.
urlpatterns = [
    path("berita/", views.article_list, name="article_list"),
    path("berita/feed/", cache_public_page(feeds.ArticleRssFeed()), name="feed_rss"),
    path("berita/atom/", cache_public_page(feeds.ArticleAtomFeed()), name="feed_atom"),
    path("berita/feed/<slug:kind>/", cache_public_page(feeds.ArticleRssFeed()), name="feed_kind"),
    path("berita/kategori/<slug:slug>/", views.category_list, name="category"),
    path("berita/tag/<slug:slug>/", views.tag_list, name="tag"),
    path("berita/<slug:slug>/", views.article_detail, name="article_detail"),
]
