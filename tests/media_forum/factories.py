"""The factories of the Forum Media tests (tests/media_forum, tests/browser/test_forum_media.py)
and of news' distribution tests (``journalist_create``): the one place each row is made."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from media_forum.models import (
    Event,
    EventKind,
    EventStatus,
    JournalistProfile,
    Registration,
    RegistrationStatus,
)
from tests.factories import staff_create
from tests.news.factories import subscriber_create

_numbers = itertools.count(1)


def journalist_create(
    email: str, *, verified: bool, topics=("siaran-pers",), confirmed: bool = True
):
    """A journalist on the "siaran pers" list; ``verified`` puts them on the press list."""
    subscriber = subscriber_create(email, topics, confirmed=confirmed)
    profile = JournalistProfile(
        subscriber=subscriber,
        name="Wartawan %d" % next(_numbers),
        outlet="Harian Tapal Kuda",
        beat="Politik",
        phone="+6281234567890",
        verified=verified,
        verified_at=timezone.now() if verified else None,
    )
    profile.full_clean()
    profile.save()
    return profile


def officer_create(username: str = "petugas-forum", *, can_approve: bool = True):
    """A staff account that may approve registrations unless ``can_approve`` is false."""
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    if can_approve:
        user.user_permissions.add(
            Permission.objects.get(
                codename="approve_registration", content_type__app_label="media_forum"
            )
        )
    return get_user_model().objects.get(pk=user.pk)  # fresh: no stale permission cache


def event_create(
    *,
    starts_in: timedelta = timedelta(days=7),
    hours: float = 2,
    status: str = EventStatus.PUBLISHED,
    capacity: int = 20,
    created_by=None,
    **fields,
) -> Event:
    """An event at a venue starting ``starts_in`` from now (negative: past), ``hours`` long;
    published since yesterday, so registration is open. ``created_by`` defaults to a new staff
    account; any other field may be given, ``starts_at`` and ``ends_at`` included.
    """
    number = next(_numbers)
    # Whole minutes, as staff enter them (and as a calendar file carries them).
    now = timezone.now().replace(second=0, microsecond=0)
    starts_at = fields.pop("starts_at", None) or now + starts_in
    values = {
        "title": "Forum Media Pengawasan Pemilu %d" % number,
        "slug": "forum-media-%d" % number,
        "kind": EventKind.FORUM,
        "description": "<p>Diskusi tentang pengawasan kampanye bersama wartawan.</p>",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "venue": "Aula Bawaslu Jember",
        "address": "Jl. Kalimantan 1, Jember",
        "capacity": capacity,
        "status": status,
        "published_at": None if status == EventStatus.DRAFT else now - timedelta(days=1),
        "created_by": created_by or staff_create("pembuat-acara-%d" % number),
        **fields,
    }
    event = Event(**values)
    event.full_clean()
    event.save()
    return event


def registration_create_row(event: Event, *, status: str = RegistrationStatus.CONFIRMED,
                            **fields) -> Registration:  # fmt: skip
    """A registration row written directly (no service, no e-mail): ``status`` with the stamps
    the database constraints ask for."""
    number = next(_numbers)
    values = {
        "event": event,
        "name": "Peserta %d" % number,
        "email": "peserta%d@example.com" % number,
        "phone": "+6281234500%03d" % (number % 1000),
        "outlet": "Radar Jember",
        "position": "Reporter",
        "status": status,
        "email_confirmed_at": None if status == RegistrationStatus.REGISTERED else timezone.now(),
        "decided_at": timezone.now() if status == RegistrationStatus.CONFIRMED else None,
        **fields,
    }
    registration = Registration(**values)
    registration.full_clean()
    registration.save()
    return registration


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
