"""Which cached pages a change makes stale: each app registers, per model, the pages that show
an instance, in its AppConfig.ready(); its services call cache_pages_invalidate() when they
change one.

The page cache (humas_portal/page_cache.py) keeps a generation token per path; an entry counts
only while the tokens it was built under are current. Invalidating a path gives it a new random
token, so every variant of it (query, language) goes stale at once, in one write. ALL_PAGES is
the token every entry also checks: a change that every page shows (the office profile) renews
it. Each invalidation also renews the token of the cached "horizon" (the next moment at which
public content changes by itself, see page_cache.cache_horizon_register): the change may have
moved it.

Renewing waits for the commit: a page rendered between the renewal and a rollback would
otherwise show what never happened, and one rendered before the commit would keep the old
content under the new token.
"""

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.db import models, transaction

GENERATION_PREFIX = "pagegen:"
# Pseudo-paths (no leading slash, so never a page's path): every page, and the horizon.
ALL_PAGES = "*"
HORIZON = "horizon"


@dataclass(frozen=True)
class CacheInvalidation:
    model: type[models.Model]
    # The paths ("/berita/", "/berita/<slug>/") of the pages that show the instance, or
    # ALL_PAGES.
    pages: Callable[[models.Model], Iterable[str]]


_invalidations: dict[str, CacheInvalidation] = {}


def cache_invalidation_register(
    *, model: type[models.Model], pages: Callable[[models.Model], Iterable[str]]
) -> None:
    """Say which pages show an instance of model; registering a model twice replaces it."""
    _invalidations[model._meta.label] = CacheInvalidation(model=model, pages=pages)


def page_generation_key(path: str) -> str:
    return GENERATION_PREFIX + path


def generation_token_new() -> str:
    return secrets.token_hex(8)


def _generations_renew(paths: list[str]) -> None:
    # No timeout: a token lives until renewed. One evicted all the same matches no entry
    # (page_cache treats a missing token as a miss), so eviction never resurrects a page.
    cache.set_many({page_generation_key(path): generation_token_new() for path in paths}, None)


def cache_pages_invalidate(*, instance: models.Model) -> list[str]:
    """Make the cached pages that show instance stale once the current transaction commits (at
    once outside one). Returns the paths, computed from the instance as the caller passes it."""
    registration = _invalidations.get(instance._meta.label)
    if registration is None:
        return []
    paths = sorted(set(registration.pages(instance)))
    # robust: a cache outage must not turn a saved change into an error.
    transaction.on_commit(partial(_generations_renew, [*paths, HORIZON]), robust=True)
    return paths
