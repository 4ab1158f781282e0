"""Forum Media's registration pages, part of /forum-media/ (media_forum/event_urls.py)."""

urlpatterns = []
