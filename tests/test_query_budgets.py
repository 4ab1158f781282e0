"""Every public page makes the same number of queries with 30 and with 3,000 articles (and the
complaint form with 4 and 2,000 villages): issue 14, "queries that stay flat".

Measured after one request has filled the caches a running site keeps (the office profile, the
list's years, the villages), with the page cache off: the count is what an uncached page costs
in steady state. Each page is one test parametrised by size, asserting one pinned number.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.statistics import CACHE_KEY as STATISTICS_CACHE_KEY
from humas_portal.siteprofile.selectors import office_villages_forget
from news.models import Article, ArticleKind, ArticleStatus
from tests.complaints.factories import election_create, villages_add
from tests.factories import staff_create
from tests.news.factories import category_create, tag_create

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("office"),
    # 3,000 articles are made for each test; PostgreSQL on a busy machine needs more than 120 s.
    pytest.mark.time_limit(300),
]

ARTICLE_SIZES = [30, 3000]
KINDS = [ArticleKind.NEWS, ArticleKind.PRESS_RELEASE, ArticleKind.ANNOUNCEMENT]


@pytest.fixture(params=ARTICLE_SIZES, ids=lambda size: "%d-articles" % size)
def archive(request) -> dict:
    """``size`` public articles over three categories, three kinds and several years (13 hours
    apart), all with the same two tags, plus one scheduled article; bulk-created."""
    size = request.param
    author = staff_create("penulis")
    categories = [category_create() for _index in range(3)]
    tags = [tag_create(), tag_create()]
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title="Pengawasan Tahapan Pemilu %d" % index,
            slug="pengawasan-tahapan-pemilu-%d" % index,
            kind=KINDS[index % len(KINDS)],
            lead="Bawaslu mengawasi tahapan pemilu di seluruh kecamatan.",
            body="<p>Pengawas turun ke setiap desa.</p>",
            category=categories[index % len(categories)],
            author=author,
            status=ArticleStatus.PUBLISHED,
            publish_at=now - timedelta(hours=13 * index + 1),
            cover="news/covers/sampul-%d.jpg" % index,
            cover_small="news/covers/sampul-%d-640.jpg" % index,
            cover_width=1280,
            cover_height=720,
            cover_alt="Pengawas di balai desa",
        )
        for index in range(size)
    )
    Article.objects.bulk_create(
        [
            Article(
                title="Siaran Pers Terjadwal",
                slug="siaran-pers-terjadwal",
                kind=ArticleKind.PRESS_RELEASE,
                lead="Belum terbit.",
                body="<p>Belum terbit.</p>",
                category=categories[0],
                author=author,
                status=ArticleStatus.PUBLISHED,
                publish_at=now + timedelta(days=1),
            )
        ]
    )
    for tag in tags:
        tag.articles.add(*articles)
    return {
        "size": size,
        "article": articles[0],
        "category": categories[0],
        "tag": tags[0],
        "year": timezone.localdate().year,
    }


def queries_of(client, url: str) -> list[str]:
    """The queries of a second request to ``url``: the first fills the caches."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def news_pages(archive: dict) -> dict[str, str]:
    return {
        "home": reverse("home"),
        "list": reverse("news:article_list"),
        "list-year": reverse("news:article_list") + "?tahun=%d" % archive["year"],
        "list-kind": reverse("news:article_list") + "?jenis=siaran-pers",
        "list-page-2": reverse("news:article_list") + "?halaman=2",
        "category": reverse("news:category", kwargs={"slug": archive["category"].slug}),
        "tag": reverse("news:tag", kwargs={"slug": archive["tag"].slug}),
        "article": reverse("news:article_detail", kwargs={"slug": archive["article"].slug}),
        "rss": reverse("news:feed_rss"),
        "atom": reverse("news:feed_atom"),
        "rss-kind": reverse("news:feed_kind", kwargs={"kind": "siaran-pers"}),
    }


# Why each number (the page cache, another part of issue 14, would answer the second request
# itself: hence PAGE_CACHE_ENABLED=False). The office profile and the years come from the cache.
NEWS_BUDGETS = {
    # The region summary, the news section, the running election stages and the upcoming
    # Forum Media events.
    "home": 4,
    # The count and the page.
    "list": 2,
    "list-year": 2,
    "list-kind": 2,
    "list-page-2": 2,
    # The category (or tag), the count and the page.
    "category": 3,
    "tag": 3,
    # The article, its tags, images, attachments and corrections, and the two related queries.
    "article": 7,
    # The items.
    "rss": 1,
    "atom": 1,
    "rss-kind": 1,
}


@override_settings(PAGE_CACHE_ENABLED=False)
# Not "page": that is pytest-playwright's fixture, and the name would parametrise the test by
# browser and move it, with the browser tests, in among the tests that need no flush.
@pytest.mark.parametrize("page_name", list(NEWS_BUDGETS))
def test_news_pages_cost_the_same_with_30_and_3000_articles(client, archive, page_name):
    queries = queries_of(client, news_pages(archive)[page_name])
    assert len(queries) == NEWS_BUDGETS[page_name], queries


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_article_page_shows_three_related_articles_of_its_category_first(client, archive):
    page = client.get(news_pages(archive)["article"]).text
    related = page.split('id="related-title"')[1]
    # Every third article is in article 0's category: 3, 6 and 9 are its newest after it.
    titles = ["Pengawasan Tahapan Pemilu %d<" % index for index in (3, 6, 9)]
    assert [title in related for title in titles] == [True, True, True]
    assert "Pengawasan Tahapan Pemilu 0<" not in related


DESK_PAGES = {
    # The index reads nothing but the cached office profile.
    "complaints-index": ("complaints:index", 0),
    # The kecamatan of the region, then one grouped count per breakdown
    # (tests/complaints/test_statistics.py).
    "statistics": ("complaints:statistics", 5),
    "statistics-csv": ("complaints:statistics_csv", 5),
}


@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("page_name", list(DESK_PAGES))
def test_complaint_desk_pages_cost_the_same_with_30_and_3000_articles(client, archive, page_name):
    url_name, budget = DESK_PAGES[page_name]
    assert client.get(reverse(url_name)).status_code == 200
    # The statistics keep their own 5-minute cache: measured without it, as on its expiry.
    cache.delete(STATISTICS_CACHE_KEY % timezone.localdate().strftime("%Y-%m"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(queries) == budget, [query["sql"] for query in queries]


@pytest.fixture(params=[4, 2000], ids=lambda size: "%d-villages" % size)
def villages(request) -> int:
    """The office's 4 villages (tests/factories.py), or 1,996 more."""
    villages_add(request.param - 4)
    # As region_load does on commit.
    office_villages_forget()
    return request.param


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_complaint_form_costs_the_same_with_4_and_2000_villages(client, villages):
    election_create()
    url = reverse("complaints:create")
    page = client.get(url).text
    assert page.count('<option value="35.09.') == villages
    # The open elections, and the new filing session's row: the villages come from the cache.
    queries = queries_of(client, url)
    assert len(queries) == 2, queries
