"""Forum Media's checkin pages, part of /forum-media/ (media_forum/event_urls.py)."""

urlpatterns = []
