"""Site search at /cari/: public items only, a capped query, ranking on PostgreSQL."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from humas_portal.search import SearchHit, search_register, search_run
from news.models import ArticleStatus
from tests.conftest import on_postgresql
from tests.news.factories import published_article_create

SEARCH = reverse("search")


pytestmark = pytest.mark.usefixtures("office")


def test_empty_query_shows_the_form(client):
    page = client.get(SEARCH).text
    assert page.count("<h1") == 1
    assert '<label class="form__label" for="id_q">Kata kunci</label>' in page
    assert "search-result" not in page
    assert '<meta name="robots" content="noindex, follow">' in page


def test_finds_public_articles_only(client):
    published_article_create(title="Patroli Politik Uang di Desa")
    published_article_create(
        title="Politik Uang Terjadwal", publish_at=timezone.now() + timedelta(hours=1)
    )
    published_article_create(title="Politik Uang Draf", status=ArticleStatus.DRAFT)
    published_article_create(title="Politik Uang Arsip", status=ArticleStatus.ARCHIVED)

    page = client.get(SEARCH, {"q": "politik uang"}).text

    assert "Patroli Politik Uang di Desa" in page
    assert "Terjadwal" not in page
    assert "Draf<" not in page
    assert "Arsip<" not in page
    assert "1 hasil untuk “politik uang”." in page


def test_matches_the_lead_and_the_body_too(client):
    published_article_create(title="Apel Siaga", lead="Netralitas ASN dijaga bersama.")
    published_article_create(title="Rapat Evaluasi", body="<p>Catatan tentang netralitas.</p>")
    page = client.get(SEARCH, {"q": "netralitas"}).text
    assert "Apel Siaga" in page
    assert "Rapat Evaluasi" in page


def test_no_match_says_so(client):
    published_article_create(title="Apel Siaga")
    page = client.get(SEARCH, {"q": "zzzzqqq"}).text
    assert "0 hasil untuk" in page


def test_query_is_capped(client):
    response = client.get(SEARCH, {"q": "a" * 101})
    assert response.status_code == 200
    assert "search-result" not in response.text
    assert 'aria-invalid="true"' in response.text


def test_odd_queries_do_not_break_it(client):
    published_article_create(title="Apel Siaga")
    for query in ['"', "-", "OR", "a & b | !c", "':*", "%_", "<script>"]:
        response = client.get(SEARCH, {"q": query})
        assert response.status_code == 200, query
        assert "<script>alert" not in response.text


def test_results_are_paginated(client):
    # A word no site section answers to: the results are the twelve articles.
    for number in range(12):
        published_article_create(title="Patroli Pengawasan %d" % number)
    first = client.get(SEARCH, {"q": "patroli"}).text
    assert first.count('class="search-result"') == 10
    assert 'href="?q=patroli&amp;halaman=2"' in first
    second = client.get(SEARCH, {"q": "patroli", "halaman": 2}).text
    assert second.count('class="search-result"') == 2


def test_other_apps_join_through_the_registry(client):
    def events(query: str, limit: int) -> list[SearchHit]:
        return [SearchHit(title="Forum Media Pilkada", url="/forum-media/x/", summary="",
                          section="Forum Media", date=None)]  # fmt: skip

    search_register("events-test", events)
    try:
        titles = [hit.title for hit in search_run("pilkada")]
    finally:
        from humas_portal import search

        del search._providers["events-test"]
    assert "Forum Media Pilkada" in titles


def test_ranking_puts_title_matches_first(client, require_postgresql):
    """PostgreSQL full-text search: a title hit outranks a body hit, whatever their ages (the
    ranking leaves the body out: a body-only hit ranks 0, after every headline hit)."""
    published_article_create(
        title="Rapat Pleno", body="<p>Membahas pengawasan logistik pemilu.</p>",
        publish_at=timezone.now() - timedelta(minutes=1),
    )  # fmt: skip
    published_article_create(
        title="Pengawasan Logistik Pemilu", publish_at=timezone.now() - timedelta(days=30)
    )

    hits = search_run("logistik")

    assert [hit.title for hit in hits] == ["Pengawasan Logistik Pemilu", "Rapat Pleno"]
    assert hits[0].rank > 0
    assert hits[1].rank == 0


def test_body_only_hits_keep_newest_first_after_the_headline_hits(client, require_postgresql):
    for days, title in [(3, "Rapat Pleno Lama"), (1, "Rapat Pleno Baru")]:
        published_article_create(
            title=title, body="<p>Membahas logistik.</p>",
            publish_at=timezone.now() - timedelta(days=days),
        )  # fmt: skip
    published_article_create(title="Logistik Pemilu", publish_at=timezone.now() - timedelta(days=9))

    hits = search_run("logistik")

    assert [hit.title for hit in hits] == [
        "Logistik Pemilu",
        "Rapat Pleno Baru",
        "Rapat Pleno Lama",
    ]


def test_websearch_syntax_on_postgresql(client, require_postgresql):
    published_article_create(title="Pengawasan Logistik Pemilu")
    published_article_create(title="Pengawasan Kampanye")
    titles = [hit.title for hit in search_run("pengawasan -logistik")]
    assert titles == ["Pengawasan Kampanye"]
    assert on_postgresql()
