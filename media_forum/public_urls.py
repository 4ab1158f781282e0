"""Forum Media's public pages, part of /forum-media/ (media_forum/event_urls.py)."""

from django.urls import path

from media_forum import public_views

urlpatterns = [
    path("", public_views.event_list, name="event_list"),
    path("kalender.ics", public_views.calendar_feed, name="calendar"),
    path("ruang-media/", public_views.press_room, name="press_room"),
    path("<slug:slug>/", public_views.event_detail, name="event"),
    path("<slug:slug>/acara.ics", public_views.event_ics, name="event_ics"),
]
