"""Which cached pages a change makes stale: each app registers, per model, the pages that show
an instance, in its AppConfig.ready(); its services call cache_pages_invalidate() when they
change one.

A cached page lives under page_cache_key(path) in Django's default cache. Deleting the keys
waits for the commit: a page cached again between the delete and a rollback would otherwise
show what never happened, and one cached before the commit would keep the old content.
An article that becomes public later by its publication time alone (scheduled) changes no row
then; the page cache must therefore keep its entries short-lived.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.db import models, transaction

PAGE_CACHE_PREFIX = "page:"


@dataclass(frozen=True)
class CacheInvalidation:
    model: type[models.Model]
    # The paths ("/berita/", "/berita/<slug>/") of the pages that show the instance.
    pages: Callable[[models.Model], Iterable[str]]


_invalidations: dict[str, CacheInvalidation] = {}


def cache_invalidation_register(
    *, model: type[models.Model], pages: Callable[[models.Model], Iterable[str]]
) -> None:
    """Say which pages show an instance of model; registering a model twice replaces it."""
    _invalidations[model._meta.label] = CacheInvalidation(model=model, pages=pages)


def page_cache_key(path: str) -> str:
    return PAGE_CACHE_PREFIX + path


def cache_pages_invalidate(*, instance: models.Model) -> list[str]:
    """Delete the cached pages that show instance once the current transaction commits (at once
    outside one). Returns the paths, computed from the instance as the caller passes it."""
    registration = _invalidations.get(instance._meta.label)
    if registration is None:
        return []
    paths = sorted(set(registration.pages(instance)))
    keys = [page_cache_key(path) for path in paths]
    # robust: a cache outage must not turn a saved change into an error.
    transaction.on_commit(partial(cache.delete_many, keys), robust=True)
    return paths
