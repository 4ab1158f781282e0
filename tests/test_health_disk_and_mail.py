"""/healthz on the disks, the dead mail and a busy worker (issue 13, items 15 and 19)."""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from humas_portal.models import WorkerHeartbeat
from humas_portal.notifications.models import Message, Status
from humas_portal.notifications.services import notification_enqueue
from humas_portal.tasks import worker_heartbeat

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

MB = 1024 * 1024


def healthz(client) -> dict:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    return response.json()


def not_ok(body: dict) -> dict:
    return {part: state for part, state in body["checks"].items() if state != "ok"}


@pytest.fixture
def disks(settings, tmp_path):
    """The media folder exists; the evidence folder not yet (made by its first file)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    settings.COMPLAINT_EVIDENCE_ROOT = tmp_path / "private" / "evidence"
    settings.STORAGE_HEALTH_MIN_FREE_MB = 500
    worker_heartbeat()
    return {"media": settings.MEDIA_ROOT, "evidence": tmp_path}


def messages_enqueue(count: int) -> list[Message]:
    for number in range(count):
        notification_enqueue(
            kind="subscription_confirm",
            recipient="warga%d@contoh.id" % number,
            context={"confirm_url": "https://contoh.id/"},
            idempotency_key="healthz-test:%d" % number,
        )
    return list(Message.objects.order_by("pk"))


def heartbeat_late(settings) -> None:
    WorkerHeartbeat.objects.update_or_create(
        name="default",
        defaults={
            "beat_at": timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE + 60)
        },
    )


# --- Disks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("disk", "part"), [("media", "media_disk"), ("evidence", "evidence_disk")])
def test_a_disk_with_little_free_space_degrades_the_status(
    client, monkeypatch, disks, caplog, disk, part
):
    real_usage = shutil.disk_usage

    def usage(path):
        found = real_usage(path)
        return found._replace(free=499 * MB) if Path(path) == disks[disk] else found

    monkeypatch.setattr("humas_portal.health.shutil.disk_usage", usage)

    body = healthz(client)

    assert body["status"] == "degraded"
    assert not_ok(body) == {part: "low"}
    assert "499 MB free" in caplog.text


def test_free_space_above_the_threshold_is_ok(client, monkeypatch, disks):
    real_usage = shutil.disk_usage
    monkeypatch.setattr(
        "humas_portal.health.shutil.disk_usage",
        lambda path: real_usage(path)._replace(free=500 * MB),
    )
    assert healthz(client)["status"] == "ok"


def test_a_disk_that_cannot_be_written_degrades_the_status(client, monkeypatch, disks):
    # As root every folder is writable; a read-only file system is what os.access reports.
    real_access = os.access

    def access(path, mode):
        return False if Path(path) == disks["media"] else real_access(path, mode)

    monkeypatch.setattr("humas_portal.health.os.access", access)

    body = healthz(client)

    assert body["status"] == "degraded"
    assert not_ok(body) == {"media_disk": "unwritable"}


# --- Dead mail -------------------------------------------------------------------------------


def test_dead_mail_is_counted_with_the_oldest_and_does_not_degrade(client):
    worker_heartbeat()
    first, second, third = messages_enqueue(3)
    now = timezone.now().replace(microsecond=0)
    Message.objects.filter(pk=first.pk).update(
        status=Status.DEAD, finished_at=now - timedelta(days=3)
    )
    Message.objects.filter(pk=second.pk).update(
        status=Status.DEAD, finished_at=now - timedelta(hours=2)
    )
    Message.objects.filter(pk=third.pk).update(status=Status.SENT, sent_at=now, finished_at=now)

    body = healthz(client)

    assert body["dead_mail"] == {
        "count": 2,
        "oldest": (now - timedelta(days=3)).isoformat(timespec="seconds"),
    }
    # Mostly addresses that do not exist: reported, not an outage (that is "outbox": "behind").
    assert body["status"] == "ok"


# --- Busy or stale ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"status": Status.SENDING}, id="claimed"),
        pytest.param({"status": Status.SENT}, id="sent"),
        pytest.param({"status": Status.DEAD}, id="given-up"),
    ],
)
def test_a_late_heartbeat_of_a_worker_that_sends_is_busy_not_stale(client, settings, fields):
    heartbeat_late(settings)
    [message] = messages_enqueue(1)
    a_minute_ago = timezone.now() - timedelta(minutes=1)
    if fields["status"] == Status.SENDING:
        fields = {**fields, "sending_started_at": a_minute_ago}
    else:
        fields = {**fields, "sending_started_at": a_minute_ago, "finished_at": a_minute_ago}
        if fields["status"] == Status.SENT:
            fields["sent_at"] = a_minute_ago
    Message.objects.filter(pk=message.pk).update(**fields)

    body = healthz(client)

    assert not_ok(body) == {"worker": "busy"}
    assert body["status"] == "degraded"


def test_a_late_heartbeat_with_mail_only_from_before_is_stale(client, settings):
    heartbeat_late(settings)
    [message] = messages_enqueue(1)
    before = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE + 1)
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENT, sending_started_at=before, sent_at=before, finished_at=before
    )

    assert not_ok(healthz(client)) == {"worker": "stale"}


def test_waiting_mail_alone_does_not_make_a_worker_busy(client, settings):
    """Mail enqueued by the site but never claimed says nothing about the worker."""
    heartbeat_late(settings)
    messages_enqueue(2)

    assert not_ok(healthz(client)) == {"worker": "stale"}


def test_a_recent_heartbeat_is_ok_whatever_the_mail(client):
    worker_heartbeat()
    [message] = messages_enqueue(1)
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENDING, sending_started_at=timezone.now()
    )

    assert healthz(client)["checks"]["worker"] == "ok"
