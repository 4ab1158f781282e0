"""What Forum Media's public pages read: the event list, an event, the calendar feed, the press
room, the home section and the search. Each selector names its joins; seats left are counted
by the database in the same query as the events (one correlated subquery per row), so a page's
query count stays the same however many events and registrations there are
(tests/media_forum/test_public_budgets.py).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from humas_portal.richtext import body_html, json_ld
from humas_portal.search import SEARCH_CONFIG, SearchHit, full_text_available
from humas_portal.siteprofile.selectors import office_profile_current
from humas_portal.templatetags.portal import iso_seconds
from media_forum.models import (
    Event,
    EventKind,
    EventMaterial,
    EventStatus,
    Registration,
    RegistrationState,
)

# The calendar feed reaches back this far: a subscriber's calendar keeps last year's events,
# and the feed stays small.
CALENDAR_PAST = timedelta(days=365)
HOME_EVENTS = 3
PRESS_ROOM_EVENTS = 5
PRESS_ROOM_RELEASES = 5
PRESS_KITS = 10

SCHEMA_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "rescheduled": "https://schema.org/EventRescheduled",
}
SCHEMA_MODE = {
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}


def _seats_left():
    """Capacity less the registrations holding a seat, never below zero (a capacity lowered
    after confirmations must not show a negative number)."""
    taken = (
        Registration.objects.holding_seat()
        .filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Greatest(
        F("capacity") - Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)),
        Value(0),
        output_field=IntegerField(),
    )


def material_public_condition(now: datetime, *, prefix: str = "") -> Q:
    """A material is public from its own time, or once its event has ended."""
    return Q(**{prefix + "publish_at__lte": now}) | Q(
        **{prefix + "publish_at__isnull": True, prefix + "event__ends_at__lte": now}
    )


def _public_materials(now: datetime) -> Prefetch:
    return Prefetch(
        "materials",
        queryset=EventMaterial.objects.filter(material_public_condition(now)),
        to_attr="public_materials",
    )


def events_public() -> QuerySet[Event]:
    """Published, cancelled and finished events with ``seats_left``; drafts never."""
    return Event.objects.public().annotate(seats_left=_seats_left())


def events_upcoming(now: datetime) -> QuerySet[Event]:
    """Events not over yet (cancelled ones too, said so on their card), soonest first."""
    return (
        events_public()
        .filter(ends_at__gt=now)
        .exclude(status=EventStatus.FINISHED)
        .order_by("starts_at", "id")
    )


def events_past(now: datetime) -> QuerySet[Event]:
    """Events that are over, newest first, with their public materials."""
    return (
        events_public()
        .filter(Q(ends_at__lte=now) | Q(status=EventStatus.FINISHED))
        .order_by("-starts_at", "-id")
        .prefetch_related(_public_materials(now))
    )


@dataclass(frozen=True)
class EventState:
    """Whether an event takes registrations, as its card and page say it."""

    state: RegistrationState
    label: str
    # Open, and every seat taken: a registration goes on the waitlist.
    full: bool

    @property
    def open(self) -> bool:
        return self.state == RegistrationState.OPEN


def event_state(event: Event, now: datetime) -> EventState:
    state = event.registration_state(now)
    full = state == RegistrationState.OPEN and event.seats_left == 0
    label = _("Kursi penuh: pendaftar masuk daftar tunggu") if full else state.label
    return EventState(state=state, label=str(label), full=full)


def with_states(events, now: datetime) -> list[Event]:
    """Give each event its ``state`` (EventState) and ``url``, from one reversed prefix."""
    prefix = event_path_prefix()
    events = list(events)
    for event in events:
        event.state = event_state(event, now)
        event.url = prefix + event.slug + "/"
    return events


def event_path_prefix() -> str:
    """The event path without its slug, reversed once per page: no ``{% url %}`` per card."""
    return reverse("forum_media:event", kwargs={"slug": "-"})[:-2]


def event_detail_public(slug: str, now: datetime) -> Event:
    """One public event with its speakers and public materials; raises Event.DoesNotExist."""
    return events_public().prefetch_related("speakers", _public_materials(now)).get(slug=slug)


def _attendance_mode(event: Event) -> str:
    if event.venue and event.online_url:
        return "mixed"
    return "online" if event.online_url else "offline"


def event_structured_data(event: Event, url: str) -> dict:
    """schema.org Event. The online link is for confirmed registrants only: a virtual
    location points at the event's own page."""
    office = office_profile_current()
    if event.status == EventStatus.CANCELLED:
        status = "cancelled"
    elif event.schedule_version > 1:
        status = "rescheduled"
    else:
        status = "scheduled"
    mode = _attendance_mode(event)
    locations = []
    if mode in ("offline", "mixed"):
        place = {"@type": "Place", "name": event.venue}
        if event.address:
            place["address"] = {
                "@type": "PostalAddress",
                "streetAddress": " ".join(event.address.split()),
            }
        locations.append(place)
    if mode in ("online", "mixed"):
        locations.append({"@type": "VirtualLocation", "url": url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": Truncator(" ".join(strip_tags(event.description).split())).chars(300),
        "startDate": iso_seconds(event.starts_at),
        "endDate": iso_seconds(event.ends_at),
        "eventStatus": SCHEMA_STATUS[status],
        "eventAttendanceMode": SCHEMA_MODE[mode],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {
            "@type": "Organization",
            "name": office.name,
            "url": settings.PORTAL_BASE_URL,
        },
        "url": url,
        "inLanguage": "id",
        "isAccessibleForFree": True,
    }
    speakers = [{"@type": "Person", "name": speaker.name} for speaker in event.speakers.all()]
    if speakers:
        data["performer"] = speakers
    return data


def event_detail_context(event: Event, now: datetime) -> dict:
    url = settings.PORTAL_BASE_URL + event.get_absolute_url()
    state = event_state(event, now)
    return {
        "event": event,
        "canonical_url": url,
        "state": state,
        "body_html": body_html(event.description),
        "online": bool(event.online_url),
        "speakers": event.speakers.all(),
        "materials": event.public_materials,
        "structured_data": json_ld(event_structured_data(event, url)),
    }


def calendar_events(now: datetime) -> QuerySet[Event]:
    """The calendar feed: every public event of the last year and the future, never drafts.
    No seat counts: the feed does not show them."""
    return Event.objects.public().filter(ends_at__gte=now - CALENDAR_PAST).order_by("starts_at")


def home_upcoming_events() -> dict:
    """The home page's section: up to HOME_EVENTS published events not over yet (one query)."""
    now = timezone.now()
    events = (
        Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__gt=now)
        .only("title", "slug", "kind", "starts_at", "ends_at", "venue", "online_url")
        .order_by("starts_at", "id")[:HOME_EVENTS]
    )
    prefix = event_path_prefix()
    events = list(events)
    for event in events:
        event.url = prefix + event.slug + "/"
    return {"events": events}


def press_room_events(now: datetime) -> list[Event]:
    """The press room's upcoming forums (no seat counts: the event page has them)."""
    events = (
        Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__gt=now)
        .only("title", "slug", "kind", "starts_at", "ends_at", "venue", "online_url")
        .order_by("starts_at", "id")[:PRESS_ROOM_EVENTS]
    )
    prefix = event_path_prefix()
    events = list(events)
    for event in events:
        event.url = prefix + event.slug + "/"
    return events


def press_kits(now: datetime) -> list[EventMaterial]:
    """The newest public materials of public events, with their event (one query)."""
    return list(
        EventMaterial.objects.filter(material_public_condition(now))
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event")
        .order_by("-event__starts_at", "order", "id")[:PRESS_KITS]
    )


def _event_document() -> SearchVector:
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "description", "venue", weight="B", config=SEARCH_CONFIG
    )


def event_search_public(query: str, limit: int) -> list[SearchHit]:
    """The search provider: public events matching the query, best first, then newest; one
    query. Events are few (tens a year): no index of their own."""
    events = Event.objects.public().only("title", "slug", "kind", "description", "starts_at")
    if full_text_available():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        events = (
            events.annotate(document=_event_document())
            .filter(document=search_query)
            .annotate(rank=SearchRank(_event_document(), search_query))
            .order_by("-rank", "-starts_at", "-id")
        )
    else:
        for term in query.split()[:10]:
            events = events.filter(
                Q(title__icontains=term) | Q(description__icontains=term) | Q(venue__icontains=term)
            )
        events = events.order_by("-starts_at", "-id")
    prefix = event_path_prefix()
    return [
        SearchHit(
            title=event.title,
            url=prefix + event.slug + "/",
            summary=Truncator(" ".join(strip_tags(event.description).split())).words(40),
            section="%s · %s" % (_("Forum Media"), EventKind(event.kind).label),
            date=event.starts_at,
            rank=getattr(event, "rank", 0.0),
        )
        for event in events[:limit]
    ]


def event_cached_pages(event: Event) -> list[str]:
    """The cached pages that show an event: its .ics, the calendar feed, the press room, home,
    the sitemap and the search (the list and its own page are never cached; an .ics at an old
    slug is left to expire: PAGE_CACHE_TIMEOUT)."""
    return [
        reverse("home"),
        event_path_prefix() + event.slug + "/acara.ics",
        reverse("forum_media:calendar"),
        reverse("forum_media:press_room"),
        reverse("sitemap"),
        reverse("sitemap_section", kwargs={"section": "forum-media"}),
        reverse("search"),
    ]


def event_part_cached_pages(part) -> list[str]:
    """A speaker or a material shows on its event's pages and, for a material, the press
    room's press kits."""
    return event_cached_pages(part.event)


def press_room_pages() -> list[str]:
    return [reverse("forum_media:press_room")]


def event_change_next() -> datetime | None:
    """When the cached pages next change by the clock alone: an event ending (it leaves the
    home page's and the press room's upcoming events) or a material's publication time (the
    press kits). One query."""
    now = timezone.now()
    moments = Event.objects.public().aggregate(
        ends=Min("ends_at", filter=Q(ends_at__gt=now)),
        materials=Min("materials__publish_at", filter=Q(materials__publish_at__gt=now)),
    )
    upcoming = [moment for moment in moments.values() if moment is not None]
    return min(upcoming) if upcoming else None
