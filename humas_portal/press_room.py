"""The press room's latest press releases: the app that publishes them (news) registers a
provider in its AppConfig.ready(), and the app that shows them (media_forum) registers the
pages that do, so neither imports the other.

A provider takes a limit and returns at most that many releases, newest first, in one query.
The pages are what the publishing app renews in the page cache when a release changes
(humas_portal/cache_invalidation.py).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PressRelease:
    title: str
    url: str  # a path on this site
    date: datetime


PressReleaseProvider = Callable[[int], list[PressRelease]]

_providers: list[PressReleaseProvider] = []
_pages: list[Callable[[], Iterable[str]]] = []


def press_release_provider_register(provider: PressReleaseProvider) -> None:
    """Add a source of press releases; registering the same function twice adds it once."""
    if provider not in _providers:
        _providers.append(provider)


def press_releases_latest(limit: int) -> list[PressRelease]:
    """The ``limit`` newest press releases of every provider, newest first."""
    releases = [release for provider in _providers for release in provider(limit)]
    releases.sort(key=lambda release: release.date, reverse=True)
    return releases[:limit]


def press_release_pages_register(pages: Callable[[], Iterable[str]]) -> None:
    """Register a function returning the paths of public pages that list press releases."""
    if pages not in _pages:
        _pages.append(pages)


def press_release_pages() -> list[str]:
    """The paths of every public page that lists press releases (for cache invalidation)."""
    return sorted({path for pages in _pages for path in pages()})
