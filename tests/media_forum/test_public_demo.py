"""The demo's events (issue 16, item 7): two upcoming, three past (one full with a waitlist, one
needing approval, one cancelled), registrations from the demo journalists, materials on a past
one; and the public pages show them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from media_forum.models import Event, EventStatus, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_has_upcoming_and_past_events_with_their_cases(client):
    call_command("seed_demo", stdout=StringIO())
    now = timezone.now()

    events = Event.objects.all()
    assert events.filter(ends_at__gt=now).count() == 2
    assert events.filter(ends_at__lte=now).count() == 3
    assert events.filter(status=EventStatus.CANCELLED).count() == 1
    assert events.filter(approval_required=True).count() == 1
    full = [
        event
        for event in events
        if event.registrations.holding_seat().count() == event.capacity
        and event.registrations.waiting().exists()
    ]
    assert len(full) == 1
    assert full[0].ends_at > now
    journalists = Registration.objects.filter(journalist__isnull=False)
    assert journalists.filter(status=RegistrationStatus.CONFIRMED).exists()
    assert Registration.objects.filter(status=RegistrationStatus.PENDING_APPROVAL).exists()
    with_materials = events.filter(materials__isnull=False).distinct()
    assert [event.ends_at < now for event in with_materials] == [True]
    assert {material.kind for material in with_materials[0].materials.all()} == {"pdf", "image"}

    listing = client.get("/forum-media/").content.decode()
    for event in events:
        assert event.title in listing
    assert "Daftar ke daftar tunggu" in client.get(full[0].get_absolute_url()).content.decode()
    press_room = client.get("/forum-media/ruang-media/").content.decode()
    assert "Siaran pers dan data pengawasan" in press_room
    assert "Koordinator Divisi Humas (demo)" in press_room
