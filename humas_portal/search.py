"""Site search at /cari/: a registry of providers, one per app (news now; education and events
later register theirs in their AppConfig.ready()).

A provider takes the query and a limit and returns at most that many hits, best first, in one
query. On PostgreSQL providers rank with full-text search (config "simple": PostgreSQL ships no
Indonesian configuration, and "simple" neither stems nor drops words, so Indonesian words match
as written); on SQLite they fall back to a case-insensitive substring match, newest first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

QUERY_MAX_LENGTH = 100
# Hits gathered per provider and shown in all (paginated): enough for a person, bounded for the
# database.
RESULTS_LIMIT = 100
SEARCH_CONFIG = "simple"


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    summary: str
    section: str
    date: datetime | None
    rank: float = 0.0


SearchProvider = Callable[[str, int], list[SearchHit]]

_providers: dict[str, SearchProvider] = {}


def search_register(name: str, provider: SearchProvider) -> None:
    """Add (or replace) a provider; call it from the app's AppConfig.ready()."""
    _providers[name] = provider


def full_text_available() -> bool:
    return connection.vendor == "postgresql"


def search_run(query: str) -> list[SearchHit]:
    """All providers' hits, best rank first, then newest; at most RESULTS_LIMIT."""
    hits = [hit for provider in _providers.values() for hit in provider(query, RESULTS_LIMIT)]
    hits.sort(key=lambda hit: (hit.rank, hit.date.timestamp() if hit.date else 0), reverse=True)
    return hits[:RESULTS_LIMIT]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Kata kunci"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "class": "form__input"}),
    )
