"""The search on PostgreSQL uses its indexes (EXPLAIN with sequential scans disabled, over a few
thousand rows), gives up within its time limit and says so, and its typo word list is bounded
and rebuilt after a publication."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from humas_portal.models import SearchWord
from humas_portal.search import (
    SEARCH_SETTINGS_SQL,
    search_answer,
    search_suggestion,
    search_words_refresh,
)
from news import services
from news.models import Article
from news.selectors import article_search_public
from tests.factories import staff_create
from tests.news.factories import (
    article_create,
    category_create,
    published_article_create,
    published_articles_bulk_create,
)

SEARCH = reverse("search")

pytestmark = pytest.mark.usefixtures("office")


def archive(number: int) -> None:
    published_articles_bulk_create(number, category=category_create(), author=staff_create("p"))


def plan_of(sql: str) -> str:
    """EXPLAIN of the query as run, with sequential scans priced out for this transaction (the
    test's): on a small table the planner rightly prefers them."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
        cursor.execute("ANALYZE humas_portal_searchword")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_search_query_uses_the_gin_index(require_postgresql):
    archive(3000)
    published_article_create(title="Netralitas Aparatur Sipil Negara")

    with CaptureQueriesContext(connection) as captured:
        hits = article_search_public("netralitas", 100)

    assert [hit.title for hit in hits] == ["Netralitas Aparatur Sipil Negara"]
    (query,) = captured.captured_queries
    assert "Bitmap Index Scan on news_article_search_document" in plan_of(query["sql"])


def test_a_word_in_every_article_is_found_through_the_gin_index_once(require_postgresql):
    """The planner would rather walk the (status, publish_at) index and compute each newest
    row's document: the match must stay a subquery of its own, run once, on the GIN index."""
    archive(3000)

    with CaptureQueriesContext(connection) as captured:
        hits = article_search_public("sosialisasi", 100)

    assert len(hits) == 100
    (query,) = captured.captured_queries
    plan = plan_of(query["sql"])
    assert "InitPlan" in plan
    assert "Bitmap Index Scan on news_article_search_document" in plan
    assert "news_articl_status_2b5743_idx" not in plan


@pytest.mark.django_db(transaction=True)
def test_the_search_turns_sequential_scans_off_for_its_own_transaction_only(require_postgresql):
    """The planner prices the GIN recheck as a document computed per row, so for a frequent
    word it picks a sequential scan computing every document; the search's settings rule it
    out for the search's transaction only (this test's own transactions are real ones)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SEARCH_SETTINGS_SQL, ["2000", "0.3"])
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("off",)

    search_answer("sosialisasi")

    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)


def test_the_suggestion_uses_the_trigram_index(require_postgresql):
    SearchWord.objects.bulk_create(
        SearchWord(word="kata%s" % "".join(chr(97 + int(d)) for d in str(n)), documents=1)
        for n in range(3000)
    )
    SearchWord.objects.create(word="netralitas", documents=5)

    with CaptureQueriesContext(connection) as captured:
        suggestion = search_suggestion("netralitass")

    assert suggestion == "netralitas"
    (query,) = captured.captured_queries
    assert "Bitmap Index Scan on humas_portal_searchword_trigram" in plan_of(query["sql"])


def test_a_search_that_takes_too_long_says_so_and_still_shows_the_sections(
    client, settings, require_postgresql
):
    archive(3000)
    # Long bodies that all match: ranking the newest hundred takes tens of milliseconds.
    Article.objects.update(body="<p>%s</p>" % " ".join(["pemilu jujur adil"] * 400))
    settings.SEARCH_STATEMENT_TIMEOUT_MS = 1

    response = client.get(SEARCH, {"q": "pengaduan pemilu"})

    assert response.status_code == 200
    page = response.text
    assert "Pencarian ini terlalu lama sehingga dihentikan." in page
    assert "hasil untuk" not in page
    # The sections need no database: the complaint desk is still found.
    assert 'href="%s"' % reverse("complaints:index") in page
    assert "Sosialisasi Pengawasan" not in page
    # The time limit was the search's own: the next statement runs as usual.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM news_article")
        assert cursor.fetchone() == (3000,)


def test_a_search_within_its_time_limit_is_not_cut_off(client, require_postgresql):
    archive(30)
    answer = search_answer("sosialisasi")
    assert not answer.timed_out
    # Every article (the education section also answers to "sosialisasi").
    assert len([hit for hit in answer.hits if hit.url.startswith("/berita/")]) == 30


def test_the_word_list_keeps_the_most_frequent_words_up_to_its_limit(
    monkeypatch, require_postgresql
):
    published_article_create(title="Kampanye Damai", lead="Kampanye.", body="<p>Patroli</p>")
    published_article_create(title="Kampanye Tertib", lead="Kampanye.", body="<p>Patroli</p>")
    published_article_create(title="Rapat Pleno", lead="Kampanye.", body="<p>Netralitas</p>")
    monkeypatch.setattr("humas_portal.search.SEARCH_WORDS_LIMIT", 2)

    assert search_words_refresh() == 2

    # In 3 and 2 documents; the words found in one document are past the limit.
    assert dict(SearchWord.objects.values_list("word", "documents")) == {
        "kampanye": 3,
        "patroli": 2,
    }


def test_the_word_list_takes_letters_only(require_postgresql):
    published_article_create(
        title="Rekap 2024 di https://jember.bawaslu.go.id", lead="Surel humas@example.id.",
        body="<p>TPS-01 <a href=\"https://contoh.id/a\">tautan</a></p>",
    )  # fmt: skip

    search_words_refresh()

    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"rekap", "surel", "tps", "tautan"} <= words
    assert all(word.isalpha() for word in words), words
    assert "href" not in words  # the body's HTML is not text


def test_publishing_rebuilds_the_word_list_after_the_commit(
    chief, writer, monkeypatch, django_capture_on_commit_callbacks
):
    from humas_portal.tasks import search_words_refresh_task

    queued = []
    monkeypatch.setattr(search_words_refresh_task, "delay", lambda: queued.append(True))
    draft = article_create(author=writer)

    with django_capture_on_commit_callbacks() as callbacks:
        services.article_publish(article_id=draft.pk, actor=chief)
        assert queued == []
    for callback in callbacks:
        callback()
    assert queued == [True]

    with django_capture_on_commit_callbacks(execute=True):
        services.article_archive(article_id=draft.pk, actor=chief)
    assert queued == [True, True]


def test_the_search_page_makes_the_same_queries_with_30_and_3000_articles(client, settings):
    # The search's own cost: the page cache would answer the repeated search itself.
    settings.PAGE_CACHE_ENABLED = False
    client.get(SEARCH)  # the office profile is cached, as on a live site
    archive(3000)
    with CaptureQueriesContext(connection) as large:
        client.get(SEARCH, {"q": "sosialisasi"})
    thirtieth = Article.objects.order_by("-publish_at").values_list("publish_at", flat=True)[29]
    Article.objects.filter(publish_at__lt=thirtieth).delete()
    with CaptureQueriesContext(connection) as small:
        client.get(SEARCH, {"q": "sosialisasi"})

    assert len(small) == len(large)
