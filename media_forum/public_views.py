"""Forum Media's public pages: the events, an event and its calendar file, the calendar feed
and the press room.

The list and the event page show seats left, which change with every seat given or freed, by
the registration services (confirmation, approval, cancellation, promotion from the waitlist):
they are not in the page cache, so the count is always the database's. Their queries are few
and do not grow with events or registrations (tests/media_forum/test_public_budgets.py). The
other pages are cached; media_forum/apps.py registers what makes them stale (events, speakers,
materials; news renews the press room) and when the clock alone changes them (an event
starting or ending, a material's publication time).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from humas_portal.page_cache import cache_public_page
from humas_portal.press_room import press_releases_latest
from humas_portal.siteprofile.selectors import office_profile_current
from media_forum.calendar import calendar_ics
from media_forum.models import Event
from media_forum.selectors import (
    PRESS_ROOM_RELEASES,
    calendar_events,
    event_detail_context,
    event_detail_public,
    events_past,
    events_upcoming,
    press_kits,
    press_room_events,
    with_states,
)
from media_forum.services import VERIFICATION_WORKING_DAYS

PAST_PER_PAGE = 10
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming events first (on the first page), then past ones with their materials, paged."""
    now = timezone.now()
    page = Paginator(events_past(now), PAST_PER_PAGE).get_page(request.GET.get("halaman"))
    given = request.GET.get("halaman")
    # One address per page: ?halaman=1, 01 or a page past the end go to the page shown.
    if given is not None and given != (str(page.number) if page.number > 1 else None):
        query = "?halaman=%d" % page.number if page.number > 1 else ""
        return HttpResponsePermanentRedirect(request.path + query)
    page.object_list = with_states(page.object_list, now)
    upcoming = with_states(events_upcoming(now), now) if page.number == 1 else []
    query = "?halaman=%d" % page.number if page.number > 1 else ""
    return render(
        request,
        "media_forum/events/list.html",
        {
            "upcoming": upcoming,
            "page": page,
            "canonical_url": settings.PORTAL_BASE_URL + request.path + query,
            "calendar_subscribe_url": calendar_subscribe_url(),
        },
    )


def calendar_subscribe_url() -> str:
    """The feed's address for calendar apps: webcal:// opens a subscription, not a download."""
    return "webcal://%s%s" % (
        urlsplit(settings.PORTAL_BASE_URL).netloc,
        reverse("forum_media:calendar"),
    )


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    try:
        event = event_detail_public(slug, now)
    except Event.DoesNotExist:
        raise Http404(_("Acara tidak ditemukan.")) from None
    return render(request, "media_forum/events/detail.html", event_detail_context(event, now))


def _calendar_response(content: bytes, filename: str | None) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = 'attachment; filename="%s"' % filename
    return response


@cache_public_page
@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """One event's calendar file (without the online link: that is for confirmed registrants,
    in their ticket e-mail)."""
    try:
        event = Event.objects.public().get(slug=slug)
    except Event.DoesNotExist:
        raise Http404(_("Acara tidak ditemukan.")) from None
    content = calendar_ics([event], name=event.title)
    # The slug is [-a-zA-Z0-9_]: safe inside the quoted file name.
    return _calendar_response(content, "%s.ics" % event.slug)


@cache_public_page
@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The feed calendar apps subscribe to (webcal://…/kalender.ics): shown inline, not as a
    download, so a subscription reads it."""
    name = _("Forum Media %(office)s") % {"office": office_profile_current().name}
    return _calendar_response(calendar_ics(calendar_events(timezone.now()), name=name), None)


@cache_public_page
@require_GET
def press_room(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "media_forum/press_room.html",
        {
            "events": press_room_events(now),
            "releases": press_releases_latest(PRESS_ROOM_RELEASES),
            "press_kits": press_kits(now),
            "verification_days": VERIFICATION_WORKING_DAYS,
            "calendar_subscribe_url": calendar_subscribe_url(),
            "canonical_url": settings.PORTAL_BASE_URL + request.path,
        },
    )
