"""News and the page cache: a change to an article makes the pages that show it stale once the
change commits (humas_portal/cache_invalidation.py), and a scheduled article appears when its
time comes, with nothing run then (humas_portal/page_cache.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from humas_portal.cache_invalidation import cache_pages_invalidate, page_generation_key
from news import services
from news.models import ArticleKind
from tests.news.factories import (
    article_create,
    category_create,
    published_article_create,
    tag_create,
)
from tests.news.test_admin import changelist_action, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

HOME = reverse("home")
LIST = reverse("news:article_list")


def tokens(*paths: str) -> dict[str, str | None]:
    return {path: cache.get(page_generation_key(path)) for path in paths}


def queries(client, url: str) -> tuple[int, str]:
    """How many queries a request made, and its page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), response.text if response.status_code == 200 else str(response)


def staff_client(user) -> Client:
    staff = Client()
    staff.force_login(user)
    return staff


def test_publishing_renews_every_page_that_shows_the_article_after_the_commit(
    chief, writer, django_capture_on_commit_callbacks
):
    tag = tag_create("Pilkada Jember")
    draft = article_create(
        author=writer,
        slug="kampanye-damai",
        kind=ArticleKind.PRESS_RELEASE,
        category=category_create("Pengawasan"),
    )
    draft.tags.add(tag)
    touched = [
        "/",
        "/berita/",
        "/berita/kampanye-damai/",
        "/berita/kategori/pengawasan/",
        "/berita/tag/pilkada-jember/",
        "/berita/feed/",
        "/berita/atom/",
        "/berita/feed/siaran-pers/",
        reverse("sitemap"),
        "/sitemap-articles.xml",
        reverse("search"),
        # The election-stages timeline lists news published during each stage.
        "/edukasi/tahapan/",
    ]
    untouched = ["/berita/kategori/lainnya/", "/pengaduan/"]
    cache.set_many({page_generation_key(path): "old" for path in [*touched, *untouched]})

    with django_capture_on_commit_callbacks() as callbacks:
        services.article_publish(article_id=draft.pk, actor=chief)
        # Not yet: until the commit, a page rendered again would still show the old state.
        assert set(tokens(*touched).values()) == {"old"}
    for callback in callbacks:
        callback()

    assert "old" not in tokens(*touched).values()
    assert set(tokens(*untouched).values()) == {"old"}


def test_editing_a_published_article_renews_its_old_and_new_pages(
    chief, writer, django_capture_on_commit_callbacks
):
    article = article_create(author=writer, slug="judul-lama")
    services.article_publish(article_id=article.pk, actor=chief)
    paths = ["/berita/judul-lama/", "/berita/judul-baru/"]
    cache.set_many({page_generation_key(path): "old" for path in paths})

    article.refresh_from_db()
    article.slug = "judul-baru"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, actor=chief)

    assert "old" not in tokens(*paths).values()


def test_a_model_nobody_registered_touches_no_page(writer):
    cache.set(page_generation_key("/"), "old")

    assert cache_pages_invalidate(instance=writer) == []
    assert tokens("/") == {"/": "old"}


@pytest.mark.django_db(transaction=True)
def test_publishing_editing_and_archiving_in_the_admin_show_on_the_next_request(
    client, chief, writer
):
    category = category_create("Pengawasan")
    draft = article_create(author=writer, category=category, title="Patroli Masa Tenang")
    services.article_submit(article_id=draft.pk, actor=writer)
    article_page = reverse("news:article_detail", kwargs={"slug": draft.slug})
    for url in (HOME, LIST):
        client.get(url)
        assert queries(client, url)[0] == 0  # cached, without the article
    assert "Patroli Masa Tenang" not in queries(client, LIST)[1]
    staff = staff_client(chief)

    changelist_action(staff, "publish", draft)
    for url in (HOME, LIST):
        count, page = queries(client, url)
        assert count > 0
        assert "Patroli Masa Tenang" in page
    client.get(article_page)
    assert queries(client, article_page)[0] == 0

    draft.refresh_from_db()
    published = timezone.localtime(draft.publish_at)
    response = staff.post(
        reverse("admin:news_article_change", args=[draft.pk]),
        form_data(
            draft,
            title="Patroli Masa Tenang Diperketat",
            publish_at_0=published.strftime("%d/%m/%Y"),
            publish_at_1=published.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    for url in (HOME, LIST, article_page):
        assert "Patroli Masa Tenang Diperketat" in queries(client, url)[1]

    changelist_action(staff, "archive", draft)
    assert client.get(article_page).status_code == 404
    for url in (HOME, LIST):
        assert "Patroli Masa Tenang" not in queries(client, url)[1]


@pytest.mark.django_db(transaction=True)
def test_a_tag_added_in_the_admin_shows_on_the_tag_page_at_once(client, chief):
    article = published_article_create(title="Rapat Koordinasi Pengawasan")
    tag = tag_create("Masa Tenang")
    tag_page = reverse("news:tag", kwargs={"slug": tag.slug})
    client.get(tag_page)
    assert "Rapat Koordinasi Pengawasan" not in queries(client, tag_page)[1]

    published = timezone.localtime(article.publish_at)
    response = staff_client(chief).post(
        reverse("admin:news_article_change", args=[article.pk]),
        form_data(
            article,
            tags=[tag.pk],
            publish_at_0=published.strftime("%d/%m/%Y"),
            publish_at_1=published.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302

    assert "Rapat Koordinasi Pengawasan" in queries(client, tag_page)[1]


def test_a_scheduled_article_appears_when_its_time_comes(client, chief, writer):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        draft = article_create(
            author=writer,
            title="Pengumuman Hasil Pengawasan",
            publish_at=timezone.now() + timedelta(minutes=5),
        )
        services.article_schedule(article_id=draft.pk, actor=chief)
        for url in (HOME, LIST):
            client.get(url)
            count, page = queries(client, url)
            assert count == 0
            assert "Pengumuman Hasil Pengawasan" not in page
        # Sooner than PAGE_CACHE_TIMEOUT (10 minutes): the entries end at its time, not before.
        traveller.shift(timedelta(minutes=5) - timedelta(seconds=2))
        assert queries(client, LIST)[0] == 0

        traveller.shift(timedelta(seconds=3))

        for url in (HOME, LIST):
            assert "Pengumuman Hasil Pengawasan" in queries(client, url)[1]
