"""Site search at /cari/: a registry of providers and of sections, one set per app (news and the
complaint desk now; education and events later register theirs in their AppConfig.ready()).

A provider takes the query and a limit and returns at most that many hits, best first, in one
query. On PostgreSQL providers rank with full-text search (config "simple": PostgreSQL ships no
Indonesian configuration, and "simple" neither stems nor drops words, so Indonesian words match
as written); on SQLite they fall back to a case-insensitive substring match, newest first.

A section is a fixed public page (the complaint desk, its statistics) found by its keywords,
without a query: it is listed first, because a visitor typing "pengaduan" wants the desk, not
the news that mention it. Sections marked ``offer_when_empty`` are also offered, with the
header's main sections, when a search finds nothing, so no search is a dead end.

Typos (PostgreSQL only): a provider may give ``words``, a bounded query of one text column (for
news, the titles of the newest public articles). When a search finds nothing, each query word is
compared by trigram similarity (the ``pg_trgm`` extension, created by the migration
``humas_portal.0002_search_trigram_extension``) with the words of those texts, and the closest
ones are offered as "Mungkin maksud Anda: …". The word list is built inside the one query from a
bounded number of rows, so its cost does not grow with the archive. On SQLite there is no
suggestion; the sections are offered all the same.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from humas_portal.navigation import nav_entries

QUERY_MAX_LENGTH = 100
# Hits gathered per provider and shown in all (paginated): enough for a person, bounded for the
# database.
RESULTS_LIMIT = 100
SEARCH_CONFIG = "simple"
# Query words looked at for sections and suggestions; shorter words match too much.
TERMS_LIMIT = 10
TERM_MIN_LENGTH = 3
# Sections come before every provider's hit (full-text ranks are below 1).
SECTION_RANK = 10.0
# How many rows a provider's ``words`` should read at most (see news.selectors).
WORDS_ROWS_LIMIT = 1000
# pg_trgm's default threshold for its % operator: "politk" and "politik" score 0.5.
SUGGESTION_MIN_SIMILARITY = 0.3

# The word list is made and compared inside the database: only the suggestion comes back.
# %s: the providers' texts (one column); then the minimum word length, the minimum similarity
# and the query's words as parameters.
SUGGESTION_SQL = (
    "WITH texts(text) AS (%s), "
    "vocabulary AS (SELECT DISTINCT word FROM texts, "
    "regexp_split_to_table(lower(texts.text), '[^[:alnum:]]+') AS word "
    "WHERE length(word) >= %%s) "
    "SELECT term.word, (SELECT vocabulary.word FROM vocabulary "
    "WHERE similarity(vocabulary.word, term.word) >= %%s "
    "ORDER BY similarity(vocabulary.word, term.word) DESC, vocabulary.word LIMIT 1) "
    "FROM unnest(%%s::text[]) WITH ORDINALITY AS term(word, position) ORDER BY term.position"
)


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    summary: str
    section: str
    date: datetime | None
    rank: float = 0.0
    # Content the office wrote (Indonesian whatever the interface), as opposed to the portal's
    # own pages, whose titles follow the visitor's language: the page marks it lang="id".
    is_content: bool = True


SearchProvider = Callable[[str, int], list[SearchHit]]
# A query of one text column with at most WORDS_ROWS_LIMIT rows, e.g. values_list("title")[:N].
WordsSource = Callable[[], QuerySet]


@dataclass(frozen=True)
class SearchSection:
    title: Promise | str
    url_name: str
    summary: Promise | str
    keywords: tuple[str, ...]
    order: int
    offer_when_empty: bool


_providers: dict[str, SearchProvider] = {}
_words: dict[str, WordsSource] = {}
_sections: dict[str, SearchSection] = {}


def search_register(name: str, provider: SearchProvider, *, words: WordsSource | None = None):
    """Add (or replace) a provider, and the texts its typo suggestions come from; call it from
    the app's AppConfig.ready()."""
    _providers[name] = provider
    if words is None:
        _words.pop(name, None)
    else:
        _words[name] = words


def search_section_register(
    *,
    name: str,
    title: Promise | str,
    url_name: str,
    summary: Promise | str,
    keywords: tuple[str, ...],
    order: int,
    offer_when_empty: bool = False,
) -> None:
    """Add (or replace) a fixed page found by its keywords (lower case; a query word matches a
    keyword it begins); ``offer_when_empty`` also offers it when a search finds nothing."""
    _sections[name] = SearchSection(
        title=title,
        url_name=url_name,
        summary=summary,
        keywords=tuple(keyword.lower() for keyword in keywords),
        order=order,
        offer_when_empty=offer_when_empty,
    )


def full_text_available() -> bool:
    return connection.vendor == "postgresql"


def search_terms(query: str) -> list[str]:
    """The query's words, lower case, without punctuation; at most TERMS_LIMIT."""
    return [term for term in re.split(r"\W+", query.lower()) if term][:TERMS_LIMIT]


def _sections_ordered() -> list[SearchSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.url_name))


def _section_hits(query: str) -> list[SearchHit]:
    terms = [term for term in search_terms(query) if len(term) >= TERM_MIN_LENGTH]
    hits = []
    for section in _sections_ordered():
        matched = sum(
            1 for term in terms if any(keyword.startswith(term) for keyword in section.keywords)
        )
        if matched:
            hits.append(
                SearchHit(
                    title=str(section.title),
                    url=reverse(section.url_name),
                    summary=str(section.summary),
                    section=str(_("Halaman situs")),
                    date=None,
                    rank=SECTION_RANK + matched,
                    is_content=False,
                )
            )
    return hits


def search_run(query: str) -> list[SearchHit]:
    """The matching sections, then all providers' hits, best rank first, then newest; at most
    RESULTS_LIMIT."""
    hits = [hit for provider in _providers.values() for hit in provider(query, RESULTS_LIMIT)]
    hits.extend(_section_hits(query))
    hits.sort(key=lambda hit: (hit.rank, hit.date.timestamp() if hit.date else 0), reverse=True)
    return hits[:RESULTS_LIMIT]


def search_suggestion(query: str) -> str | None:
    """A corrected query, each word replaced by the closest word of the providers' texts, or
    None (no PostgreSQL, no texts, or nothing closer than the query itself). One query."""
    terms = search_terms(query)
    if not full_text_available() or not terms or not _words:
        return None
    sources, params = [], []
    for index, words in enumerate(_words.values()):
        sql, source_params = words().query.sql_with_params()
        # Django's compiled SQL with its placeholders; the visitor's words are parameters.
        sources.append("SELECT * FROM (%s) AS source_%d" % (sql, index))  # noqa: S608
        params.extend(source_params)
    sql = SUGGESTION_SQL % " UNION ALL ".join(sources)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, TERM_MIN_LENGTH, SUGGESTION_MIN_SIMILARITY, terms])
        rows = cursor.fetchall()
    suggestion = [closest or term for term, closest in rows]
    return " ".join(suggestion) if suggestion != terms else None


@dataclass(frozen=True)
class WayForward:
    title: str
    url: str
    summary: str


def search_ways_forward() -> list[WayForward]:
    """What a search that found nothing offers: the sections marked for it (the complaint
    desk), then the header's main sections, each once."""
    ways = [
        WayForward(
            title=str(section.title), url=reverse(section.url_name), summary=str(section.summary)
        )
        for section in _sections_ordered()
        if section.offer_when_empty
    ]
    seen = {way.url for way in ways}
    for entry in nav_entries():
        url = reverse(entry.url_name)
        if url not in seen:
            seen.add(url)
            ways.append(WayForward(title=str(entry.label), url=url, summary=""))
    return ways


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Kata kunci"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "class": "form__input"}),
    )
