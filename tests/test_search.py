"""Search never dead-ends: fixed sections (the complaint desk) are found by keyword, a search
that finds nothing offers the complaint desk and the main sections, and on PostgreSQL a typo
gets a suggestion ("Mungkin maksud Anda") that finds the article."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from humas_portal.search import search_suggestion, search_words_refresh
from humas_portal.siteprofile.demo import seed_office
from tests.conftest import on_postgresql
from tests.news.factories import published_article_create

SEARCH = reverse("search")
COMPLAINT_DESK = reverse("complaints:index")
STATISTICS = reverse("complaints:statistics")


@pytest.fixture(autouse=True)
def _office(db):
    seed_office()


def test_pengaduan_finds_the_complaint_desk_and_its_statistics_first(client):
    published_article_create(title="Rapat koordinasi pengaduan masyarakat")
    page = client.get(SEARCH, {"q": "pengaduan"}).text
    assert "3 hasil untuk “pengaduan”." in page
    desk = page.index('href="%s"' % COMPLAINT_DESK, page.index('class="search-results"'))
    assert desk < page.index('href="%s"' % STATISTICS) < page.index("Rapat koordinasi")
    assert "Posko Aduan: sampaikan pengaduan dugaan pelanggaran" in page


def test_sections_match_by_the_beginning_of_a_keyword_in_either_language(client):
    for query in ("lapor", "statistik", "complaint"):
        page = client.get(SEARCH, {"q": query}).text
        assert "0 hasil" not in page, query
    assert 'href="%s"' % STATISTICS in client.get(SEARCH, {"q": "statistik"}).text
    # Two letters match too much to mean anything.
    assert "0 hasil" in client.get(SEARCH, {"q": "pe"}).text


def test_nothing_found_offers_the_complaint_desk_and_the_main_sections(client):
    published_article_create(title="Apel Siaga")
    page = client.get(SEARCH, {"q": "zzzzqqq"}).text
    assert "0 hasil untuk “zzzzqqq”." in page
    forward = page[page.index('id="search-forward-title"') :]
    assert 'href="%s"' % COMPLAINT_DESK in forward
    assert 'href="%s"' % reverse("news:article_list") in forward
    # The complaint desk is offered once, first, though it is also in the header's sections.
    assert forward.count('href="%s"' % COMPLAINT_DESK) == 1
    assert forward.index(COMPLAINT_DESK) < forward.index(reverse("news:article_list"))
    assert page.count("<h1") == 1


def test_a_search_with_results_offers_no_detour(client):
    published_article_create(title="Apel Siaga")
    page = client.get(SEARCH, {"q": "apel"}).text
    assert "search-forward-title" not in page
    assert "Mungkin maksud Anda" not in page


def test_query_count_of_the_search_page_is_pinned(client):
    for number in range(5):
        published_article_create(title="Patroli Pengawasan %d" % number)
    client.get(SEARCH)  # the office profile is cached, as on a live site
    with CaptureQueriesContext(connection) as found:
        client.get(SEARCH, {"q": "patroli"})
    with CaptureQueriesContext(connection) as nothing:
        client.get(SEARCH, {"q": "patrolu"})
    # One query per provider (news, education, Forum Media, the register of public
    # information); on PostgreSQL, the search's settings (its time limit) first, and when
    # nothing is found the suggestion. The savepoint around the search is the test's
    # transaction showing: in production the search has a transaction of its own.
    settings_query = ["SELECT set_config("] if on_postgresql() else []
    providers = [
        'SELECT "news_article"."id"',
        'SELECT "education_educationitem"."id"',
        'SELECT "media_forum_event"."id"',
        'SELECT "ppid_informationentry"."id"',
    ]
    assert_queries(found, [*settings_query, *providers])
    suggestion = ["SELECT term.word"] if on_postgresql() else []
    assert_queries(nothing, [*settings_query, *providers, *suggestion])


def assert_queries(queries, beginnings: list[str]) -> None:
    """The queries, but for savepoints and transaction statements, begin as listed; the
    providers' among them in any order (the order in which the apps registered them)."""
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT")
    statements = [query["sql"] for query in queries if not query["sql"].startswith(control)]
    assert len(statements) == len(beginnings), statements
    unmatched = list(statements)
    for beginning in beginnings:
        match = next((s for s in unmatched if s.startswith(beginning)), None)
        assert match is not None, (beginning, statements)
        unmatched.remove(match)
    # The settings come before the providers' queries, the suggestion after them.
    if beginnings[0] == "SELECT set_config(":
        assert statements[0].startswith("SELECT set_config(")
    if beginnings[-1] == "SELECT term.word":
        assert statements[-1].startswith("SELECT term.word")


def test_no_suggestion_without_postgresql(client, monkeypatch):
    # Trigram similarity is PostgreSQL's: elsewhere no suggestion, never an error. Checked on
    # both backends by taking PostgreSQL's features away (CI runs the suite on PostgreSQL only).
    monkeypatch.setattr("humas_portal.search.full_text_available", lambda: False)
    published_article_create(title="Patroli Politik Uang")
    assert search_suggestion("politk uang") is None


def test_a_typo_gets_a_suggestion_that_finds_the_article(client, require_postgresql):
    published_article_create(title="Bawaslu Patroli Politik Uang di Masa Tenang")
    published_article_create(title="Sosialisasi Pengawasan Partisipatif")
    search_words_refresh()

    page = client.get(SEARCH, {"q": "politk uang"}).text

    assert "0 hasil untuk “politk uang”." in page
    link = 'Mungkin maksud Anda: <a href="%s?q=politik%%20uang">politik uang</a>' % SEARCH
    assert link in page
    found = client.get(SEARCH, {"q": "politik uang"}).text
    assert "Bawaslu Patroli Politik Uang di Masa Tenang" in found
    assert "1 hasil untuk" in found


def test_suggestions_keep_known_words_and_ignore_unpublished_titles(client, require_postgresql):
    from news.models import ArticleStatus

    # The words come from the whole text, lead and body too.
    published_article_create(
        title="Pengawasan Kampanye", lead="Patroli bersama.", body="<p>Di 31 kecamatan.</p>"
    )
    published_article_create(title="Netralitas Aparatur", status=ArticleStatus.DRAFT)
    search_words_refresh()
    assert search_suggestion("pengawasn kampanye") == "pengawasan kampanye"
    assert search_suggestion("kecamatn") == "kecamatan"
    assert search_suggestion("pengawasan kampanye") is None
    # A draft's words are not offered: the suggestion would lead to nothing.
    assert search_suggestion("netralitass") is None
    assert search_suggestion("qqqqqq") is None
