"""Redis frozen or down: no request waits for it for long, and the log says so once.

A frozen Redis (SIGSTOP) still accepts TCP connections but never answers; each call waits for
its socket timeout, and before the per-request circuit breaker and the single-attempt publish a
complaint POST took 13-28 s. A Redis that is down refuses at once, but every call of every
request used to log a traceback (82,726 lines in 45 s).
"""

import json
import logging
import signal
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from humas_portal import redis_outage
from humas_portal.notifications.models import Message, Status
from humas_portal.notifications.services import notifications_relay
from humas_portal.notifications.tasks import notifications_send
from humas_portal.redis_outage import OutageLog
from tests.complaints.test_filing import CREATE, RECEIPT, SECRET, form_data
from tests.notifications.test_delivery import (
    outbox_worker,  # noqa: F401
    row,
    wait_until,
)
from tests.test_settings import manage

# The acceptance bound of the issue, generous for a loaded machine: Redis calls alone are
# bounded to about 1-2 s per request.
FILING_BOUND = 3.0


def production_cache(own_redis, tmp_path) -> dict:
    """The cache exactly as settings.py builds it for REDIS_URL (read in a manage.py process),
    on the test-owned server: the backend, its timeouts and options are the ones under test."""
    result = manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; print(json.dumps(settings.CACHES))",
        env={"REDIS_URL": own_redis.url, "PORTAL_VAR_DIR": str(tmp_path / "settings-var")},
    )
    assert result.returncode == 0, result.stderr
    caches = json.loads(result.stdout.strip().splitlines()[-1])
    assert caches["default"]["LOCATION"] == own_redis.url.rsplit("/", 1)[0] + "/1"
    return caches


@pytest.fixture
def fresh_outage_log(monkeypatch):
    """An outage log with no outage in progress (another test's failures are not this one's)."""
    log = OutageLog()
    monkeypatch.setattr(redis_outage, "_outage_log", log)
    return log


@pytest.fixture
def frozen(own_redis):
    """Stop the test-owned redis-server with SIGSTOP; resume() sends SIGCONT (and so does the
    end of the test, before own_redis terminates it: a stopped process ignores SIGTERM)."""

    class Frozen:
        def freeze(self) -> None:
            own_redis.process.send_signal(signal.SIGSTOP)

        def resume(self) -> None:
            own_redis.process.send_signal(signal.SIGCONT)

    server = Frozen()
    yield server
    server.resume()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_outage_log")
def test_frozen_redis_a_complaint_is_filed_in_seconds_and_its_receipt_arrives_after_resume(
    client, settings, own_redis, frozen, smtp_sink, request, desk, tmp_path
):
    start_worker = request.getfixturevalue("outbox_worker")
    settings.CELERY_BROKER_URL = own_redis.url
    settings.CACHES = production_cache(own_redis, tmp_path)
    notifications_send.delay([])  # a running web process has a live broker connection
    data = form_data(client)  # the form page, while Redis still answers

    frozen.freeze()
    started = time.monotonic()
    response = client.post(CREATE, data)
    took = time.monotonic() - started

    assert response.status_code == 302, response
    assert response["Location"] == RECEIPT
    assert took < FILING_BOUND, "the complaint POST took %.1f s with Redis frozen" % took
    complaint = Complaint.objects.get()
    receipt = Message.objects.get(kind="complaint_receipt")
    assert (receipt.status, receipt.attempts) == (Status.PENDING, 0)
    # The other pages a citizen or a monitor hits meanwhile are bounded as well.
    for url in (RECEIPT, reverse("home"), reverse("healthz")):
        started = time.monotonic()
        page = client.get(url)
        took = time.monotonic() - started
        assert page.status_code == 200, url
        assert took < FILING_BOUND, "%s took %.1f s with Redis frozen" % (url, took)
        if url == RECEIPT:
            secret = SECRET.search(page.text).group(1)
    assert page.json()["checks"]["cache"] == page.json()["checks"]["broker"] == "unavailable"

    frozen.resume()
    worker = start_worker(smtp_sink.port)
    # A minute later, beat's relay finds the row the skipped publish left waiting.
    Message.objects.filter(pk=receipt.pk).update(next_attempt_at=timezone.now())
    assert notifications_relay() == 1

    wait_until(lambda: smtp_sink.received, what="the receipt e-mail", worker=worker)
    wait_until(
        lambda: row(receipt).status == Status.SENT, what="the receipt to be sent", worker=worker
    )
    mail = smtp_sink.received[0]
    assert mail["To"] == complaint.reporter_email
    text = next(
        part.get_payload(decode=True).decode(part.get_content_charset())
        for part in mail.walk()
        if part.get_content_type() == "text/plain"
    )
    assert complaint.number in text
    assert secret in text


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_outage_log")
def test_frozen_broker_alone_bounds_the_publish_and_the_healthz_ping(
    client, settings, own_redis, frozen, celery_broker, desk
):
    """The cache elsewhere (here: local memory), so nothing trips the breaker before the
    publish after commit and the healthz PING: each is one attempt of about a socket timeout."""
    settings.CELERY_BROKER_URL = own_redis.url
    celery_broker(own_redis.url, {"socket_timeout": 1.0, "socket_connect_timeout": 1.0})
    notifications_send.delay([])  # a running web process has a live broker connection
    data = form_data(client)

    frozen.freeze()
    for method, url in (("post", CREATE), ("get", reverse("healthz"))):
        started = time.monotonic()
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        took = time.monotonic() - started
        assert response.status_code in (200, 302), url
        assert took < FILING_BOUND, "%s took %.1f s with the broker frozen" % (url, took)

    assert response.json()["checks"]["broker"] == "unavailable"
    receipt = Message.objects.get(kind="complaint_receipt")
    assert (receipt.status, receipt.attempts) == (Status.PENDING, 0)  # the relay will send it


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_outage_log")
def test_redis_down_200_requests_log_a_handful_of_lines(
    client, settings, own_redis, celery_broker, desk, caplog, tmp_path
):
    settings.CELERY_BROKER_URL = own_redis.url
    settings.CACHES = production_cache(own_redis, tmp_path)
    celery_broker(own_redis.url, {"socket_timeout": 1.0, "socket_connect_timeout": 1.0})
    notifications_send.delay([])
    own_redis.stop()

    with caplog.at_level(logging.INFO):
        for number in range(50):
            assert client.get(reverse("home")).status_code == 200
            assert client.get(reverse("healthz")).status_code == 200
            assert client.get(CREATE).status_code == 200
            subscribed = client.post(
                reverse("subscriptions:subscribe"),
                {"email": "warga%d@example.id" % number, "topics": ["berita"]},
            )
            assert subscribed.status_code == 200
    # Every cache user, the limiter, the healthz probe and the publish failed all along...
    assert Message.objects.filter(status=Status.PENDING).count() == 50
    # ...and the log said so once, with the traceback: nothing per call or per request.
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) <= 5, lines[:20]
    outage = [record for record in caplog.records if "Redis unreachable" in record.getMessage()]
    assert len(outage) == 1
    assert outage[0].exc_info is not None


def test_outage_log_reports_the_first_failure_then_a_count_per_interval(
    monkeypatch, fresh_outage_log, caplog
):
    clock = [1000.0]
    monkeypatch.setattr(redis_outage.time, "monotonic", lambda: clock[0])
    error = ConnectionError("refused")

    with caplog.at_level(logging.WARNING, logger="humas_portal.redis_outage"):
        for _second in range(150):  # 10 failures a second for 150 s
            for _call in range(10):
                fresh_outage_log.failure("cache", error)
            clock[0] += 1
        clock[0] += 120  # quiet for two intervals: the outage is over
        fresh_outage_log.failure("cache", error)

    lines = [(record.getMessage(), record.exc_info is not None) for record in caplog.records]
    assert lines == [
        (
            "Redis unreachable (cache); further failures are counted and logged once every 60 s",
            True,
        ),
        ("Redis unreachable: 600 failures in the last 60 s", False),
        ("Redis unreachable: 600 failures in the last 60 s", False),
        (
            "Redis unreachable (cache); further failures are counted and logged once every 60 s",
            True,
        ),
    ]
