"""Rate limits for public forms: a counter per client (``client_key``: an IPv4 address or an
IPv6 /64 network) or per other key in the cache, per fixed window.

Fails open: when the cache is unreachable a request is allowed (the outage is logged by the
cache backend, once per interval), because a Redis outage must not stop a citizen from filing a
complaint or subscribing. A limit that must fail closed (a staff login, say) passes
``fail_open=False``.
"""

import hashlib
import logging
import math
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from humas_portal.net import client_key

logger = logging.getLogger(__name__)


def _count(cache_key: str, timeout: int) -> int | None:
    """Add one to the counter; None when the cache did not answer."""
    # add() creates the counter only if it is missing, so two first requests cannot both
    # start it at 1.
    added = cache.add(cache_key, 1, timeout=timeout)
    if added is None:
        return None  # django-redis with IGNORE_EXCEPTIONS answers None instead of raising
    if added:
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:
        # The counter expired between add() and incr(): this request opens a new one.
        return 1 if cache.add(cache_key, 1, timeout=timeout) else None


def rate_limit_hit(
    *, scope: str, key: str, limit: int, window: int, fail_open: bool = True
) -> int | None:
    """Count one request of ``key`` in ``scope``; return the seconds to wait if over the limit.

    Returns None when the request is allowed. Windows are fixed (aligned to multiples of
    ``window`` seconds), so the wait is what is left of the current window.
    """
    now = time.time()
    window_start = int(now // window) * window
    retry_after = max(1, math.ceil(window_start + window - now))
    # The address is hashed: no personal data in cache keys, which monitoring tools show.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = "ratelimit:%s:%s:%d" % (scope, digest, window_start)
    try:
        # The timeout outlives the window a little, for clock differences between servers.
        count = _count(cache_key, window + 5)
    except Exception as exc:  # any backend, any failure: the cache is not the site
        logger.warning("rate limit %s: cache failed (%s)", scope, exc.__class__.__name__)
        count = None
    if count is None:
        # The cache backend has counted the outage in its own log (humas_portal/redis_outage.py);
        # a line per request here would flood the log during one. A refusal is rarer and says
        # more, so it is still logged.
        if fail_open:
            return None
        logger.warning("rate limit %s: request not counted, refused (fails closed)", scope)
        return retry_after
    return retry_after if count > limit else None


def rate_limited_response(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The Indonesian 429 page with Retry-After; never cached."""
    response = render(
        request,
        "429.html",
        {"retry_minutes": max(1, math.ceil(retry_after / 60))},
        status=429,
    )
    response.headers["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def rate_limit_check(
    request: HttpRequest, *, scope: str, limit: int, window: int, fail_open: bool = True
) -> HttpResponse | None:
    """Count this request against its client (``client_key``); the 429 response if over the
    limit."""
    retry_after = rate_limit_hit(
        scope=scope, key=client_key(request), limit=limit, window=window, fail_open=fail_open
    )
    if retry_after is None:
        return None
    return rate_limited_response(request, retry_after)


def rate_limit(
    *,
    scope: str,
    limit: int,
    window: int,
    methods: Iterable[str] = ("POST",),
    fail_open: bool = True,
) -> Callable:
    """Limit a view to ``limit`` requests (of ``methods``) per client per ``window`` seconds."""
    counted = frozenset(method.upper() for method in methods)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in counted:
                refused = rate_limit_check(
                    request, scope=scope, limit=limit, window=window, fail_open=fail_open
                )
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
