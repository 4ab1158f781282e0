"""Redis outages on the request path: a per-request circuit breaker and a log that reports an
outage once per interval instead of once per call.

A frozen Redis (a stopped process, a saturated host) accepts TCP connections but never answers,
so every call waits for its socket timeout. A request makes several Redis calls (rate limiter,
page cache, fragments, the broker publish after commit), and those waits added up to many
seconds. Within one request, once a call to a server has failed, the other calls to that server
are skipped at once: the cache answers a miss, the publish is left to the outbox relay. The
breaker lives only as long as the request (RedisCircuitBreakerMiddleware); workers and
commands call Redis as usual.

Each failure is also counted here: the first of an outage is logged with its traceback, then
one line per interval says how many followed, so an outage is not tens of thousands of
tracebacks that journald's rate limit would drop together with the real errors.
"""

import logging
import threading
import time
from contextvars import ContextVar
from urllib.parse import urlsplit

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger(__name__)

LOG_INTERVAL = 60.0

# The servers ("host:port") that failed in the current request; None outside a request.
_failed_servers: ContextVar[set[str] | None] = ContextVar("redis_failed_servers", default=None)


def redis_server(url: str) -> str:
    """The server a Redis URL names, without credentials: the circuit breaker's key."""
    return urlsplit(url).netloc.rpartition("@")[2]


def redis_skipped(server: str) -> bool:
    """Whether a call to ``server`` is to be skipped: it already failed in this request."""
    failed = _failed_servers.get()
    return failed is not None and server in failed


def redis_failed(server: str, exc: BaseException, *, what: str) -> None:
    """Record that a call to ``server`` failed: skip it for the rest of the request, and count
    the failure in the outage log."""
    failed = _failed_servers.get()
    if failed is not None:
        failed.add(server)
    _outage_log.failure(what, exc)


class OutageLog:
    """Counts failures; logs the first of an outage in full and then one line per interval.

    An outage ends when no failure came for a whole interval; the next failure starts a new
    one (and is logged with its traceback again)."""

    def __init__(self, interval: float = LOG_INTERVAL) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._last_failure: float | None = None
        self._counted_since = 0.0
        self._count = 0

    def failure(self, what: str, exc: BaseException) -> None:
        now = time.monotonic()
        summary = None
        with self._lock:
            new_outage = self._last_failure is None or now - self._last_failure >= self.interval
            self._last_failure = now
            if new_outage:
                self._counted_since, self._count = now, 0
            else:
                self._count += 1
                if now - self._counted_since >= self.interval:
                    summary = (self._count, now - self._counted_since)
                    self._counted_since, self._count = now, 0
        if new_outage:
            logger.warning(
                "Redis unreachable (%s); further failures are counted and logged once every %d s",
                what,
                self.interval,
                exc_info=exc,
            )
        elif summary is not None:
            logger.warning("Redis unreachable: %d failures in the last %d s", *summary)


_outage_log = OutageLog()


class RedisCircuitBreakerMiddleware:
    """Gives each request its own circuit breaker (see the module's docstring). First in
    MIDDLEWARE, so that every Redis call of the request, the commit hooks included, shares it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _failed_servers.set(set())
        try:
            return self.get_response(request)
        finally:
            _failed_servers.reset(token)


class _GuardedClient:
    """The django-redis client, with each call passed through the circuit breaker."""

    def __init__(self, client, server: str) -> None:
        self._client = client
        self._server = server

    def __getattr__(self, name: str):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if redis_skipped(self._server):
                # What the client raises for a failed call: with IGNORE_EXCEPTIONS the cache
                # answers its default (a miss, a dropped write), without waiting.
                raise ConnectionInterrupted(connection=None) from RedisConnectionError(
                    "skipped: this server failed earlier in the request"
                )
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as exc:
                redis_failed(self._server, exc.__cause__ or exc, what="cache")
                raise

        return call


class RedisCache(DjangoRedisCache):
    """django-redis's cache behind the per-request circuit breaker, its failures counted in
    the outage log (instead of DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS' traceback per call)."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        # Several servers (replicas) are rare here; the first, the primary, names the breaker.
        first = server[0] if isinstance(server, list | tuple) else server.split(",")[0]
        self._breaker_server = redis_server(first)

    @property
    def client(self):
        return _GuardedClient(super().client, self._breaker_server)
