"""The education feeds (RSS and Atom) and the sitemap section: only public items, absolute
links from PORTAL_BASE_URL, the same queries whatever the number of items."""

from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from education.models import ItemStatus
from tests.education.factories import item_create, published_item_create
from tests.sitemap_reader import sitemap_entries

BASE_URL = "https://jember.example.go.id"

pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE_URL


@pytest.fixture
def items(db):
    """Two public originals and a public version, plus one of every not-yet-public kind."""
    first = published_item_create(title="Lima Langkah Mencoblos")
    public = [
        first,
        published_item_create(title="Kenali Hoaks Pemilu"),
        published_item_create(title="Limang Langkah Nyoblos", version_of=first, language="jv"),
    ]
    hidden = [
        published_item_create(title="Terjadwal Besok", publish_at=timezone.now() + timedelta(1)),
        item_create(title="Masih Draf"),
        item_create(title="Sedang Ditinjau", status=ItemStatus.REVIEW),
        published_item_create(title="Sudah Diarsipkan", status=ItemStatus.ARCHIVED),
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
    ("name", "version"), [("education:feed_rss", "rss20"), ("education:feed_atom", "atom10")]
)
def test_feeds_list_the_public_originals(client, items, name, version):
    _response, feed = parse(client, reverse(name))

    assert feed.version == version
    assert [entry.title for entry in feed.entries] == [
        "Kenali Hoaks Pemilu",
        "Lima Langkah Mencoblos",
    ]
    for entry in feed.entries:
        assert entry.link.startswith(BASE_URL + "/edukasi/")
    assert feed.feed.link.startswith(BASE_URL)


def test_the_feed_costs_the_same_queries_for_two_items_or_twenty(client, items, settings):
    settings.PAGE_CACHE_ENABLED = False

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("education:feed_rss"))
        return len(captured)

    queries()  # the office profile, cached from then on
    few = queries()
    for number in range(18):
        published_item_create(title="Materi %d" % number)
    assert queries() == few


def test_the_sitemap_lists_every_public_item_version_included(client, items):
    public, hidden = items

    entries = sitemap_entries(client)

    for item in public:
        assert BASE_URL + "/edukasi/%s/" % item.slug in entries
    for item in hidden:
        assert BASE_URL + "/edukasi/%s/" % item.slug not in entries
    assert BASE_URL + reverse("education:item_list") in entries
