"""What the registration tests share besides the factories (tests/media_forum/factories.py): the
site settings, a filled-in form, the outbox rows and the links read from them."""

import re

import pytest

from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from media_forum.models import Event, Registration
from media_forum.registration_forms import registration_form_class


@pytest.fixture
def registration_site(settings):
    """Forms that may be sent at once (the minimum fill time is the bot check's, tested on its
    own), and links in e-mails under a fixed address."""
    settings.FORUM_MEDIA_FORM_MIN_SECONDS = 0
    settings.PORTAL_BASE_URL = "https://humas.example.id"
    return settings


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
