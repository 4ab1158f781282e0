"""Events and registrations for the public pages' tests (tests/media_forum/test_public*.py)."""

import itertools
from datetime import timedelta

from django.utils import timezone

from media_forum.models import (
    Event,
    EventAudience,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from tests.factories import staff_create

_numbers = itertools.count(1)


def event_create(*, days: float = 7, status: str = EventStatus.PUBLISHED, author=None,
                 **fields) -> Event:  # fmt: skip
    """An event starting ``days`` from now (negative: past), lasting two hours."""
    number = next(_numbers)
    starts_at = fields.pop("starts_at", None) or timezone.now() + timedelta(days=days)
    values = {
        "title": "Forum Media Pengawasan Kampanye %d" % number,
        "slug": "forum-media-pengawasan-%d" % number,
        "kind": EventKind.FORUM,
        "audience": EventAudience.JOURNALISTS,
        "description": "<p>Diskusi tentang pengawasan kampanye bersama wartawan.</p>",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "venue": "Aula Bawaslu Kabupaten Jember",
        "address": "Jl. Letjen Panjaitan No. 00, Jember",
        "map_url": "https://www.openstreetmap.org/#map=17/-8.17/113.70",
        "capacity": 20,
        "status": status,
        "published_at": None
        if status == EventStatus.DRAFT
        else timezone.now() - timedelta(days=30),
        "created_by": author or staff_create("penyelenggara-%d" % number),
        **fields,
    }
    event = Event(**values)
    event.full_clean()
    event.save()
    return event


def registrations_add(event: Event, count: int, *, status: str = RegistrationStatus.CONFIRMED):
    """``count`` registrations of ``status`` (confirmed ones hold a seat), bulk-created."""
    now = timezone.now()
    start = next(_numbers) * 10_000
    return Registration.objects.bulk_create(
        Registration(
            event=event,
            name="Peserta %d" % (start + index),
            email="peserta%d@contoh.id" % (start + index),
            status=status,
            email_confirmed_at=None if status == RegistrationStatus.REGISTERED else now,
        )
        for index in range(count)
    )
