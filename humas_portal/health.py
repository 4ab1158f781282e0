"""The checks behind /healthz. Only the database is vital; the rest degrade gracefully."""

import logging
import os
import secrets
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone

from humas_portal.models import WorkerHeartbeat
from humas_portal.notifications.services import (
    outbox_dead_summary,
    outbox_oldest_waiting_age,
    outbox_worked_since,
)
from humas_portal.redis_outage import redis_failed, redis_server, redis_skipped
from humas_portal.uploads import video_evidence_accepted

logger = logging.getLogger(__name__)

OK = "ok"


def database_check() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("healthz: database check failed")
        return "unavailable"
    return OK


def cache_check() -> str:
    # The Redis cache swallows its own errors (a miss), so a write that cannot be read back
    # is how an outage shows; the backend has counted the failure in the outage log
    # (humas_portal/redis_outage.py), so a monitor polling /healthz adds no line per probe.
    probe = secrets.token_hex(8)
    cache.set("healthz:probe", probe, timeout=30)
    return OK if cache.get("healthz:probe") == probe else "unavailable"


def broker_check() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        server = redis_server(url)
        if redis_skipped(server):
            return "unavailable"  # the cache on the same server just failed in this request
        client = redis.Redis.from_url(
            url,
            socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
            socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
        )
        try:
            client.ping()
        except redis.RedisError as exc:
            redis_failed(server, exc, what="healthz broker check")
            return "unavailable"
        finally:
            client.close()
    elif url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"])
        if not folder.is_dir():
            logger.warning("healthz: broker folder %s is missing", folder)
            return "unavailable"
    return OK


def worker_state() -> tuple[str, datetime | None]:
    """The worker's state and its last heartbeat.

    - "ok": a heartbeat within WORKER_HEARTBEAT_MAX_AGE.
    - "busy": none within that time, but a message was claimed for sending or finished (sent
      or given up) within it. Only a worker does either, so the worker consumes: the heartbeat
      task waits in the queue behind others (a backlog), or a long batch holds the worker.
      A task runs at most CELERY_TASK_TIME_LIMIT, below that age, so a worker that goes on
      sending leaves such a trace within every such period.
    - "stale": neither: beat, the broker or the worker stopped.
    - "unknown": no heartbeat was ever written.
    """
    beat = WorkerHeartbeat.objects.filter(name="default").values_list("beat_at", flat=True).first()
    if beat is None:
        return "unknown", None
    since = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
    if beat >= since:
        return OK, beat
    # Only asked when the heartbeat is late, so an unindexed column costs nothing usually.
    if outbox_worked_since(since):
        return "busy", beat
    return "stale", beat


def worker_check() -> str:
    return worker_state()[0]


def outbox_check() -> str:
    age = outbox_oldest_waiting_age()
    if age is not None and age > timedelta(seconds=settings.NOTIFICATIONS_HEALTH_MAX_AGE):
        logger.error("healthz: the oldest unsent notification has waited %s", age)
        return "behind"
    return OK


def disk_check(folder: Path) -> str:
    """Whether files can be stored in ``folder``: "ok", "low" (less free space than
    STORAGE_HEALTH_MIN_FREE_MB) or "unwritable" (a read-only disk, no permission)."""
    # The folder is made by the first file stored in it: until then, the disk it will be on.
    existing = Path(folder)
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        writable = os.access(existing, os.W_OK)
        free = shutil.disk_usage(existing).free
    except OSError:
        logger.exception("healthz: the disk of %s cannot be read", folder)
        return "unavailable"
    if not writable:
        logger.error("healthz: %s cannot be written", folder)
        return "unwritable"
    if free < settings.STORAGE_HEALTH_MIN_FREE_MB * 1024 * 1024:
        logger.error("healthz: %s has %d MB free", folder, free // (1024 * 1024))
        return "low"
    return OK


def dead_mail() -> dict:
    """How many messages were given up (dead, kept NOTIFICATIONS_RETENTION_DAYS) and since
    when the oldest of them; reported beside the checks, it does not degrade the status."""
    count, oldest = outbox_dead_summary()
    return {
        "count": count,
        "oldest": None if oldest is None else oldest.isoformat(timespec="seconds"),
    }


def video_check() -> str:
    # No ffmpeg: the complaint desk does not offer videos, so nothing fails that anyone sees;
    # only here and at start-up is it said.
    return OK if video_evidence_accepted() else "unavailable"


def health_report() -> dict:
    """The body of /healthz: the overall status ("ok", "degraded" or "down"), each part's
    state, and the dead mail."""
    checks = {"database": database_check()}
    if checks["database"] != OK:
        return {"status": "down", "checks": checks}
    checks.update(
        cache=cache_check(),
        broker=broker_check(),
        worker=worker_check(),
        outbox=outbox_check(),
        evidence_disk=disk_check(settings.COMPLAINT_EVIDENCE_ROOT),
        media_disk=disk_check(settings.MEDIA_ROOT),
        video=video_check(),
    )
    status = OK if all(state == OK for state in checks.values()) else "degraded"
    return {"status": status, "checks": checks, "dead_mail": dead_mail()}


def worker_panel(request) -> dict:
    """The worker's heartbeat on the staff dashboard (humas_portal/dashboard.py), as /healthz
    reads it."""
    state, beat = worker_state()
    return {"state": state, "beat_at": beat}
