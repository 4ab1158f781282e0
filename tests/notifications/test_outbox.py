"""The outbox in one process, over a real SMTP conversation with an aiosmtpd sink."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from humas_portal.notifications.models import Message, Status
from humas_portal.notifications.services import (
    notification_deliver,
    notification_enqueue,
    notifications_purge,
    notifications_relay,
)


def enqueue(key: str = "uji-1", recipient: str = "warga@example.id") -> Message:
    return notification_enqueue(
        kind="subscription_confirm",
        recipient=recipient,
        context={"topics": ["Berita"], "confirm_url": "https://portal.example/konfirmasi/abc/"},
        idempotency_key=key,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_enqueue_renders_the_branded_message_and_dispatches_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        message = enqueue()
    assert len(callbacks) == 1
    assert message.status == Status.PENDING
    assert message.subject == "Konfirmasi langganan informasi Bawaslu Kabupaten Jember"
    assert "https://portal.example/konfirmasi/abc/" in message.body_text
    assert "Bawaslu Kabupaten Jember" in message.body_html
    assert message.message_id.startswith("<")
    assert message.message_id.endswith(">")


@pytest.mark.django_db
def test_same_idempotency_key_gives_one_row():
    first = enqueue()
    second = enqueue()
    assert first.pk == second.pk
    assert Message.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_delivered_over_smtp_once_even_if_the_task_runs_twice(smtp_settings):
    message = enqueue()

    notification_deliver(message_ids=[message.pk])
    notification_deliver(message_ids=[message.pk])

    received = smtp_settings.wait_for(1)
    assert len(received) == 1
    assert received[0]["Message-ID"] == message.message_id
    assert received[0]["To"] == "warga@example.id"
    assert received[0].is_multipart()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


@pytest.mark.django_db
def test_transient_failure_backs_off_then_delivers_once(smtp_settings, settings):
    settings.NOTIFICATIONS_RETRY_BASE = 60
    message = enqueue()
    smtp_settings.reply = "451 4.3.0 Coba lagi nanti"

    notification_deliver(message_ids=[message.pk])

    message.refresh_from_db()
    assert message.status == Status.RETRYING
    assert "451" in message.last_error
    assert timedelta(seconds=47) < message.next_attempt_at - timezone.now() < timedelta(seconds=73)
    notification_deliver(message_ids=[message.pk])  # not due yet: nothing happens
    assert Message.objects.get(pk=message.pk).attempts == 1

    smtp_settings.reply = None
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    notification_deliver(message_ids=[message.pk])

    assert len(smtp_settings.wait_for(1)) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2


@pytest.mark.django_db
def test_permanent_failure_is_dead(smtp_settings):
    message = enqueue()
    smtp_settings.reply = "550 5.1.1 Kotak surat tidak ada"

    notification_deliver(message_ids=[message.pk])

    message.refresh_from_db()
    assert message.status == Status.DEAD
    assert "550" in message.last_error
    assert smtp_settings.received == []


@pytest.mark.django_db
def test_smtp_server_down_is_transient(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    from tests.conftest import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens
    message = enqueue()

    notification_deliver(message_ids=[message.pk])

    message.refresh_from_db()
    assert message.status == Status.RETRYING
    assert message.attempts == 1


@pytest.mark.django_db
def test_expired_message_is_dead_instead_of_retried(smtp_settings):
    message = enqueue()
    Message.objects.filter(pk=message.pk).update(
        status=Status.RETRYING, expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert notifications_relay() == 0
    message.refresh_from_db()
    assert message.status == Status.DEAD
    assert smtp_settings.received == []


@pytest.mark.django_db
def test_relay_picks_due_and_stuck_rows_only(settings, django_capture_on_commit_callbacks):
    now = timezone.now()
    due = enqueue("due")
    later = enqueue("later")
    stuck = enqueue("stuck")
    busy = enqueue("busy")
    Message.objects.filter(pk=due.pk).update(next_attempt_at=now)
    Message.objects.filter(pk=later.pk).update(
        status=Status.RETRYING, next_attempt_at=now + timedelta(minutes=5)
    )
    old = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_TIMEOUT + 1)
    Message.objects.filter(pk=stuck.pk).update(status=Status.SENDING, sending_started_at=old)
    Message.objects.filter(pk=busy.pk).update(status=Status.SENDING, sending_started_at=now)

    assert notifications_relay() == 2
    assert set(Message.objects.filter(status=Status.PENDING).values_list("pk", flat=True)) == {
        due.pk,
        stuck.pk,
    }
    # Leased: a second relay right away dispatches nothing again.
    assert notifications_relay() == 0


@pytest.mark.django_db
def test_relayed_retry_is_claimed_by_the_task_it_dispatches(smtp_settings):
    message = enqueue()
    Message.objects.filter(pk=message.pk).update(
        status=Status.RETRYING, attempts=1, next_attempt_at=timezone.now()
    )
    assert notifications_relay() == 1

    notification_deliver(message_ids=[message.pk])

    assert len(smtp_settings.wait_for(1)) == 1
    assert Message.objects.get(pk=message.pk).status == Status.SENT


@pytest.mark.django_db(transaction=True)
def test_enqueue_inside_a_failed_transaction_leaves_nothing():
    def failing_write() -> None:
        with transaction.atomic():
            enqueue()
            raise RuntimeError("the caller's write failed")

    with pytest.raises(RuntimeError):
        failing_write()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_sent_and_dead_messages_are_purged_after_the_retention_period(settings):
    settings.NOTIFICATIONS_RETENTION_DAYS = 90
    now = timezone.now()
    old_sent = enqueue("old-sent")
    old_dead = enqueue("old-dead")
    recent = enqueue("recent")
    waiting = enqueue("waiting")
    long_ago = now - timedelta(days=91)
    Message.objects.filter(pk=old_sent.pk).update(
        status=Status.SENT, sent_at=long_ago, finished_at=long_ago
    )
    Message.objects.filter(pk=old_dead.pk).update(status=Status.DEAD, finished_at=long_ago)
    Message.objects.filter(pk=recent.pk).update(
        status=Status.SENT, sent_at=now, finished_at=now - timedelta(days=89)
    )
    Message.objects.filter(pk=waiting.pk).update(created_at=long_ago)

    assert notifications_purge() == 2

    assert set(Message.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


@pytest.mark.django_db
def test_healthz_reports_an_outbox_that_fell_behind(client, settings, caplog):
    settings.NOTIFICATIONS_HEALTH_MAX_AGE = 600
    message = enqueue()
    assert client.get("/healthz").json()["checks"]["outbox"] == "ok"

    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(seconds=601))
    body = client.get("/healthz").json()

    assert body["status"] == "degraded"
    assert body["checks"]["outbox"] == "behind"
    assert any(
        record.levelname == "ERROR" and "unsent notification" in record.getMessage()
        for record in caplog.records
    )
