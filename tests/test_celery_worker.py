"""A task published by this process is run by a separate worker process."""

import time
from pathlib import Path

import pytest
from django.utils import timezone
from kombu import Connection

from humas_portal.models import WorkerHeartbeat
from humas_portal.tasks import worker_heartbeat


def wait_for_heartbeat(name: str, process, timeout: float = 30.0) -> WorkerHeartbeat:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        beat = WorkerHeartbeat.objects.filter(name=name).first()
        if beat is not None:
            return beat
        assert process.poll() is None, Path(process.log_path).read_text()
        time.sleep(0.2)
    raise AssertionError("the worker did not run the task:\n" + Path(process.log_path).read_text())


def publish_with(broker_url: str, transport_options: dict, name: str) -> None:
    # The URL's own transport: settings name the portal's Redis transport when REDIS_URL is set,
    # and a named transport would override this URL's scheme.
    with Connection(broker_url, transport_options=transport_options) as connection:
        worker_heartbeat.apply_async(kwargs={"name": name}, connection=connection)


@pytest.mark.django_db(transaction=True)
def test_worker_process_runs_task_from_filesystem_broker(tmp_path, worker_process):
    """No Redis at all: the embedded `make run` setup, with a broker folder of its own."""
    for name in ("queue", "processed", "control"):
        (tmp_path / name).mkdir()
    queue = tmp_path / "queue"
    options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    before = timezone.now()
    publish_with("filesystem://", options, "filesystem-test")
    assert any(queue.iterdir()), "the message should wait in the broker folder"

    process = worker_process(broker_url="filesystem://", transport_options=options)
    beat = wait_for_heartbeat("filesystem-test", process)

    assert beat.beat_at >= before
    assert not any(queue.iterdir()), "the worker should have consumed the message"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_process_runs_task_from_redis(shared_redis_url, worker_process):
    process = worker_process(broker_url=shared_redis_url)
    before = timezone.now()
    publish_with(shared_redis_url, {}, "redis-test")

    beat = wait_for_heartbeat("redis-test", process)

    assert beat.beat_at >= before


def test_a_broker_configured_again_at_the_same_address_still_publishes(celery_broker):
    """The tests' broker switch closes the pools it drops; a broker at an address used before
    (a test Redis on a port drawn again) must get new ones, not the closed ones."""
    from humas_portal.celery import app

    celery_broker("memory://")
    app.send_task("tests.nothing")
    celery_broker("memory://")

    app.send_task("tests.nothing")  # raised "Acquire on closed pool" when the pool was reused
