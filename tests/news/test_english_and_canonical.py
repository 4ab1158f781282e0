"""Issue 12 item 9: on the English interface, what staff wrote in Indonesian is marked
lang="id"; list pages name their canonical address, and ?halaman=1 is the list itself."""

import re

import pytest
from django.urls import reverse

from tests.news.factories import (
    category_create,
    published_article_create,
    published_articles_bulk_create,
    staff_create,
    tag_create,
)

BASE_URL = "https://jember.example.go.id"
LIST = reverse("news:article_list")


pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE_URL


@pytest.fixture
def article():
    category = category_create("Pengawasan")
    article = published_article_create(
        title="Bawaslu Jember Awasi Kampanye",
        category=category,
        cover="news/covers/kampanye.jpg",
        cover_alt="Pengawas mencatat jalannya kampanye",
    )
    article.tags.add(tag_create("Pilkada"))
    return article


def english(client):
    client.cookies["bahasa"] = "en"
    return client


def opening_tag(html: str, pattern: str) -> str:
    match = re.search(r"<%s[^>]*>" % pattern, html)
    assert match, pattern
    return match.group(0)


def test_english_interface_marks_indonesian_content(client, article):
    page = english(client).get("/berita/%s/" % article.slug).content.decode()
    assert '<html lang="en">' in page
    for element in (
        'h1 class="article__title"',
        'p class="article__lead"',
        'div class="article__body prose"',
        'img class="article__cover-image"',
        'ul class="tag-list"',
        r'a href="/berita/kategori/pengawasan/"',
    ):
        assert 'lang="id"' in opening_tag(page, element), element
    assert "hreflang" not in page

    listing = client.get(LIST).content.decode()
    for element in ('h2 class="news-card__title"', 'p class="news-card__category"'):
        assert 'lang="id"' in opening_tag(listing, element), element
    category = client.get("/berita/kategori/pengawasan/").content.decode()
    assert '<h1 class="news-list__title">Category: <span lang="id">Pengawasan</span></h1>' in (
        category
    )


def test_english_search_marks_indonesian_content_but_not_the_portals_own_pages(client, article):
    page = english(client).get(reverse("search"), {"q": "kampanye"}).content.decode()

    # The article is the office's Indonesian text; the complaint desk's section is the portal's
    # own page, whose title follows the interface.
    article_title = re.search(r"<h2 class=\"search-result__title\"[^>]*><a href=\"/berita/", page)
    assert article_title
    assert 'lang="id"' in article_title.group(0)
    page = client.get(reverse("search"), {"q": "pengaduan"}).content.decode()
    desk_title = re.search(r"<h2 class=\"search-result__title\"[^>]*><a href=\"/pengaduan/\"", page)
    assert desk_title
    assert "lang=" not in desk_title.group(0)


def test_indonesian_interface_needs_no_marks(client, article):
    for path in ("/berita/%s/" % article.slug, LIST, "/berita/kategori/pengawasan/"):
        page = client.get(path).content.decode()
        assert '<html lang="id">' in page
        assert page.count('lang="id"') == 1, path


def test_list_pages_name_their_canonical_address(client):
    published_articles_bulk_create(14, category=category_create(), author=staff_create("p"))
    first = client.get(LIST + "?utm_source=wa").content.decode()
    assert '<link rel="canonical" href="%s/berita/">' % BASE_URL in first
    second = client.get(LIST + "?halaman=2&jenis=berita").content.decode()
    assert '<link rel="canonical" href="%s/berita/?jenis=berita&amp;halaman=2">' % BASE_URL in (
        second
    )
    # Back from page 2 leads to the list itself, not to ?halaman=1.
    assert 'rel="prev" href="/berita/"' in client.get(LIST + "?halaman=2").content.decode()
    assert 'rel="prev" href="?jenis=berita"' in second


def test_first_page_parameter_redirects_to_the_list(client):
    response = client.get(LIST + "?halaman=1")
    assert response.status_code == 301
    assert response.headers["Location"] == LIST
    response = client.get(LIST + "?jenis=berita&halaman=1")
    assert response.headers["Location"] == LIST + "?jenis=berita"
    # An unknown kind is still a 404, not a redirect.
    assert client.get(LIST + "?jenis=tidak-ada&halaman=1").status_code == 404
