"""A change to an article deletes the cached pages that show it, once the change commits
(humas_portal/cache_invalidation.py; the page cache itself comes later)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from humas_portal.cache_invalidation import cache_pages_invalidate, page_cache_key
from news import services
from news.models import ArticleKind
from tests.news.factories import article_create, category_create, tag_create


def cached(*paths: str) -> dict[str, bool]:
    return {path: cache.get(page_cache_key(path)) is not None for path in paths}


def cache_pages(*paths: str) -> None:
    cache.set_many({page_cache_key(path): "<html>" for path in paths})


@pytest.mark.django_db
def test_publishing_deletes_every_page_that_shows_the_article_after_the_commit(
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
    ]
    untouched = ["/berita/kategori/lainnya/", "/pengaduan/"]
    cache_pages(*touched, *untouched)

    with django_capture_on_commit_callbacks() as callbacks:
        services.article_publish(article_id=draft.pk, actor=chief)
        # Not yet: until the commit, a page cached again would still show the old state.
        assert all(cached(*touched).values())
    for callback in callbacks:
        callback()

    assert cached(*touched) == dict.fromkeys(touched, False)
    assert cached(*untouched) == dict.fromkeys(untouched, True)


@pytest.mark.django_db
def test_editing_a_published_article_deletes_its_old_and_new_pages(
    chief, writer, django_capture_on_commit_callbacks
):
    article = article_create(author=writer, slug="judul-lama")
    services.article_publish(article_id=article.pk, actor=chief)
    cache_pages("/berita/judul-lama/", "/berita/judul-baru/")

    article.refresh_from_db()
    article.slug = "judul-baru"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, actor=chief)

    assert cached("/berita/judul-lama/", "/berita/judul-baru/") == {
        "/berita/judul-lama/": False,
        "/berita/judul-baru/": False,
    }


@pytest.mark.django_db
def test_a_model_nobody_registered_touches_no_page(writer):
    cache_pages("/")

    assert cache_pages_invalidate(instance=writer) == []
    assert cached("/") == {"/": True}
