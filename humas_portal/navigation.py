"""The site navigation: each app registers its own entry in its AppConfig.ready()."""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    label: Promise | str
    url_name: str
    order: int


_entries: dict[str, NavEntry] = {}


def nav_register(*, label: Promise | str, url_name: str, order: int) -> None:
    """Add an entry to the header navigation; registering the same url_name twice replaces it."""
    _entries[url_name] = NavEntry(label=label, url_name=url_name, order=order)


def nav_entries() -> list[NavEntry]:
    return sorted(_entries.values(), key=lambda entry: (entry.order, entry.url_name))
