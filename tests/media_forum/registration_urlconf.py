"""The site's URLs for the registration tests, with stand-ins for the Forum Media pages that
other parts of issue 16 build (the event list, an event's page, the check-in page) while this
checkout has none of them; where they exist, this is the site's own URL configuration."""

from django.http import HttpResponse
from django.urls import include, path

from humas_portal.urls import urlpatterns as site_patterns
from media_forum import event_urls


def _stand_in(request, **kwargs) -> HttpResponse:
    return HttpResponse("stand-in")


_ROUTES = {
    "event_list": "",
    "event": "<slug:slug>/",
    "checkin": "hadir/<uuid:public_id>/<str:code>/",
}
_have = {pattern.name for pattern in event_urls.urlpatterns}
stand_ins = [
    path(route, _stand_in, name=name) for name, route in _ROUTES.items() if name not in _have
]

urlpatterns = [
    path("forum-media/", include(([*event_urls.urlpatterns, *stand_ins], "forum_media"))),
    *site_patterns,
]
