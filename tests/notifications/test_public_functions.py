"""The public door into the outbox for other apps: previewing a message exactly as it will be
sent, forgetting the messages about an object, and which keys are already enqueued."""

import pytest
from django.contrib.auth import get_user_model

from humas_portal.notifications.models import Message
from humas_portal.notifications.services import (
    notification_enqueue,
    notification_preview,
    notifications_enqueued,
    notifications_forget,
)

KIND = "subscription_confirm"
CONTEXT = {"topics": ["Berita"], "confirm_url": "https://portal.example/konfirmasi/abc/"}


def person(username: str):
    # Any saved object can be what messages are about; a user is one every install has.
    return get_user_model().objects.create_user(username)


def enqueue(key: str, *, about=None, recipient: str = "warga@example.id") -> Message:
    return notification_enqueue(
        kind=KIND, recipient=recipient, context=CONTEXT, idempotency_key=key, about=about
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_the_preview_is_what_is_sent_and_writes_nothing():
    preview = notification_preview(kind=KIND, context=CONTEXT)
    assert Message.objects.count() == 0
    message = enqueue("pratinjau")

    assert (preview.subject, preview.body_text, preview.body_html) == (
        message.subject,
        message.body_text,
        message.body_html,
    )
    assert "https://portal.example/konfirmasi/abc/" in preview.body_text


@pytest.mark.django_db
def test_the_preview_of_an_unknown_kind_is_refused():
    with pytest.raises(LookupError):
        notification_preview(kind="tidak_ada", context={})


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_forget_deletes_the_messages_about_one_object_only():
    first, eleventh = person("warga1"), person("warga11")
    enqueue("tanda-terima", about=first)
    enqueue("balasan:7", about=first)
    # Same key about another object: another message, which stays.
    kept = [enqueue("tanda-terima", about=eleventh), enqueue("tanda-terima")]
    assert Message.objects.count() == 4

    assert notifications_forget(about=first) == 2

    assert sorted(Message.objects.values_list("pk", flat=True)) == sorted(m.pk for m in kept)
    assert notifications_forget(about=first) == 0


@pytest.mark.django_db
def test_a_message_about_an_object_is_still_enqueued_once():
    about = person("warga1")
    assert enqueue("balasan:7", about=about).pk == enqueue("balasan:7", about=about).pk
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_enqueued_names_the_keys_that_already_have_a_message():
    enqueue("ringkasan:1:2026-05-05")

    assert notifications_enqueued(
        idempotency_keys=["ringkasan:1:2026-05-05", "ringkasan:2:2026-05-05"]
    ) == {"ringkasan:1:2026-05-05"}
    assert notifications_enqueued(idempotency_keys=[]) == set()
