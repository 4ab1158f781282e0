"""Attachments of outbox messages: built when the message is sent, from the id of the object it
is about, never stored in the outbox row (issue 16)."""

import uuid

import pytest

from humas_portal.notifications import registry
from humas_portal.notifications.email import email_build, message_bodies
from humas_portal.notifications.models import Message
from humas_portal.notifications.registry import Attachment
from humas_portal.notifications.services import notification_deliver, notification_enqueue
from humas_portal.siteprofile.models import OfficeProfile

KIND = "test_with_attachment"


@pytest.fixture
def attachment_kind(monkeypatch):
    """A kind whose attachment names the object it was built for, and counts its builds."""
    calls = []

    def build(*, object_id, language):
        calls.append((object_id, language))
        if object_id != OfficeProfile.objects.get().pk:
            return []  # the object is gone
        return [
            Attachment(
                filename="berkas-%d.txt" % object_id,
                content=("dibuat-%s" % uuid.uuid4().hex).encode(),
                mimetype="text/plain",
            )
        ]

    monkeypatch.setattr(registry, "_kinds", dict(registry._kinds))  # restored afterwards
    registry.kind_register(
        name=KIND, template="notifications/emails/subscription_confirm", attachments=build
    )
    return calls


def enqueue(key: str, *, about) -> Message:
    return notification_enqueue(
        kind=KIND,
        recipient="wartawan@example.id",
        context={"topics": ["Forum Media"], "confirm_url": "https://portal.example/k/"},
        idempotency_key=key,
        about=about,
        language="en",
    )


@pytest.mark.django_db
def test_the_attachment_is_built_at_send_time_and_not_stored(office, attachment_kind):
    message = enqueue("one", about=office)

    stored = Message.objects.get(pk=message.pk)
    assert stored.about_id == office.pk
    assert attachment_kind == []  # nothing built while enqueueing
    first = email_build(message=stored).message()
    second = email_build(message=stored).message()

    assert attachment_kind == [(office.pk, "en"), (office.pk, "en")]
    parts = [part for part in first.walk() if part.get_filename()]
    assert [(part.get_filename(), part.get_content_type()) for part in parts] == [
        ("berkas-%d.txt" % office.pk, "text/plain")
    ]
    content = parts[0].get_payload(decode=True)
    # Built anew each time: the row holds no copy of it.
    assert content != next(p for p in second.walk() if p.get_filename()).get_payload(decode=True)
    row_text = " ".join(
        str(value) for value in Message.objects.filter(pk=message.pk).values()[0].values()
    )
    assert content.decode() not in row_text
    assert content.decode() not in "".join(message_bodies(message=stored))


@pytest.mark.django_db
def test_an_object_gone_before_sending_sends_the_message_without_attachment(
    office, attachment_kind
):
    message = enqueue("gone", about=office)
    Message.objects.filter(pk=message.pk).update(about_id=office.pk + 1000)

    email = email_build(message=Message.objects.get(pk=message.pk)).message()

    assert attachment_kind == [(office.pk + 1000, "en")]
    assert not [part for part in email.walk() if part.get_filename()]


@pytest.mark.django_db
def test_a_message_without_about_builds_no_attachment(attachment_kind):
    message = notification_enqueue(
        kind=KIND,
        recipient="wartawan@example.id",
        context={"topics": [], "confirm_url": "https://portal.example/k/"},
        idempotency_key="no-about",
    )

    email = email_build(message=Message.objects.get(pk=message.pk)).message()

    assert attachment_kind == []
    assert not [part for part in email.walk() if part.get_filename()]


@pytest.mark.django_db
def test_the_attachment_reaches_the_smtp_server(office, attachment_kind, smtp_settings):
    message = enqueue("smtp", about=office)

    notification_deliver(message_ids=[message.pk])

    smtp_settings.wait_for(1)
    received = smtp_settings.received[0]
    names = [part.get_filename() for part in received.walk() if part.get_filename()]
    assert names == ["berkas-%d.txt" % office.pk]
