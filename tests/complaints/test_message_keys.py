"""Migration 0006: the reporter's outbox rows written before notification_enqueue(about=...)
get the keys it gives now, so that retention forgets them too; digests keep theirs."""

import importlib

from django.apps import apps

from complaints.models import Stage
from complaints.retention import complaint_shred
from humas_portal.notifications.models import Message
from humas_portal.notifications.services import notification_enqueue
from tests.complaints.factories import complaint_file, complaint_move

migration = importlib.import_module("complaints.migrations.0006_message_keys_name_complaint")


def old_keys(complaint) -> None:
    """The keys complaints.services wrote before this change."""
    event = complaint.events.filter(to_stage=Stage.ASSESSMENT).get()
    renames = {
        "receipt": "complaint-receipt:%s" % complaint.pk,
        "event:%s" % event.pk: "complaint-event:%s" % event.pk,
    }
    for new, old in renames.items():
        updated = Message.objects.filter(
            idempotency_key="complaints.complaint:%s:%s" % (complaint.pk, new)
        ).update(idempotency_key=old)
        assert updated == 1


def enqueue_old(key: str) -> None:
    notification_enqueue(
        kind="complaint_update",
        recipient="x@contoh.id",
        context={"number": "-", "track_url": "-", "stage": "-", "public_note": ""},
        idempotency_key=key,
    )


def test_old_keys_are_renamed_to_name_their_complaint_and_back(officer):
    complaint = complaint_move(complaint_file().complaint, Stage.ASSESSMENT, actor=officer)
    other = complaint_file().complaint
    new_keys = set(Message.objects.values_list("idempotency_key", flat=True))
    assert any(key.startswith("complaints.complaint:%s:" % other.pk) for key in new_keys)
    old_keys(complaint)
    secret = "complaint-secret:%s:%s" % (complaint.pk, "ab12" * 8)
    digest = "complaint-digest:%s:2026-05-05" % officer.pk
    enqueue_old(secret)
    enqueue_old(digest)

    migration.keys_name_complaint(apps, None)

    keys = set(Message.objects.values_list("idempotency_key", flat=True))
    assert keys == new_keys | {
        digest,
        "complaints.complaint:%s:secret:%s" % (complaint.pk, "ab12" * 8),
    }

    migration.keys_back(apps, None)
    back = set(Message.objects.values_list("idempotency_key", flat=True))
    assert {"complaint-receipt:%s" % complaint.pk, secret, digest} <= back
    assert not any(key.startswith("complaints.complaint:%s:" % complaint.pk) for key in back)


def test_shredding_forgets_the_reporters_messages_only(officer, settings):
    settings.COMPLAINT_RETENTION_MONTHS = 0
    complaint = complaint_move(
        complaint_file().complaint,
        Stage.ASSESSMENT,
        Stage.NOT_REGISTERED,
        Stage.CLOSED,
        actor=officer,
    )
    other = complaint_file().complaint
    assert Message.objects.filter(recipient=complaint.reporter_email).count() == 4

    assert complaint_shred(complaint_id=complaint.pk) is True

    assert not Message.objects.filter(recipient=complaint.reporter_email).exists()
    assert Message.objects.filter(recipient=other.reporter_email).count() == 1
