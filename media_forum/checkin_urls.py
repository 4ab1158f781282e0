"""Forum Media's check-in pages, part of /forum-media/ (media_forum/event_urls.py)."""

from django.urls import path

from media_forum import checkin_views

urlpatterns = [
    path("hadir/", checkin_views.checkin_search, name="checkin_search"),
    path("hadir/<uuid:public_id>/<str:code>/", checkin_views.checkin, name="checkin"),
]
