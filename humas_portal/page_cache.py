"""The anonymous page cache: public GET pages rendered once and served to every visitor from the
shared cache (Redis in production), until a change makes them stale or time makes them due.

- Which pages: the views decorated with ``cache_public_page``. Never a ``private_page``, a form
  (a page that used a CSRF token is refused and logged), staff pages or anything per visitor.
- Key: the path, the query parameters the page declares (tracking parameters such as utm_* or
  fbclid are not part of it) and the visitor's language (``request.LANGUAGE_CODE``, set by
  ChosenLanguageMiddleware from the language cookie and checked against LANGUAGES), never the
  Cookie header: a visitor with a ``csrftoken`` cookie gets the cached page too.
- Bypass: a request with the session cookie (staff) or the messages cookie is rendered as
  usual; deciding so reads only the cookie names, never the database.
- Stale at once: each entry carries the generation tokens of its path and of ALL_PAGES at the
  time its rendering began; a hit reads the entry and both current tokens in one
  ``get_many`` (one Redis round trip) and counts only if they match
  (humas_portal/cache_invalidation.py renews tokens after a commit).
- Due in time: what changes by itself (a scheduled article's publication time, an election
  stage's first or last day) is registered with ``cache_horizon_register``; an entry lives
  until the earliest such moment, at most PAGE_CACHE_TIMEOUT.
- Stored: the body, the status (200 only) and the view's own content headers. The middleware
  adds its headers (CSP, security, Vary, Content-Language) to every response, hit or miss, as
  the decorator runs inside it.
- Browsers and nginx: ``Cache-Control: public, max-age=..., stale-while-revalidate=...``,
  never beyond the entry's own lifetime. ``Vary: Cookie`` (ChosenLanguageMiddleware) keeps a
  browser from showing the page in the language it had before a switch.

A cache outage is a miss: the page is rendered as without the cache (redis_outage.py's circuit
breaker skips the other calls of the request).
"""

import hashlib
import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from humas_portal.cache_invalidation import (
    ALL_PAGES,
    HORIZON,
    generation_token_new,
    page_generation_key,
)

logger = logging.getLogger(__name__)

# The version changes with _Entry: entries pickled by an older release are then never read.
ENTRY_PREFIX = "page:v1:"
HORIZON_KEY = "pagehorizon"
# The view's own headers worth keeping; the rest of a response's headers come from the
# middleware on every request.
STORED_HEADERS = ("Content-Type", "Content-Disposition", "Last-Modified", "X-Robots-Tag")
CACHEABLE_METHODS = ("GET", "HEAD")

_horizons: list[Callable[[], datetime | None]] = []
_refused_views: set[str] = set()


def cache_horizon_register(horizon: Callable[[], datetime | None]) -> None:
    """Register a function returning the next moment after now at which public pages change
    with no write (a scheduled publication), or None. Called in AppConfig.ready()."""
    if horizon not in _horizons:
        _horizons.append(horizon)


def query_words(value: str) -> str:
    """A free-text parameter as a search reads it: no outer spaces, single inner ones."""
    return " ".join(value.split())


@dataclass(frozen=True)
class _Entry:
    tokens: tuple[str, str]
    expires: float
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]


def _bypassed(request: HttpRequest) -> bool:
    return (
        not settings.PAGE_CACHE_ENABLED
        or request.method not in CACHEABLE_METHODS
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def _entry_key(
    request: HttpRequest, query: Iterable[str], normalise: Mapping[str, Callable[[str], str]]
) -> str:
    params = []
    for name in query:
        value = request.GET.get(name, "")
        if name in normalise:
            value = normalise[name](value)
        # The views read an empty parameter as an absent one.
        if value:
            params.append((name, value))
    variant = "%s\n%s\n%s" % (request.LANGUAGE_CODE, request.path, urlencode(params))
    return ENTRY_PREFIX + hashlib.sha256(variant.encode()).hexdigest()


def _horizon_seconds(stored: tuple[str, float | None] | None, token: str | None) -> float | None:
    """Seconds until the next moment pages change by themselves (None: none known): from the
    cache while its token is current and the moment still ahead (Redis expires the stored one
    by its own clock), else from the registered functions, and cached."""
    now = time.time()
    if stored is not None and token is not None and stored[0] == token:
        moment = stored[1]
        if moment is None or moment > now:
            return None if moment is None else moment - now
    moments = [moment for horizon in _horizons if (moment := horizon()) is not None]
    moment = min(moments).timestamp() if moments else None
    if token is None:
        token = generation_token_new()
        if not cache.add(page_generation_key(HORIZON), token, None):
            token = None
    if token is not None:
        lifetime = settings.PAGE_CACHE_TIMEOUT
        if moment is not None:
            lifetime = min(lifetime, max(1, math.ceil(moment - now)))
        cache.set(HORIZON_KEY, (token, moment), lifetime)
    return None if moment is None else moment - now


def _tokens_for_store(found: dict, keys: list[str]) -> tuple[str, str] | None:
    """The tokens an entry rendered now is stored under; a missing token is created, and if
    another request created it first, this entry is not stored (it would never match)."""
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = generation_token_new()
            if not cache.add(key, token, None):
                return None
        tokens.append(token)
    return tokens[0], tokens[1]


def _refusal(request: HttpRequest, response: HttpResponse) -> str | None:
    """Why a response must not be shared, or None."""
    if response.status_code != 200 or response.streaming:
        return "status"
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return "csrf"
    if response.cookies:
        return "cookie"
    control = response.headers.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return "private"
    return None


def _cache_control(response: HttpResponse, lifetime: float) -> None:
    max_age = max(0, min(settings.PAGE_CACHE_MAX_AGE, int(lifetime)))
    stale = max(0, min(settings.PAGE_CACHE_STALE_WHILE_REVALIDATE, int(lifetime) - max_age))
    patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=stale)


def _from_entry(entry: _Entry, now: float) -> HttpResponse:
    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    _cache_control(response, entry.expires - now)
    return response


def cache_public_page(
    view=None,
    *,
    query: Iterable[str] = (),
    normalise: Mapping[str, Callable[[str], str]] | None = None,
    timeout: int | None = None,
):
    """Serve an anonymous GET page from the shared page cache.

    ``query``: the parameters the page reads (others are no part of the key). ``normalise``:
    per parameter, the function that maps it as the view reads it (only what the view does
    too, e.g. ``query_words`` for a search). ``timeout``: a shorter lifetime than
    PAGE_CACHE_TIMEOUT, for pages no write invalidates (statistics).
    """
    query = tuple(query)
    normalise = dict(normalise or {})

    def decorate(view):
        name = getattr(view, "__qualname__", type(view).__qualname__)

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if _bypassed(request):
                return view(request, *args, **kwargs)
            generation_keys = [
                page_generation_key(ALL_PAGES),
                page_generation_key(request.path),
            ]
            horizon_generation_key = page_generation_key(HORIZON)
            key = _entry_key(request, query, normalise)
            # One round trip: the tokens read here, before rendering, are those the entry is
            # stored under, so a change committed while it renders leaves it stale.
            found = cache.get_many([*generation_keys, horizon_generation_key, key, HORIZON_KEY])
            entry = found.get(key)
            now = time.time()
            current = tuple(found.get(generation_key) for generation_key in generation_keys)
            if (
                entry is not None
                and None not in current
                and entry.tokens == current
                and entry.expires > now
            ):
                return _from_entry(entry, now)

            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()
            refusal = _refusal(request, response)
            if refusal is not None:
                if refusal == "csrf" and name not in _refused_views:
                    _refused_views.add(name)
                    logger.warning(
                        "Page cache: %s used a CSRF token; its pages are not cached", name
                    )
                return response
            lifetime = float(timeout or settings.PAGE_CACHE_TIMEOUT)
            horizon = _horizon_seconds(found.get(HORIZON_KEY), found.get(horizon_generation_key))
            if horizon is not None:
                lifetime = max(1.0, min(lifetime, horizon))
            tokens = _tokens_for_store(found, generation_keys)
            if tokens is not None:
                entry = _Entry(
                    tokens=tokens,
                    expires=now + lifetime,
                    status=response.status_code,
                    content=response.content,
                    headers=tuple(
                        (header, response.headers[header])
                        for header in STORED_HEADERS
                        if header in response.headers
                    ),
                )
                cache.set(key, entry, math.ceil(lifetime))
            _cache_control(response, lifetime)
            return response

        return wrapped

    return decorate(view) if view is not None else decorate
