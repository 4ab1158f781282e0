"""Distribution of published articles: embargo for the press list, exactly once, per topic.

The clock is frozen with time-machine; each step runs the beat task's service, then the bulk
enqueue and the delivery in-process, to a real SMTP sink.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from humas_portal.notifications.bulk import bulk_send_enqueue
from humas_portal.notifications.models import BulkSend, Message, Status
from humas_portal.notifications.services import notification_deliver
from media_forum.services import journalist_verify
from news import distribution
from news.distribution import news_distribute_due
from news.models import Article, ArticleKind, ArticleStatus, Verdict
from news.tasks import news_distribute_due as news_distribute_due_task
from tests.conftest import run_at_once
from tests.media_forum.factories import journalist_create
from tests.news.factories import (
    article_create,
    staff_create,
    subscriber_create,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
# Monday 16 March 2026, 10.00 WIB: the release becomes public; the press list has it at 06.00.
PUBLISH_AT = datetime(2026, 3, 16, 10, 0, tzinfo=JAKARTA)
DISTRIBUTE_AT = datetime(2026, 3, 16, 6, 0, tzinfo=JAKARTA)
WRITTEN_AT = datetime(2026, 3, 15, 14, 0, tzinfo=JAKARTA)
EMBARGO = "EMBARGO hingga Senin, 16 Maret 2026, 10.00 WIB"


pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture(autouse=True)
def _in_process(monkeypatch):
    # Nothing is published to a broker: each test enqueues and delivers in-process.
    monkeypatch.setattr("humas_portal.notifications.bulk._enqueue_task_dispatch", lambda pk: None)
    monkeypatch.setattr("humas_portal.notifications.services._dispatch", lambda ids: None)


@pytest.fixture
def author():
    return staff_create("redaksi")


@pytest.fixture
def audience():
    """Everyone who could receive a release, named by what they should get."""
    return {
        "press": journalist_create("terverifikasi@example.id", verified=True).subscriber,
        "unverified": journalist_create("belum-verifikasi@example.id", verified=False).subscriber,
        "reader": subscriber_create("pembaca-pers@example.id", ["siaran-pers"]),
        "news_only": subscriber_create("pembaca-berita@example.id", ["berita"]),
        # Verified, but the address never confirmed: it receives nothing at all.
        "pending": journalist_create(
            "belum-konfirmasi@example.id", verified=True, confirmed=False
        ).subscriber,
        # Verified, but subscribed to news only: press releases are not theirs.
        "press_news_only": journalist_create(
            "wartawan-berita@example.id", verified=True, topics=["berita"]
        ).subscriber,
    }


def release(author, **fields) -> Article:
    values = {
        "title": "Bawaslu Jember Awasi Rapat Pleno",
        "kind": ArticleKind.PRESS_RELEASE,
        "status": ArticleStatus.PUBLISHED,
        "publish_at": PUBLISH_AT,
        "distribute_at": DISTRIBUTE_AT,
        "lead": "Bawaslu Kabupaten Jember mengawasi rapat pleno terbuka.",
        "body": "<p>Pengawas hadir sejak pagi &amp; mencatat jalannya rapat.</p>"
        "<ul><li>Daftar hadir</li><li>Berita acara</li></ul>",
        **fields,
    }
    with time_machine.travel(WRITTEN_AT, tick=False):
        return article_create(author=author, **values)


def deliver(sink) -> list[str]:
    """Enqueue the waiting bulk sends and deliver their rows; the new recipients, sorted."""
    before = len(sink.received)
    for bulk_id in BulkSend.objects.filter(enqueued_at__isnull=True).values_list("pk", flat=True):
        bulk_send_enqueue(bulk_id=bulk_id)
    pending = Message.objects.filter(status=Status.PENDING).values_list("pk", flat=True)
    notification_deliver(message_ids=list(pending))
    return sorted(mail["To"] for mail in sink.received[before:])


def subject_of(mail) -> str:
    # A long header may be folded onto the next line (RFC 5322); readers unfold it.
    return re.sub(r"\r?\n[ \t]", " ", mail["Subject"])


def text_of(mail) -> str:
    return mail.get_payload()[0].get_payload(decode=True).decode()


def html_of(mail) -> str:
    return mail.get_payload()[1].get_payload(decode=True).decode()


def run_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return news_distribute_due()


# --- The embargo ----------------------------------------------------------------------------


def test_an_embargoed_release_reaches_only_the_press_list_until_it_is_published(
    client, smtp_settings, author, audience
):
    article = release(author)
    page = "/berita/%s/" % article.slug

    # Before distribute_at: nobody, and not public.
    with time_machine.travel(DISTRIBUTE_AT - timedelta(minutes=1), tick=False):
        assert news_distribute_due() == 0
        assert client.get(page).status_code == 404
    assert deliver(smtp_settings) == []

    # At distribute_at: the verified, confirmed "siaran pers" journalist only.
    with time_machine.travel(DISTRIBUTE_AT, tick=False):
        assert news_distribute_due() == 1
        assert deliver(smtp_settings) == ["terverifikasi@example.id"]
        assert not Article.objects.public().filter(pk=article.pk).exists()
        assert client.get(page).status_code == 404
    embargoed = smtp_settings.received[-1]
    assert subject_of(embargoed) == "[%s] Siaran Pers: %s" % (EMBARGO, article.title)
    for body in (text_of(embargoed), html_of(embargoed)):
        assert EMBARGO in body
        assert "Berita acara" in body  # the release itself, not only its lead
        assert "%s/berita/%s/" % (settings.PORTAL_BASE_URL, article.slug) in body
        assert "/langganan/berhenti/" in body
    assert "&amp; mencatat" in html_of(embargoed)
    assert "hadir sejak pagi & mencatat" in text_of(embargoed)

    # Between the two: nobody else, whatever the beat does.
    for minutes in (1, 60, 239):
        assert run_at(DISTRIBUTE_AT + timedelta(minutes=minutes)) == 0
    assert deliver(smtp_settings) == []

    # At publish_at: public, and every other confirmed "siaran pers" subscriber gets it.
    with time_machine.travel(PUBLISH_AT, tick=False):
        assert news_distribute_due() == 1
        assert deliver(smtp_settings) == ["belum-verifikasi@example.id", "pembaca-pers@example.id"]
        assert Article.objects.public().filter(pk=article.pk).exists()
        assert client.get(page).status_code == 200
    public = smtp_settings.received[-1]
    assert subject_of(public) == "Siaran Pers: %s" % article.title
    assert "EMBARGO" not in text_of(public)
    assert "Berita acara" not in text_of(public)  # lead and link only
    assert "Baca selengkapnya" in html_of(public)

    # Later runs send nothing again.
    assert run_at(PUBLISH_AT + timedelta(hours=1)) == 0
    assert deliver(smtp_settings) == []
    received = sorted(mail["To"] for mail in smtp_settings.received)
    assert received == [
        "belum-verifikasi@example.id",
        "pembaca-pers@example.id",
        "terverifikasi@example.id",
    ]
    article.refresh_from_db()
    assert article.press_distributed_at == DISTRIBUTE_AT
    assert article.public_distributed_at == PUBLISH_AT


def test_an_unverified_journalist_never_gets_the_embargoed_copy(smtp_settings, author):
    journalist_create("belum-verifikasi@example.id", verified=False)
    release(author)

    run_at(DISTRIBUTE_AT)
    assert deliver(smtp_settings) == []
    press_copy = BulkSend.objects.get(reference__endswith=":press")
    assert press_copy.total == 0

    run_at(PUBLISH_AT)
    assert deliver(smtp_settings) == ["belum-verifikasi@example.id"]
    assert "EMBARGO" not in subject_of(smtp_settings.received[0])


def test_a_journalist_verified_after_the_embargoed_copy_still_gets_the_public_one(
    smtp_settings, author, django_user_model
):
    profile = journalist_create("baru-diverifikasi@example.id", verified=False)
    journalist_create("terverifikasi@example.id", verified=True)
    release(author)
    run_at(DISTRIBUTE_AT)
    assert deliver(smtp_settings) == ["terverifikasi@example.id"]

    chief = staff_create("pemred", superuser=True)
    journalist_verify(profile_id=profile.pk, actor=chief)
    # The journalist is told of the verification (media_forum); that mail is not this test's.
    assert deliver(smtp_settings) == ["baru-diverifikasi@example.id"]
    run_at(PUBLISH_AT)

    # Left out is whoever received the embargoed copy, not whoever is verified now.
    assert deliver(smtp_settings) == ["baru-diverifikasi@example.id"]


def test_the_public_copy_waits_for_the_embargoed_copy_to_be_fully_enqueued(
    smtp_settings, author, audience
):
    """If the press copy's enqueueing has not run yet (worker busy), nobody gets both."""
    release(author)
    run_at(DISTRIBUTE_AT)
    run_at(PUBLISH_AT)
    press_copy, public_copy = BulkSend.objects.order_by("pk")

    bulk_send_enqueue(bulk_id=public_copy.pk)  # runs first, before the press copy's task

    press_copy.refresh_from_db()
    assert press_copy.enqueued_at is not None
    assert deliver(smtp_settings) == [
        "belum-verifikasi@example.id",
        "pembaca-pers@example.id",
        "terverifikasi@example.id",
    ]
    assert Message.objects.filter(recipient="terverifikasi@example.id").count() == 1


def test_when_the_beat_first_runs_after_publication_there_is_no_embargoed_copy(
    smtp_settings, author, audience
):
    release(author)

    assert run_at(PUBLISH_AT + timedelta(minutes=5)) == 1

    assert deliver(smtp_settings) == [
        "belum-verifikasi@example.id",
        "pembaca-pers@example.id",
        "terverifikasi@example.id",
    ]
    assert not any("EMBARGO" in subject_of(mail) for mail in smtp_settings.received)
    article = Article.objects.get()
    assert article.press_distributed_at is None


# --- Exactly once ---------------------------------------------------------------------------


def test_running_the_beat_task_twice_sends_each_copy_once(smtp_settings, author, audience):
    release(author)
    with time_machine.travel(DISTRIBUTE_AT, tick=False):
        news_distribute_due_task()
        news_distribute_due_task()
    with time_machine.travel(PUBLISH_AT, tick=False):
        news_distribute_due_task()
        news_distribute_due_task()

    assert BulkSend.objects.count() == 2
    assert deliver(smtp_settings) == [
        "belum-verifikasi@example.id",
        "pembaca-pers@example.id",
        "terverifikasi@example.id",
    ]
    assert deliver(smtp_settings) == []


def test_a_failure_after_the_claim_undoes_the_claim_and_the_next_run_sends(
    smtp_settings, author, audience, monkeypatch
):
    article = release(author)
    original = distribution.bulk_send_create

    def broken(**kwargs):
        original(**kwargs)  # the send is written, then the process fails before commit
        raise RuntimeError("the worker died")

    monkeypatch.setattr(distribution, "bulk_send_create", broken)
    assert run_at(DISTRIBUTE_AT) == 0
    article.refresh_from_db()
    assert article.press_distributed_at is None
    assert not BulkSend.objects.exists()

    monkeypatch.setattr(distribution, "bulk_send_create", original)
    assert run_at(DISTRIBUTE_AT + timedelta(minutes=1)) == 1
    assert deliver(smtp_settings) == ["terverifikasi@example.id"]


def test_one_broken_article_does_not_hold_back_the_others(author, audience, monkeypatch):
    first = release(author, title="Siaran Pers Pertama")
    release(author, title="Siaran Pers Kedua")
    original = distribution.bulk_send_create

    def broken_for_first(**kwargs):
        if kwargs["reference"] == "news.article:%d:press" % first.pk:
            raise RuntimeError("template error")
        return original(**kwargs)

    monkeypatch.setattr(distribution, "bulk_send_create", broken_for_first)
    assert run_at(DISTRIBUTE_AT) == 1
    assert BulkSend.objects.count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_beat_runs_at_once_send_each_copy_once(require_postgresql, monkeypatch):
    """Real row locks: the second run's UPDATE waits, then finds the copy claimed."""
    monkeypatch.setattr("humas_portal.notifications.bulk._enqueue_task_dispatch", lambda pk: None)
    author = staff_create("redaksi-paralel")
    for number in range(5):
        release(author, title="Siaran Pers Paralel %d" % number)
    results = run_at_once(lambda: news_distribute_due(now=DISTRIBUTE_AT), times=4)

    assert sum(results) == 5
    assert BulkSend.objects.count() == 5
    assert BulkSend.objects.values("reference").distinct().count() == 5


# --- Topics per kind, and what is not sent --------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "topic", "extra"),
    [
        (ArticleKind.NEWS, "berita", {}),
        (ArticleKind.ANNOUNCEMENT, "berita", {}),
        (ArticleKind.HOAX_CLARIFICATION, "berita", {"verdict": Verdict.HOAX}),
        (ArticleKind.PRESS_RELEASE, "siaran-pers", {}),
    ],
)
def test_the_public_copy_goes_to_the_topic_of_its_kind(
    smtp_settings, author, audience, kind, topic, extra
):
    release(author, kind=kind, distribute_at=None, title="Kabar Pengawasan", **extra)

    assert run_at(PUBLISH_AT) == 1

    bulk = BulkSend.objects.get()
    assert bulk.topic == topic
    assert bulk.audience == ""
    assert bulk.excluded_send is None
    expected = {
        "berita": ["pembaca-berita@example.id", "wartawan-berita@example.id"],
        "siaran-pers": [
            "belum-verifikasi@example.id",
            "pembaca-pers@example.id",
            "terverifikasi@example.id",
        ],
    }[topic]
    assert deliver(smtp_settings) == expected
    label = dict(ArticleKind.choices)[kind]
    assert subject_of(smtp_settings.received[0]) == "%s: Kabar Pengawasan" % label


@pytest.mark.parametrize(
    "fields",
    [
        {"status": ArticleStatus.DRAFT, "publish_at": PUBLISH_AT},
        {"status": ArticleStatus.REVIEW, "publish_at": PUBLISH_AT},
        {"status": ArticleStatus.ARCHIVED, "publish_at": PUBLISH_AT},
        {"status": ArticleStatus.PUBLISHED, "publish_at": PUBLISH_AT + timedelta(days=1)},
    ],
    ids=["draft", "review", "archived", "scheduled"],
)
def test_what_is_not_public_is_not_sent(author, audience, fields):
    release(author, kind=ArticleKind.NEWS, distribute_at=None, **fields)
    assert run_at(PUBLISH_AT + timedelta(hours=1)) == 0
    assert not BulkSend.objects.exists()


def test_an_unpublished_embargoed_release_is_not_sent_to_the_press(author, audience):
    release(author, status=ArticleStatus.REVIEW)
    assert run_at(DISTRIBUTE_AT) == 0
    assert not BulkSend.objects.exists()


def test_an_article_published_long_ago_is_marked_but_not_mailed(author, audience):
    """The first run over existing content, or a backdated item, mails nobody."""
    article = release(author, kind=ArticleKind.NEWS, distribute_at=None)

    assert run_at(PUBLISH_AT + distribution.MAX_AGE + timedelta(minutes=1)) == 0

    assert not BulkSend.objects.exists()
    article.refresh_from_db()
    assert article.public_distributed_at is not None
    assert run_at(PUBLISH_AT + distribution.MAX_AGE + timedelta(hours=1)) == 0


def test_a_title_that_already_names_its_kind_is_not_prefixed_twice(author):
    article = release(author, title="Siaran Pers: Rapat Pleno Terbuka")
    assert distribution._context(article, embargoed=False)["subject"] == (
        "Siaran Pers: Rapat Pleno Terbuka"
    )
