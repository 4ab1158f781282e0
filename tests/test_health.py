"""/healthz and what an outage of Redis does to the site."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from humas_portal.models import WorkerHeartbeat
from humas_portal.tasks import worker_heartbeat


@pytest.mark.django_db
def test_healthz_is_ok_when_every_part_answers(client):
    worker_heartbeat()  # as the beat does every minute
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "cache": "ok",
            "broker": "ok",
            "worker": "ok",
            "outbox": "ok",
            "evidence_disk": "ok",
            "media_disk": "ok",
            "video": "ok",
        },
        "dead_mail": {"count": 0, "oldest": None},
    }
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_degraded_when_the_worker_went_quiet(client, settings):
    WorkerHeartbeat.objects.create(
        name="default",
        beat_at=timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE + 1),
    )
    body = client.get(reverse("healthz")).json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"] == "stale"


@pytest.mark.django_db
@pytest.mark.usefixtures("no_ffmpeg")
def test_healthz_says_when_videos_cannot_be_taken(client):
    worker_heartbeat()
    body = client.get(reverse("healthz")).json()
    assert body["status"] == "degraded"
    assert body["checks"]["video"] == "unavailable"
    assert [part for part, state in body["checks"].items() if state != "ok"] == ["video"]


@pytest.mark.django_db
def test_healthz_is_503_only_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("humas_portal.health.connection.cursor", broken_cursor)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "checks": {"database": "unavailable"}}


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_redis_outage_degrades_but_does_not_take_the_site_down(client, settings, own_redis):
    """A test-owned redis-server as broker and cache, stopped by PID mid-test."""
    worker_heartbeat()
    settings.CELERY_BROKER_URL = own_redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": own_redis.url.replace("/0", "/1"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    assert client.get(reverse("healthz")).json()["status"] == "ok"

    own_redis.stop()

    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Bawaslu Kabupaten Jember" in home.text
    health = client.get(reverse("healthz"))
    assert health.status_code == 200
    assert health.json() == {
        "status": "degraded",
        "checks": {
            "database": "ok",
            "cache": "unavailable",
            "broker": "unavailable",
            "worker": "ok",
            "outbox": "ok",
            "evidence_disk": "ok",
            "media_disk": "ok",
            "video": "ok",
        },
        "dead_mail": {"count": 0, "oldest": None},
    }

    own_redis.start()  # same port: the site recovers without a restart
    assert client.get(reverse("healthz")).json()["status"] == "ok"
