"""Events, registrations and form posts for the registration tests
(tests/media_forum/test_registration*.py)."""

import itertools
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from media_forum.models import Event, EventKind, EventStatus, Registration
from media_forum.registration_forms import registration_form_class

_numbers = itertools.count(1)


@pytest.fixture
def registration_site(settings):
    """Forms that may be sent at once (the minimum fill time is the bot check's, tested on its
    own), and links in e-mails under a fixed address."""
    settings.FORUM_MEDIA_FORM_MIN_SECONDS = 0
    settings.PORTAL_BASE_URL = "https://humas.example.id"
    return settings


def event_create(**fields) -> Event:
    """A published event starting in a week, registration open since yesterday."""
    number = next(_numbers)
    # Whole minutes, as staff enter them (and as a calendar file carries them).
    now = timezone.now().replace(second=0, microsecond=0)
    creator = get_user_model().objects.get_or_create(username="koordinator-forum")[0]
    values = {
        "title": "Forum Media Pengawasan Pemilu %d" % number,
        "slug": "forum-media-%d" % number,
        "kind": EventKind.FORUM,
        "description": "<p>Diskusi pengawasan tahapan.</p>",
        "starts_at": now + timedelta(days=7),
        "ends_at": now + timedelta(days=7, hours=3),
        "venue": "Aula Bawaslu Jember",
        "address": "Jl. Karimata 50, Jember",
        "online_url": "https://meet.example.id/forum",
        "capacity": 20,
        "status": EventStatus.PUBLISHED,
        "published_at": now - timedelta(days=1),
        "created_by": creator,
        **fields,
    }
    event = Event(**values)
    event.full_clean()
    event.save()
    return event


def officer_create(username: str = "petugas-forum", *, can_approve: bool = True):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    if can_approve:
        user.user_permissions.add(
            Permission.objects.get(
                codename="approve_registration", content_type__app_label="media_forum"
            )
        )
    return get_user_model().objects.get(pk=user.pk)  # fresh: no stale permission cache


def form_post(event: Event, **fields) -> dict:
    """What the registration form of ``event`` sends when filled in properly."""
    form = registration_form_class(event).fresh()
    data = {
        "form_token": str(form.initial["form_token"]),
        "started": form.initial["started"],
        "situs_web": "",
        "name": "Rina Wartawati",
        "email": "rina@media.example.id",
        "phone": "0812 3456 7890",
        "consent": "on",
        "outlet": "Radar Jember",
        "position": "Wartawan",
        "press_card": "",
        "adhoc_body": "pkd",
        "area": "Desa Antirogo",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def mails(registration: Registration, kind: str | None = None):
    """The outbox rows about ``registration`` (of ``kind``), oldest first."""
    rows = Message.objects.filter(
        idempotency_key__startswith="media_forum.registration:%d:" % registration.pk
    ).order_by("pk")
    return list(rows.filter(kind=kind) if kind else rows)


def link_token(registration: Registration, kind: str, url_word: str) -> str:
    """The token of the link in the latest e-mail of ``kind`` to ``registration``, read from
    the body as the registrant reads it (decrypted)."""
    text, _html = message_bodies(message=mails(registration, kind)[-1])
    return re.search(r"/forum-media/%s([A-Za-z0-9_-]{43})/" % url_word, text).group(1)


def confirm_token(registration: Registration) -> str:
    return link_token(registration, "event_registration_confirm", "pendaftaran/konfirmasi/")
