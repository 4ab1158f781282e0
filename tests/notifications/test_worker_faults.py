"""Faults around the send task, beside the outbox's other fault tests (test_delivery.py): a
send batch bounded by time against a slow SMTP server, the task's soft time limit striking
mid-batch, and the worker living through its Redis being killed and started again."""

import re
import time

import kombu
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db.models import Count
from django.utils import timezone
from kombu.transport import redis as kombu_redis

from humas_portal import broker
from humas_portal.notifications import services
from humas_portal.notifications.models import Message, Status
from humas_portal.notifications.services import notification_deliver, notifications_relay
from humas_portal.notifications.tasks import notifications_send

# outbox_worker: a worker process on the test-owned redis-server, sending to a given port.
from tests.notifications.test_delivery import (
    enqueue,
    outbox_worker,  # noqa: F401
    row,
    wait_until,
    worker_log,
)
from tests.test_settings import assert_one_clear_line, manage

SUCCEEDED = re.compile(r"Task notifications\.send\[[^\]]+\] succeeded in ([0-9.]+)s")


def enqueue_batch(prefix: str, count: int, monkeypatch) -> list[int]:
    """Rows that one send task will take together, as a backlog relayed after an outage is."""
    with monkeypatch.context() as patched:
        patched.setattr(services, "_dispatch", lambda ids: None)
        return [enqueue("%s-%d" % (prefix, number)).pk for number in range(count)]


def statuses(ids: list[int]) -> dict[str, int]:
    counts = Message.objects.filter(pk__in=ids).order_by().values("status").annotate(n=Count("pk"))
    return {entry["status"]: entry["n"] for entry in counts}


def message_ids_received(sink) -> list[str]:
    return [mail["Message-ID"] for mail in sink.received]


# --- A batch bounded by time --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_batch_stops_taking_messages_after_its_time_and_releases_the_rest(
    smtp_settings, settings, monkeypatch
):
    """At 0.3 s a mail and 0.5 s a batch, one run sends one or two of five; the others are
    handed back untried: pending, their attempt not counted, not "sending". Runs again send
    the rest, each message exactly once with one attempt."""
    settings.NOTIFICATIONS_BATCH_SECONDS = 0.5
    smtp_settings.delay = 0.3
    ids = enqueue_batch("budget", 5, monkeypatch)

    notification_deliver(message_ids=ids)

    sent = Message.objects.filter(pk__in=ids, status=Status.SENT)
    assert 1 <= sent.count() <= 2
    released = Message.objects.filter(pk__in=ids).exclude(status=Status.SENT)
    assert {(m.status, m.attempts, m.sending_started_at) for m in released} == {
        (Status.PENDING, 0, None)
    }

    for _run in range(5):
        notification_deliver(message_ids=ids)
    assert statuses(ids) == {Status.SENT: 5}
    assert set(Message.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}
    received = message_ids_received(smtp_settings)
    assert sorted(received) == sorted(
        row_.message_id for row_ in Message.objects.filter(pk__in=ids)
    )


@pytest.mark.django_db
def test_the_soft_limit_while_sending_retries_that_message_and_releases_the_untried(
    smtp_settings, monkeypatch
):
    """The limit strikes while the third of five is with the server: the two before it are sent,
    the third is retried later (the server may or may not have it: at-least-once), and the last
    two are released at once with no attempt counted. Nothing is left "sending"."""
    ids = enqueue_batch("soft-limit", 5, monkeypatch)
    real_build = services.email_build

    def build(*, message, connection):
        email = real_build(message=message, connection=connection)
        if message.pk == ids[2]:
            email.send = lambda *args, **kwargs: (_ for _ in ()).throw(SoftTimeLimitExceeded())
        return email

    monkeypatch.setattr(services, "email_build", build)

    notification_deliver(message_ids=ids)

    rows = {pk: Message.objects.get(pk=pk) for pk in ids}
    assert [rows[pk].status for pk in ids] == [
        Status.SENT, Status.SENT, Status.RETRYING, Status.PENDING, Status.PENDING
    ]  # fmt: skip
    assert [rows[pk].attempts for pk in ids] == [1, 1, 1, 0, 0]
    assert len(smtp_settings.received) == 2


@pytest.mark.django_db
def test_the_soft_limit_right_after_the_server_accepted_settles_it_as_sent(
    smtp_settings, monkeypatch
):
    """The limit strikes after the server accepted the second of three, before the row was
    settled: it is settled as sent all the same, not left "sending" for the relay to send it a
    second time; the third is released untried."""
    ids = enqueue_batch("accepted", 3, monkeypatch)
    real_settle = services._settle
    struck = []

    def settle(message, error):
        if message.pk == ids[1] and not struck:
            struck.append(message.pk)
            raise SoftTimeLimitExceeded()
        real_settle(message, error)

    monkeypatch.setattr(services, "_settle", settle)

    notification_deliver(message_ids=ids)

    assert struck == [ids[1]]
    assert [row(Message(pk=pk)).status for pk in ids] == [Status.SENT, Status.SENT, Status.PENDING]
    assert row(Message(pk=ids[2])).attempts == 0
    assert len(smtp_settings.received) == 2


@pytest.mark.django_db
def test_the_soft_limit_right_after_a_refusal_settles_it_as_refused(smtp_settings, monkeypatch):
    """The server refused the message for good (550) just before the limit struck: it is dead,
    as without the limit, not retried as if its outcome were unknown."""
    ids = enqueue_batch("refused", 1, monkeypatch)
    smtp_settings.reply = "550 5.1.1 Kotak surat tidak ada"
    real_settle = services._settle
    struck = []

    def settle(message, error):
        if not struck:
            struck.append(message.pk)
            raise SoftTimeLimitExceeded()
        real_settle(message, error)

    monkeypatch.setattr(services, "_settle", settle)

    notification_deliver(message_ids=ids)

    assert struck == ids
    assert row(Message(pk=ids[0])).status == Status.DEAD


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_backlog_against_a_slow_server_is_sent_once_within_the_soft_limit(
    request, smtp_sink, monkeypatch
):
    """A real worker with a 3 s soft limit (1.5 s a batch) and a server taking 0.5 s a mail:
    one task given ten messages sends a few, hands the rest on to the next task, and so on.
    Every message arrives exactly once with one attempt, none is left "sending", and the soft
    limit never strikes: every task ends within it. Without the bound one task ran for the
    whole backlog, past its soft limit (in production the limit cut it short and the rest
    stayed "sending" with an attempt counted, for the relay to find minutes later)."""
    smtp_sink.delay = 0.5
    worker = request.getfixturevalue("outbox_worker")(
        smtp_sink.port, CELERY_TASK_SOFT_TIME_LIMIT="3", CELERY_TASK_TIME_LIMIT="10"
    )
    ids = enqueue_batch("backlog", 10, monkeypatch)

    notifications_send.delay(ids)

    wait_until(
        lambda: statuses(ids) == {Status.SENT: 10},
        what="all ten to be sent without the relay",
        timeout=30,
        worker=worker,
    )
    assert set(Message.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}
    time.sleep(0.5)  # room for a stray duplicate to show up
    received = message_ids_received(smtp_sink)
    assert len(received) == len(set(received)) == 10
    # Several tasks, each done well within the soft limit (the whole backlog takes over 5 s).
    durations = [float(seconds) for seconds in SUCCEEDED.findall(worker_log(worker))]
    assert len(durations) >= 3
    assert max(durations) < 3
    assert "SoftTimeLimitExceeded" not in worker_log(worker)


# --- Redis killed under a working worker ----------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_again_after_its_redis_was_killed_and_restarted(
    own_redis, request, smtp_sink
):
    """Redis is SIGKILLed while the worker finishes a task (its ack fails) and started again,
    empty, on the same port. The same worker process reconnects: a message enqueued afterwards
    is delivered by it, and the relay sends what the lost queue held; each arrives once."""
    smtp_sink.delay = 1.0
    worker = request.getfixturevalue("outbox_worker")(smtp_sink.port)
    before = [enqueue("before-kill-%d" % number) for number in range(3)]
    wait_until(lambda: smtp_sink.received, what="a first message delivered", worker=worker)

    own_redis.process.kill()
    own_redis.process.wait(timeout=10)
    time.sleep(2)  # the task under way finishes and fails to ack; the worker loses its broker
    own_redis.start()

    started = time.monotonic()
    after = enqueue("after-restart")
    wait_until(
        lambda: row(after).status == Status.SENT,
        what="a message enqueued after the restart to be delivered",
        timeout=60,
        worker=worker,
    )
    resumed_in = time.monotonic() - started

    def all_sent() -> bool:
        Message.objects.filter(status=Status.PENDING).update(next_attempt_at=timezone.now())
        notifications_relay()
        return all(row(message).status == Status.SENT for message in before)

    wait_until(all_sent, what="the relay to send the lost queue's messages", timeout=60,
               worker=worker, interval=1)  # fmt: skip
    assert worker.poll() is None, "the worker should have lived through the outage"
    assert resumed_in < 60
    time.sleep(1)
    assert sorted(message_ids_received(smtp_sink)) == sorted(
        message.message_id for message in [*before, after]
    )


def close_channel_after_collect(own_redis, transport) -> None:
    """The worker's clean-up after a lost connection, step by step (humas_portal/broker.py): a
    channel holding a message whose ack failed is closed after Connection.collect() detached
    the transport from its connection."""
    connection = kombu.Connection(own_redis.url, transport=transport)
    try:
        channel = connection.default_channel
        channel.qos._quick_append("tag-1", object())  # delivered, not acknowledged
        connection.transport.client = None  # what collect() leaves behind
        channel.close()
    finally:
        connection.transport.client = connection
        connection.release()


def test_closing_a_channel_after_the_transport_was_detached_does_not_raise(own_redis):
    close_channel_after_collect(own_redis, broker.Transport)


def test_kombus_own_transport_still_fails_there(own_redis):
    """The bug the portal's transport works around. Should this fail, kombu has fixed it:
    humas_portal/broker.py and CELERY_BROKER_TRANSPORT can go."""
    with pytest.raises(AttributeError, match="hostname"):
        close_channel_after_collect(own_redis, kombu_redis.Transport)


@pytest.mark.parametrize(
    ("redis_url", "transport"),
    [("redis://127.0.0.1:6379/0", "humas_portal.broker:Transport"), ("rediss://r.id:6380/0", None)],
)
def test_the_worker_uses_the_portals_transport_with_redis(redis_url, transport):
    script = "from humas_portal.celery import app; print(app.conf.broker_transport)"
    result = manage("shell", "--no-imports", "-c", script, env={"REDIS_URL": redis_url})
    assert result.stdout.strip() == str(transport), result.stderr


@pytest.mark.parametrize("seconds", ["0", "60", "90"])
def test_a_batch_time_not_below_the_soft_limit_fails_clearly(seconds):
    result = manage("check", env={"NOTIFICATIONS_BATCH_SECONDS": seconds})
    assert_one_clear_line(result, "NOTIFICATIONS_BATCH_SECONDS")
