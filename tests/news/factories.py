"""Small factories for news tests: plain ORM, ``full_clean()`` before every save (as every write
path in the portal does). Shared by the news tests; add to it, do not change what is here."""

from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from news.models import Article, Category, Tag
from tests.factories import staff_create

JAKARTA = ZoneInfo("Asia/Jakarta")
# The frozen "now" of the news tests (tests/news/conftest.py::clock).
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=JAKARTA)

_numbers = count(1)


def category_create(name: str | None = None) -> Category:
    name = name or "Pengawasan Pemilu %d" % next(_numbers)
    category = Category(name=name, slug=slugify(name))
    category.full_clean()
    category.save()
    return category


def tag_create(name: str | None = None) -> Tag:
    name = name or "Pilkada %d" % next(_numbers)
    tag = Tag(name=name, slug=slugify(name))
    tag.full_clean()
    tag.save()
    return tag


def article_create(*, author, **fields) -> Article:
    """A draft article (override any field, e.g. ``status`` and ``publish_at``)."""
    number = next(_numbers)
    title = fields.pop("title", "Bawaslu Jember Awasi Tahapan Kampanye %d" % number)
    values = {
        "title": title,
        "slug": slugify(title),
        "lead": "Pengawas pemilu memantau kegiatan kampanye di 31 kecamatan.",
        "body": "<p>Bawaslu Kabupaten Jember menurunkan pengawas ke setiap kecamatan.</p>",
        **fields,
    }
    if "category" not in values:
        values["category"] = category_create()
    article = Article(author=author, **values)
    article.full_clean()
    article.save()
    return article


# --- Public pages, feeds and search ----------------------------------------------------------


def published_article_create(*, publish_at=None, **fields) -> Article:
    """A public article, published an hour ago unless ``publish_at`` (or ``status``) differ."""
    from datetime import timedelta

    from django.utils import timezone

    from news.models import ArticleStatus

    author = fields.pop("author", None) or staff_create("penulis-%d" % next(_numbers))
    return article_create(
        author=author,
        status=fields.pop("status", ArticleStatus.PUBLISHED),
        publish_at=publish_at or timezone.now() - timedelta(hours=1),
        **fields,
    )


def published_articles_bulk_create(number: int, *, category, author, tags=()) -> list[Article]:
    """Many public articles at once, with a cover each (names only: no files are written).

    bulk_create skips full_clean(): the fields here are plain, fixed and already clean.
    """
    from datetime import timedelta

    from django.utils import timezone

    from news.models import ArticleStatus

    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title="Sosialisasi Pengawasan Partisipatif Angkatan %d" % index,
            slug="sosialisasi-pengawasan-partisipatif-angkatan-%d" % index,
            lead="Warga desa belajar mengawasi pemilu bersama Bawaslu.",
            body="<p>Peserta berasal dari kecamatan di seluruh kabupaten.</p>",
            category=category,
            author=author,
            status=ArticleStatus.PUBLISHED,
            publish_at=now - timedelta(minutes=index + 1),
            cover="news/covers/sampul-%d.jpg" % index,
            cover_small="news/covers/sampul-%d-640.jpg" % index,
            cover_width=1280,
            cover_height=720,
            cover_alt="Peserta sosialisasi di balai desa",
        )
        for index in range(number)
    )
    for tag in tags:
        tag.articles.add(*articles)
    return articles


# --- Press list and distribution --------------------------------------------------------------


def subscriber_create(email: str, topics=("berita",), *, confirmed: bool = True):
    """A subscriber with its topics (confirmed unless told otherwise), without any e-mail."""
    from django.utils import timezone

    from humas_portal.notifications.models import Subscriber, Subscription

    subscriber = Subscriber(email=email, confirmed_at=timezone.now() if confirmed else None)
    subscriber.full_clean()
    subscriber.save()
    Subscription.objects.bulk_create(
        [Subscription(subscriber=subscriber, topic=topic) for topic in topics]
    )
    return subscriber
