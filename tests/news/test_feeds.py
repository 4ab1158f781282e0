"""RSS and Atom feeds, per-kind feeds and the sitemap: only public items, absolute base URLs."""

from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import ArticleKind, ArticleStatus
from tests.news.factories import published_article_create
from tests.sitemap_reader import sitemap_entries

BASE_URL = "https://jember.example.go.id"


pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE_URL


@pytest.fixture
def articles(db):
    """Two public articles of different kinds, plus one of every kind of not-yet-public one."""
    public = [
        published_article_create(title="Rapat Koordinasi Pengawasan"),
        published_article_create(
            title="Siaran Pers Penetapan Daftar Pemilih", kind=ArticleKind.PRESS_RELEASE
        ),
    ]
    hidden = [
        published_article_create(
            title="Terjadwal Besok", publish_at=timezone.now() + timedelta(days=1)
        ),
        published_article_create(title="Masih Draf", status=ArticleStatus.DRAFT),
        published_article_create(title="Sedang Ditinjau", status=ArticleStatus.REVIEW),
        published_article_create(title="Sudah Diarsipkan", status=ArticleStatus.ARCHIVED),
    ]
    return public, hidden


def parse(client, url: str):
    # A foreign Host header: links must still come from PORTAL_BASE_URL.
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.mark.parametrize(
    ("name", "version"), [("news:feed_rss", "rss20"), ("news:feed_atom", "atom10")]
)
def test_feeds_list_exactly_the_public_items(client, articles, name, version):
    public, _hidden = articles
    response, feed = parse(client, reverse(name))

    assert feed.version == version
    assert sorted(entry.title for entry in feed.entries) == sorted(a.title for a in public)
    assert sorted(entry.link for entry in feed.entries) == sorted(
        "%s/berita/%s/" % (BASE_URL, article.slug) for article in public
    )
    assert feed.feed.link == BASE_URL + "/berita/"
    assert "Bawaslu Kabupaten Jember" in feed.feed.title
    assert all(entry.published_parsed for entry in feed.entries)
    assert b"localhost" not in response.content


@pytest.mark.usefixtures("articles")
def test_kind_feed_lists_only_that_kind(client):
    _response, feed = parse(client, reverse("news:feed_kind", kwargs={"kind": "siaran-pers"}))

    assert [entry.title for entry in feed.entries] == ["Siaran Pers Penetapan Daftar Pemilih"]
    assert feed.feed.title.startswith("Siaran Pers")


@pytest.mark.parametrize("kind", ["berita", "pengumuman", "klarifikasi-hoaks"])
def test_every_kind_has_a_feed(client, kind):
    parse(client, reverse("news:feed_kind", kwargs={"kind": kind}))


def test_unknown_kind_feed_is_404(client):
    response = client.get(reverse("news:feed_kind", kwargs={"kind": "press_release"}))
    assert response.status_code == 404


def test_sitemap_is_well_formed_and_lists_only_public_urls(client, articles):
    public, hidden = articles
    # The other sections' own pages are their tests' business.
    others = ("/edukasi/", "/forum-media/", "/informasi-publik/")
    entries = {
        url: entry
        for url, entry in sitemap_entries(client).items()
        if not any(section in url for section in others)
    }

    article_urls = {"%s/berita/%s/" % (BASE_URL, article.slug): article for article in public}
    assert set(entries) == {BASE_URL + "/", BASE_URL + "/berita/"} | set(article_urls)
    for url, article in article_urls.items():
        # The article's last change, as the date the sitemap protocol asks for.
        assert entries[url] == str(timezone.localdate(article.updated_at))
    for article in hidden:
        assert not any(article.slug in url for url in entries)
