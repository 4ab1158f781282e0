"""On PostgreSQL, the news pages read their rows through the indexes made for them, with no sort
of the whole archive: 3,000 articles, ANALYZE, sequential scans off for the transaction, and the
plan of each query as the page runs it (issue 14, "queries that stay flat")."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, ArticleKind, ArticleStatus
from news.selectors import article_list_public, articles_related
from tests.factories import staff_create
from tests.news.factories import category_create

pytestmark = [pytest.mark.services, pytest.mark.django_db]

STATUS_INDEX = "news_articl_status_2b5743_idx"
CATEGORY_INDEX = "news_article_category_recent"
KIND_INDEX = "news_article_kind_recent"
# A Sort node, which reads all its input first; an "Incremental Sort" (rows come in publish_at
# order and only those with equal times are put in id order) is not one.
FULL_SORT = re.compile(r"(^|->)\s*Sort\s+\(cost=", re.MULTILINE)


@pytest.fixture
def archive(require_postgresql):
    author = staff_create("penulis")
    categories = [category_create() for _index in range(10)]
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title="Pengawasan %d" % index,
            slug="pengawasan-%d" % index,
            # One in ten a press release: a kind less common than news, as in a real archive.
            kind=ArticleKind.PRESS_RELEASE if index % 10 == 3 else ArticleKind.NEWS,
            lead="Ringkasan.",
            body="<p>Isi.</p>",
            category=categories[index % len(categories)],
            author=author,
            # A few drafts and archived ones, as a real archive has.
            status=ArticleStatus.PUBLISHED if index % 20 else ArticleStatus.ARCHIVED,
            publish_at=now - timedelta(hours=7 * index + 1),
        )
        for index in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
        cursor.execute("SET LOCAL enable_seqscan = off")
    return categories


def plans_of(function) -> list[str]:
    """EXPLAIN of each query ``function`` runs, exactly as it ran."""
    with CaptureQueriesContext(connection) as queries:
        function()
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def test_related_articles_read_two_indexes_in_order_and_sort_nothing(archive):
    article = article_list_public(category=archive[0]).first()
    same_category, newest = plans_of(lambda: articles_related(article))
    assert CATEGORY_INDEX in same_category
    assert STATUS_INDEX in newest
    for plan in (same_category, newest):
        assert "Limit" in plan
        assert not FULL_SORT.search(plan), plan


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, STATUS_INDEX),
        ({"year": 2025}, STATUS_INDEX),
        ("category", CATEGORY_INDEX),
        ({"kind": ArticleKind.PRESS_RELEASE}, KIND_INDEX),
    ],
    ids=["all", "year", "category", "kind"],
)
def test_list_pages_count_and_page_through_their_index(archive, filters, index):
    if filters == "category":
        filters = {"category": archive[0]}
    articles = article_list_public(**filters)
    count, page = plans_of(lambda: (articles.count(), list(articles[12:24])))
    assert index in count
    assert index in page
    assert not FULL_SORT.search(page), page
