"""Forum Media's public pages, part of /forum-media/ (media_forum/event_urls.py)."""

urlpatterns = []
