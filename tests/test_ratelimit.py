"""The rate limiter every public form uses: per client, in the cache, failing open."""

import logging

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from humas_portal import redis_outage
from humas_portal.notifications.models import Subscriber
from humas_portal.notifications.views import SUBSCRIBE_LIMIT
from humas_portal.ratelimit import rate_limit, rate_limit_hit

URL = reverse("subscriptions:subscribe")


def post_empty(client: Client, **extra):
    """A POST that the form refuses (no e-mail): it only counts against the limit."""
    response = client.post(URL, {}, **extra)
    if response.status_code == 200:
        assert "Isi alamat e-mail Anda." in response.text
    return response


def exhaust(client: Client, **extra) -> None:
    for _attempt in range(SUBSCRIBE_LIMIT):
        assert post_empty(client, **extra).status_code == 200


@pytest.mark.django_db
def test_over_the_limit_is_an_indonesian_429_with_retry_after_and_nothing_is_done(client):
    exhaust(client)

    response = client.post(URL, {"email": "warga@example.id", "topics": ["berita"]})

    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.text
    assert response.text.count("<h1") == 1
    assert 'lang="id"' in response.text
    assert 1 <= int(response.headers["Retry-After"]) <= 3600
    assert "no-store" in response.headers["Cache-Control"]
    assert not Subscriber.objects.exists()  # the refused request did not reach the service


@pytest.mark.django_db
def test_get_is_not_counted(client):
    for _attempt in range(SUBSCRIBE_LIMIT * 2):
        assert client.get(URL).status_code == 200
    assert post_empty(client).status_code == 200


@pytest.mark.django_db
def test_each_client_address_has_its_own_budget(client):
    exhaust(client, REMOTE_ADDR="203.0.113.7")
    assert post_empty(client, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert post_empty(client, REMOTE_ADDR="203.0.113.8").status_code == 200


@pytest.mark.django_db
def test_forged_forwarded_for_without_a_trusted_proxy_does_not_reset_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(SUBSCRIBE_LIMIT):
        response = post_empty(
            client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.%d" % attempt
        )
        assert response.status_code == 200
    forged = post_empty(client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert forged.status_code == 429


@pytest.mark.django_db
def test_forged_forwarded_for_behind_one_proxy_does_not_reset_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for attempt in range(SUBSCRIBE_LIMIT):
        # The client writes anything on the left; nginx appends the real address.
        forwarded = "6.6.6.%d, 198.51.100.1" % attempt
        assert post_empty(client, HTTP_X_FORWARDED_FOR=forwarded, **proxy).status_code == 200
    forged = post_empty(client, HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.1", **proxy)
    assert forged.status_code == 429
    # Another real client behind the same proxy is not affected.
    other = post_empty(client, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert other.status_code == 200


def test_retry_after_is_what_is_left_of_the_window(monkeypatch):
    monkeypatch.setattr("humas_portal.ratelimit.time.time", lambda: 7200 + 1000.4)
    hits = [rate_limit_hit(scope="uji", key="203.0.113.7", limit=2, window=3600) for _ in "abc"]
    assert hits == [None, None, 2600]


def test_a_new_window_starts_afresh(monkeypatch):
    now = [7200.0]
    monkeypatch.setattr("humas_portal.ratelimit.time.time", lambda: now[0])
    assert rate_limit_hit(scope="uji", key="k", limit=1, window=60) is None
    assert rate_limit_hit(scope="uji", key="k", limit=1, window=60) == 60
    now[0] += 60
    assert rate_limit_hit(scope="uji", key="k", limit=1, window=60) is None


def test_scopes_are_counted_apart():
    assert rate_limit_hit(scope="satu", key="k", limit=1, window=60) is None
    assert rate_limit_hit(scope="dua", key="k", limit=1, window=60) is None
    assert rate_limit_hit(scope="satu", key="k", limit=1, window=60) is not None


@pytest.mark.django_db
def test_decorator_counts_only_the_methods_named():
    calls = []

    @rate_limit(scope="uji-metode", limit=1, window=60, methods=("PUT",))
    def view(request):
        calls.append(request.method)
        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.post("/")).status_code == 200
    assert view(factory.post("/")).status_code == 200
    assert view(factory.put("/")).status_code == 200
    assert view(factory.put("/")).status_code == 429
    assert calls == ["POST", "POST", "PUT"]


def django_redis_cache(url: str) -> dict:
    """Like production: django-redis behind the portal's circuit breaker, which answers None on
    an outage (IGNORE_EXCEPTIONS)."""
    options = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True}
    return {
        "default": {
            "BACKEND": "humas_portal.redis_outage.RedisCache",
            "LOCATION": url,
            "OPTIONS": options,
        }
    }


def plain_redis_cache(url: str) -> dict:
    """Django's own RedisCache, which raises on an outage."""
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": options,
        }
    }


@pytest.mark.django_db
def test_stopped_redis_fails_open_with_django_redis(
    client, settings, own_redis, caplog, monkeypatch
):
    """The production cache (django-redis, IGNORE_EXCEPTIONS) on a real redis-server."""
    settings.CACHES = django_redis_cache(own_redis.url)
    monkeypatch.setattr(redis_outage, "_outage_log", redis_outage.OutageLog())
    visitor = {"REMOTE_ADDR": "203.0.113.7"}
    exhaust(client, **visitor)
    assert post_empty(client, **visitor).status_code == 429  # Redis counts while it runs

    own_redis.stop()

    with caplog.at_level(logging.WARNING):
        for _attempt in range(SUBSCRIBE_LIMIT + 5):
            assert post_empty(client, **visitor).status_code == 200
        response = client.post(URL, {"email": "warga@example.id", "topics": ["berita"]}, **visitor)
    assert response.status_code == 200
    assert "Periksa kotak masuk Anda" in response.text
    assert Subscriber.objects.filter(email="warga@example.id").exists()
    # The outage is logged once, by the cache backend (humas_portal/redis_outage.py), not
    # once per request by the limiter (issue 13, item 20).
    assert caplog.text.count("Redis unreachable") == 1
    assert "request not counted" not in caplog.text
    assert "203.0.113.7" not in caplog.text  # no client address in the log


@pytest.mark.django_db
def test_stopped_redis_fails_open_with_a_cache_that_raises(settings, own_redis):
    """Django's own RedisCache raises on an outage instead of answering None.

    (Only the limiter is tried here: the site itself runs on django-redis, whose
    IGNORE_EXCEPTIONS keeps the other cache users alive.)
    """
    settings.CACHES = plain_redis_cache(own_redis.url)

    @rate_limit(scope="uji-redis", limit=1, window=60)
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.post("/")).status_code == 200
    assert view(factory.post("/")).status_code == 429

    own_redis.stop()

    for _attempt in range(5):
        assert view(factory.post("/")).status_code == 200


def test_fail_closed_refuses_when_the_cache_is_down(settings, own_redis):
    settings.CACHES = plain_redis_cache(own_redis.url)
    assert rate_limit_hit(scope="staf", key="k", limit=5, window=60, fail_open=False) is None
    own_redis.stop()
    assert rate_limit_hit(scope="staf", key="k", limit=5, window=60, fail_open=False) >= 1
    assert rate_limit_hit(scope="staf", key="k", limit=5, window=60) is None
