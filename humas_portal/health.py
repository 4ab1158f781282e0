"""The checks behind /healthz. Only the database is vital; the rest degrade gracefully."""

import logging
import secrets
from datetime import datetime, timedelta
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone

from humas_portal.models import WorkerHeartbeat
from humas_portal.notifications.services import outbox_oldest_waiting_age
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
    """The worker's state ("ok", "stale", "unknown") and its last heartbeat; one query."""
    beat = WorkerHeartbeat.objects.filter(name="default").values_list("beat_at", flat=True).first()
    if beat is None:
        return "unknown", None
    if timezone.now() - beat > timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE):
        return "stale", beat
    return OK, beat


def worker_check() -> str:
    return worker_state()[0]


def outbox_check() -> str:
    age = outbox_oldest_waiting_age()
    if age is not None and age > timedelta(seconds=settings.NOTIFICATIONS_HEALTH_MAX_AGE):
        logger.error("healthz: the oldest unsent notification has waited %s", age)
        return "behind"
    return OK


def video_check() -> str:
    # No ffmpeg: the complaint desk does not offer videos, so nothing fails that anyone sees;
    # only here and at start-up is it said.
    return OK if video_evidence_accepted() else "unavailable"


def health_report() -> tuple[str, dict[str, str]]:
    """Return the overall status ("ok", "degraded" or "down") and each part's state."""
    checks = {"database": database_check()}
    if checks["database"] != OK:
        return "down", checks
    checks.update(
        cache=cache_check(),
        broker=broker_check(),
        worker=worker_check(),
        outbox=outbox_check(),
        video=video_check(),
    )
    status = OK if all(state == OK for state in checks.values()) else "degraded"
    return status, checks


def worker_panel(request) -> dict:
    """The worker's heartbeat on the staff dashboard (humas_portal/dashboard.py), as /healthz
    reads it."""
    state, beat = worker_state()
    return {"state": state, "beat_at": beat}
