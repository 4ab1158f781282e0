"""iCalendar (RFC 5545) files of events: one event's .ics, the e-mail attachment, and the feed
calendar apps subscribe to. Built with the icalendar package.

An event keeps one UID for life, so a calendar that imported it updates it in place; its
SEQUENCE is the event's ``schedule_version``, raised on every change of time or place. Times
carry the office's time zone (with its VTIMEZONE), as the office announces them.
"""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from media_forum.models import Event, EventStatus

PRODUCT_ID = "-//Portal Humas//Forum Media//ID"


def event_uid(event: Event) -> str:
    return "forum-media-%d@%s" % (event.pk, urlsplit(settings.PORTAL_BASE_URL).hostname)


def _location(event: Event, *, with_online_url: bool) -> str:
    parts = [event.venue, " ".join(event.address.split())]
    if with_online_url and event.online_url:
        parts.append(event.online_url)
    return ", ".join(part for part in parts if part)


def _vevent(event: Event, *, with_online_url: bool) -> icalendar.Event:
    office_zone = ZoneInfo(settings.TIME_ZONE)
    url = settings.PORTAL_BASE_URL + event.get_absolute_url()
    description = " ".join(strip_tags(event.description).split())
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", event.updated_at)
    vevent.add("sequence", event.schedule_version)
    vevent.add("dtstart", event.starts_at.astimezone(office_zone))
    vevent.add("dtend", event.ends_at.astimezone(office_zone))
    vevent.add("summary", event.title)
    vevent.add("description", "%s\n\n%s" % (description, url) if description else url)
    location = _location(event, with_online_url=with_online_url)
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return vevent


def calendar_ics(
    events, *, name: str, language: str | None = None, with_online_url: bool = False
) -> bytes:
    """A calendar of ``events`` (already chosen by the caller: published only for the public).

    ``with_online_url``: the online link goes into LOCATION, for a confirmed registrant's own
    file only. ``language``: the reader's, for the calendar's name.
    """
    with translation.override(language or translation.get_language()):
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add("x-wr-caldesc", _("Acara Forum Media"))
        for event in events:
            calendar.add_component(_vevent(event, with_online_url=with_online_url))
        calendar.add_missing_timezones()
    return calendar.to_ical()
