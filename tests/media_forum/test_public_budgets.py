"""Forum Media's public pages make the same number of queries with 3 and 30 events, and with
no registration and 200 per event (issue 16: "query counts pinned and constant").

As tests/test_query_budgets.py: measured on a second request (the office profile is then
cached, as on a running site), with the page cache off.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from media_forum.models import (
    EventMaterial,
    EventSpeaker,
    EventStatus,
    MaterialKind,
    RegistrationStatus,
)
from tests.factories import staff_create
from tests.media_forum.factories import event_create, registrations_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

SIZES = [(3, 0), (30, 200)]


@pytest.fixture(params=SIZES, ids=lambda size: "%d-events-%d-registrations" % size)
def forum(request, settings, tmp_path) -> dict:
    """Half the events upcoming, half past (each with two speakers and a public material),
    one cancelled; ``registrations`` confirmed and waitlisted registrations on each."""
    settings.MEDIA_ROOT = tmp_path / "media"
    events_count, registrations = request.param
    author = staff_create("penyelenggara")
    events = []
    for index in range(events_count):
        upcoming = index % 2 == 0
        status = EventStatus.PUBLISHED if upcoming else EventStatus.FINISHED
        if index == 1:
            status = EventStatus.CANCELLED
        event = event_create(
            starts_in=timedelta(days=(index + 1) if upcoming else -(index + 1)),
            status=status,
            created_by=author,
        )
        EventSpeaker.objects.bulk_create(
            EventSpeaker(event=event, name="Narasumber %d" % order, order=order)
            for order in range(2)
        )
        material = EventMaterial(event=event, title="Bahan %d" % index, kind=MaterialKind.PDF,
                                 publish_at=timezone.now() - timedelta(hours=1))  # fmt: skip
        material.file.save("bahan.pdf", ContentFile(b"%PDF-1.4"), save=False)
        material.save()
        if registrations:
            registrations_add(event, registrations // 2)
            registrations_add(event, registrations // 2, status=RegistrationStatus.WAITLISTED)
        events.append(event)
    return {"event": events[0], "past": events[-1] if events_count > 1 else events[0]}


def queries_of(client, url: str) -> list[str]:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


# Why each number.
BUDGETS = {
    # The past events' count and page, their public materials, the upcoming events (seats
    # left counted in each events query).
    "list": 4,
    # The event with its seats left, its speakers, its public materials.
    "event": 3,
    # A past event: the same three.
    "past-event": 3,
    # Upcoming forums, press releases (news' provider), press kits.
    "press-room": 3,
    # The events of the last year and the future.
    "calendar": 1,
    "event-ics": 1,
}


@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("page_name", list(BUDGETS))
def test_forum_media_pages_cost_the_same_whatever_the_events_and_registrations(
    client, forum, page_name
):
    urls = {
        "list": "/forum-media/",
        "event": forum["event"].get_absolute_url(),
        "past-event": forum["past"].get_absolute_url(),
        "press-room": "/forum-media/ruang-media/",
        "calendar": "/forum-media/kalender.ics",
        "event-ics": forum["event"].get_absolute_url() + "acara.ics",
    }
    queries = queries_of(client, urls[page_name])
    assert len(queries) == BUDGETS[page_name], "\n".join(queries)
