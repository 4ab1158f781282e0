"""Factories of the press list tests (tests/media_forum, and news' distribution tests)."""

import itertools

from django.utils import timezone

from media_forum.models import JournalistProfile
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


# --- Events (issue 16) -----------------------------------------------------------------------


def event_create(
    *,
    created_by=None,
    title: str | None = None,
    starts_in=None,
    hours: int = 2,
    status: str = "published",
    capacity: int = 20,
    **fields,
):
    """An event starting ``starts_in`` from now, ``hours`` long, at a venue; published unless
    said otherwise (a week from now by default). ``created_by`` defaults to a new staff account.
    """
    from datetime import timedelta

    from media_forum.models import Event, EventKind, EventStatus
    from tests.factories import staff_create

    number = next(_numbers)
    starts_at = timezone.now() + (timedelta(days=7) if starts_in is None else starts_in)
    values = {
        "title": title or "Forum Media %d" % number,
        "slug": "forum-media-%d" % number,
        "kind": EventKind.FORUM,
        "description": "<p>Diskusi bersama wartawan.</p>",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "venue": "Aula Bawaslu Jember",
        "address": "Jl. Kalimantan 1, Jember",
        "capacity": capacity,
        "status": status,
        "published_at": None if status == EventStatus.DRAFT else timezone.now(),
        "created_by": created_by or staff_create("pembuat-acara-%d" % number),
    }
    values.update(fields)
    event = Event(**values)
    event.full_clean()
    event.save()
    return event


def registration_create_row(event, *, status: str = "confirmed", **fields):
    """A registration row written directly (no service, no e-mail): ``status`` with the stamps
    the database constraints ask for."""
    from media_forum.models import Registration, RegistrationStatus

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
    }
    values.update(fields)
    registration = Registration(**values)
    registration.full_clean()
    registration.save()
    return registration
