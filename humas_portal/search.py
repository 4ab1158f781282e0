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

On PostgreSQL the search's queries run in one transaction with ``SET LOCAL statement_timeout``
(SEARCH_STATEMENT_TIMEOUT_MS): a query that would hold a worker longer is cancelled, and the
page says the search took too long (the sections still show), never a 500.

Typos (PostgreSQL only): a provider may give ``words``, a query of its public items' full-text
documents (one tsvector column). ``search_words_refresh`` (a Celery task, run periodically and
after a publication) rebuilds the SearchWord table from ``ts_stat`` over those documents: the
SEARCH_WORDS_LIMIT words found in the most items. When a search finds nothing, each query word
is compared with that table through its trigram index (the ``pg_trgm`` extension, created by
the migration ``humas_portal.0002_search_trigram_extension``), and the closest words are
offered as "Mungkin maksud Anda: …". A suggested word is one the search indexes, so it finds
something (as of the last refresh). On SQLite there is no suggestion; the sections are offered
all the same.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as KombuOperationalError

from humas_portal.navigation import nav_entries
from humas_portal.redis_outage import redis_failed, redis_server, redis_skipped

logger = logging.getLogger(__name__)

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
# The typo suggestions' word list: the words found in the most items, bounded so that its
# refresh and its index stay small whatever the archive. Longer "words" are URLs and codes.
SEARCH_WORDS_LIMIT = 20_000
SEARCH_WORD_MAX_LENGTH = 50
# Seconds between beat's rebuilds of the word list (publications rebuild it at once).
SEARCH_WORDS_REFRESH_INTERVAL = 900.0
# pg_trgm's default threshold for its % operator: "politk" and "politik" score 0.5.
SUGGESTION_MIN_SIMILARITY = 0.3
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"

# Set for the search's own transaction only (SET LOCAL): the time limit, and the similarity
# the suggestion's % operator asks for.
SEARCH_SETTINGS_SQL = (
    "SELECT set_config('statement_timeout', %s, true), "
    "set_config('pg_trgm.similarity_threshold', %s, true)"
)

# %s: the providers' ts_stat calls. Letters only: numbers, URLs and e-mail addresses are
# nothing to suggest. Parameters: the shortest and longest word, the limit.
WORDS_REFRESH_SQL = (
    "INSERT INTO humas_portal_searchword (word, documents) "
    "SELECT word, sum(ndoc) FROM (%s) AS stat "
    "WHERE word ~ '^[[:alpha:]]+$' AND length(word) BETWEEN %%s AND %%s "
    "GROUP BY word ORDER BY sum(ndoc) DESC, word LIMIT %%s"
)

# Per query word, the closest listed word: `%` finds the candidates through the trigram index
# (above the similarity threshold set with SEARCH_SETTINGS_SQL), `<->` orders them by distance.
SUGGESTION_SQL = (
    "SELECT term.word, (SELECT listed.word FROM humas_portal_searchword AS listed "
    "WHERE listed.word %% term.word "
    "ORDER BY listed.word <-> term.word, listed.documents DESC, listed.word LIMIT 1) "
    "FROM unnest(%s::text[]) WITH ORDINALITY AS term(word, position) ORDER BY term.position"
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
    # The content's language when it is not the site's (an education item in Basa Jawa): the
    # page marks it with this lang instead.
    language: str = ""


SearchProvider = Callable[[str, int], list[SearchHit]]
# A query of one tsvector column: the full-text documents of the provider's public items, as
# its search matches them, e.g. public().annotate(document=...).values_list("document").
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
    """Add (or replace) a provider, and the documents its typo suggestions' words come from;
    call it from the app's AppConfig.ready()."""
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
    """A corrected query, each word replaced by the closest word of the word list, or None (no
    PostgreSQL, no words, or nothing closer than the query itself). One query; run it inside
    search_answer, which sets the similarity threshold."""
    terms = search_terms(query)
    if not full_text_available() or not terms or not _words:
        return None
    with connection.cursor() as cursor:
        cursor.execute(SUGGESTION_SQL, [terms])
        rows = cursor.fetchall()
    suggestion = [closest or term for term, closest in rows]
    return " ".join(suggestion) if suggestion != terms else None


@dataclass(frozen=True)
class SearchAnswer:
    hits: list[SearchHit]
    suggestion: str | None
    # The database gave up (SEARCH_STATEMENT_TIMEOUT_MS): hits holds the sections only.
    timed_out: bool = False


def search_answer(query: str) -> SearchAnswer:
    """What the search page shows: the hits, and a suggestion when there are none; within the
    search's time limit on PostgreSQL."""
    if not full_text_available():
        return _search_answer_unlimited(query)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                SEARCH_SETTINGS_SQL,
                [str(settings.SEARCH_STATEMENT_TIMEOUT_MS), str(SUGGESTION_MIN_SIMILARITY)],
            )
            return _search_answer_unlimited(query)
    except OperationalError as exc:
        if getattr(exc.__cause__, "pgcode", None) != QUERY_CANCELED:
            raise
        # The query's length, not its words: a visitor may search for a name.
        logger.warning("Search cancelled by its statement timeout (%d characters)", len(query))
        return SearchAnswer(hits=_section_hits(query), suggestion=None, timed_out=True)


def _search_answer_unlimited(query: str) -> SearchAnswer:
    hits = search_run(query)
    return SearchAnswer(hits=hits, suggestion=None if hits else search_suggestion(query))


def search_words_refresh() -> int:
    """Rebuild the typo suggestions' word list from the providers' documents (PostgreSQL only;
    elsewhere nothing happens). Returns how many words it holds."""
    if not full_text_available() or not _words:
        return 0
    # ts_stat takes its query as text: Django's SQL with the parameters quoted by the driver.
    documents = [
        connection.ops.compose_sql(*words().query.sql_with_params()) for words in _words.values()
    ]
    calls = ["SELECT word, ndoc FROM ts_stat(%s)"] * len(documents)
    with transaction.atomic(), connection.cursor() as cursor:
        # One rebuild at a time (a second waits); searches read the old list meanwhile.
        cursor.execute("LOCK TABLE humas_portal_searchword IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute("DELETE FROM humas_portal_searchword")
        cursor.execute(
            WORDS_REFRESH_SQL % " UNION ALL ".join(calls),
            [*documents, TERM_MIN_LENGTH, SEARCH_WORD_MAX_LENGTH, SEARCH_WORDS_LIMIT],
        )
        return cursor.rowcount


def search_words_refresh_soon() -> None:
    """Have the word list rebuilt once the current transaction commits: call it when public
    content changed (a publication, an archived item). Beat rebuilds it periodically too, so a
    broker outage, or a scheduled publication time passing, only delays the new words."""
    transaction.on_commit(_words_refresh_enqueue, robust=True)


def _words_refresh_enqueue() -> None:
    from humas_portal.tasks import search_words_refresh_task

    # As the outbox's dispatch: a broker that failed earlier in this request is not waited for.
    broker = redis_server(search_words_refresh_task.app.conf.broker_url)
    if redis_skipped(broker):
        return
    try:
        search_words_refresh_task.delay()
    except KombuOperationalError as exc:
        redis_failed(broker, exc, what="broker publish")


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
