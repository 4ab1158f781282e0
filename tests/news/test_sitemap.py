"""The sitemap as an index of pages (/sitemap.xml -> /sitemap-<section>.xml?p=N): pages of a
bounded size, the same queries whatever the archive, oldest articles first."""

import math
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from humas_portal.sitemaps import SITEMAP_PAGE_SIZE as PAGE_SIZE
from news.models import Article
from tests.factories import staff_create
from tests.news.factories import (
    category_create,
    published_article_create,
    published_articles_bulk_create,
)
from tests.sitemap_reader import NS, sitemap_index

BASE_URL = "https://jember.example.go.id"
INDEX = reverse("sitemap")
PAGES = reverse("sitemap_section", kwargs={"section": "pages"})
ARTICLES = reverse("sitemap_section", kwargs={"section": "articles"})

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE_URL


def archive(number: int) -> None:
    published_articles_bulk_create(
        number, category=category_create(), author=staff_create("penulis-%d" % number)
    )


def query_count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, path
    return len(captured)


def locations(client, path: str) -> list[str]:
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, path
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return [url.find(NS + "loc").text for url in root.iter(NS + "url")]


@pytest.mark.parametrize("number", [30, 2 * PAGE_SIZE + 1])
def test_the_index_lists_one_entry_per_page_of_each_section(client, number):
    archive(number)

    articles = BASE_URL + ARTICLES
    more = ["%s?p=%d" % (articles, page) for page in range(2, math.ceil(number / PAGE_SIZE) + 1)]
    education = BASE_URL + "/sitemap-education.xml"
    forum_media = BASE_URL + "/sitemap-forum-media.xml"
    register = BASE_URL + "/sitemap-informasi-publik.xml"
    assert sitemap_index(client) == [
        BASE_URL + PAGES,
        articles,
        *more,
        education,
        forum_media,
        register,
    ]
    assert len(locations(client, ARTICLES)) == min(number, PAGE_SIZE)


def test_the_index_gives_each_article_page_the_latest_change(client):
    archive(3)
    edited = Article.objects.order_by("publish_at").first()
    Article.objects.filter(pk=edited.pk).update(updated_at=timezone.now() + timedelta(minutes=5))
    edited.refresh_from_db()

    root = ET.fromstring(client.get(INDEX, HTTP_HOST="localhost").content)  # noqa: S314

    lastmods = {
        entry.find(NS + "loc").text: entry.find(NS + "lastmod")
        for entry in root.iter(NS + "sitemap")
    }
    assert lastmods[BASE_URL + PAGES] is None
    assert lastmods[BASE_URL + ARTICLES].text == timezone.localtime(edited.updated_at).isoformat()


def test_queries_are_the_same_with_30_and_3000_articles(client, settings):
    # The sitemap's own cost: the page cache would answer the repeated requests itself.
    settings.PAGE_CACHE_ENABLED = False
    client.get(INDEX)  # the office profile (context processors) is cached, as on a live site
    archive(3000)
    large = [query_count(client, INDEX), query_count(client, ARTICLES)]
    assert query_count(client, ARTICLES + "?p=3") == large[1]
    thirtieth = Article.objects.order_by("-publish_at").values_list("publish_at", flat=True)[29]
    Article.objects.filter(publish_at__lt=thirtieth).delete()
    assert Article.objects.count() == 30
    small = [query_count(client, INDEX), query_count(client, ARTICLES)]

    # The index: each section's latest change and its count (articles, education items,
    # events, register entries); a page: a count and its slice.
    assert small == large == [8, 2]


def test_a_new_article_lands_on_the_last_page_and_the_others_keep_theirs(client):
    archive(PAGE_SIZE + 5)
    first_page = locations(client, ARTICLES)

    newest = published_article_create(title="Rapat Pleno Terbuka", publish_at=timezone.now())

    assert locations(client, ARTICLES) == first_page
    assert locations(client, ARTICLES + "?p=2")[-1] == "%s/berita/%s/" % (BASE_URL, newest.slug)


@pytest.mark.parametrize(
    "path", [ARTICLES + "?p=2", ARTICLES + "?p=0", ARTICLES + "?p=dua", "/sitemap-tidak-ada.xml"]
)
def test_a_page_that_is_not_there_is_a_404(client, path):
    archive(3)
    assert client.get(path, HTTP_HOST="localhost").status_code == 404
