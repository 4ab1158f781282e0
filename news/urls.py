from django.urls import path

from news import feeds, views

app_name = "news"

# The words feed, atom, kategori and tag are reserved: no article slug may take them.
urlpatterns = [
    path("berita/", views.article_list, name="article_list"),
    path("berita/feed/", feeds.ArticleRssFeed(), name="feed_rss"),
    path("berita/atom/", feeds.ArticleAtomFeed(), name="feed_atom"),
    path("berita/feed/<slug:kind>/", feeds.ArticleRssFeed(), name="feed_kind"),
    path("berita/kategori/<slug:slug>/", views.category_list, name="category"),
    path("berita/tag/<slug:slug>/", views.tag_list, name="tag"),
    path("berita/<slug:slug>/", views.article_detail, name="article_detail"),
]
