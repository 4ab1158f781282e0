"""Bulk sends: one body for all, queries per chunk, idempotent, one-click unsubscribe."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from humas_portal.models import AuditEvent
from humas_portal.notifications import bulk as bulk_module
from humas_portal.notifications.bulk import bulk_send_create, bulk_send_enqueue, bulk_sends_relay
from humas_portal.notifications.models import (
    BulkSend,
    Message,
    Status,
    Subscriber,
    SubscriberToken,
    Subscription,
    TokenPurpose,
)
from humas_portal.notifications.services import notification_deliver
from humas_portal.notifications.tasks import notifications_bulk_enqueue

CONTEXT = {
    "title": "Siaran Pers: Rapat Pleno & Penetapan DPT",
    "summary": "Bawaslu Kabupaten Jember mengawasi rapat pleno.\nHasilnya diumumkan hari ini.",
    "url": "https://jember.example.go.id/berita/rapat-pleno/",
}


pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture
def dispatched(monkeypatch) -> list[list[int]]:
    """What would be published to the broker: one list of ids per send task."""
    calls: list[list[int]] = []
    monkeypatch.setattr(
        "humas_portal.notifications.services._dispatch", lambda ids: calls.append(list(ids))
    )
    return calls


def subscribers(count: int, topic: str = "siaran-pers", *, prefix: str = "jurnalis") -> None:
    """Confirmed subscribers of one topic, made in bulk (a fixture, not the service)."""
    now = timezone.now()
    rows = Subscriber.objects.bulk_create(
        [
            Subscriber(email="%s%05d@example.id" % (prefix, number), confirmed_at=now)
            for number in range(count)
        ],
        batch_size=500,
    )
    if not connection.features.can_return_rows_from_bulk_insert:
        rows = Subscriber.objects.filter(email__startswith=prefix)
    Subscription.objects.bulk_create(
        [Subscription(subscriber_id=row.pk, topic=topic) for row in rows], batch_size=500
    )


def new_bulk(topic: str = "siaran-pers") -> BulkSend:
    return bulk_send_create(topic=topic, kind="announcement", context=CONTEXT)


# --- Creating -------------------------------------------------------------------------------


def test_the_body_is_rendered_once_per_language_with_placeholders_and_enqueueing_is_scheduled(
    django_capture_on_commit_callbacks, monkeypatch
):
    scheduled = []
    monkeypatch.setattr(bulk_module, "_enqueue_task_dispatch", scheduled.append)

    with django_capture_on_commit_callbacks(execute=True):
        bulk = new_bulk()

    assert bulk.subject == "Siaran Pers: Rapat Pleno & Penetapan DPT"  # not HTML-escaped
    bodies = {body.language: body for body in bulk.bodies.all()}
    assert sorted(bodies) == ["en", "id"]
    for body in bodies.values():
        assert body.subject == bulk.subject  # the title is the office's, in Indonesian
        assert "Rapat Pleno & Penetapan DPT" in body.body_text
        assert "&amp;" not in body.body_text
        assert "Rapat Pleno &amp; Penetapan DPT" in body.body_html
        for placeholder in ("[[unsubscribe_url]]", "[[preferences_url]]"):
            assert placeholder in body.body_text
            assert placeholder in body.body_html
        assert "Bawaslu Kabupaten Jember" in body.body_html
    assert "Berhenti berlangganan" in bodies["id"].body_text
    assert "Unsubscribe" in bodies["en"].body_text
    assert scheduled == [bulk.pk]


def test_an_unknown_topic_is_refused():
    with pytest.raises(ValidationError):
        bulk_send_create(topic="tidak-ada", kind="announcement", context=CONTEXT)
    assert not BulkSend.objects.exists()


def test_a_kind_whose_mail_has_no_unsubscribe_link_cannot_be_sent_in_bulk():
    with pytest.raises(ImproperlyConfigured):
        bulk_send_create(topic="berita", kind="subscription_confirm", context=CONTEXT)
    assert not BulkSend.objects.exists()


def test_staff_who_create_a_send_are_recorded(django_user_model):
    officer = django_user_model.objects.create_user("humas", password="x" * 16)
    bulk = bulk_send_create(topic="berita", kind="announcement", context=CONTEXT, actor=officer)
    assert bulk.created_by == officer
    event = AuditEvent.objects.get(action="bulk_send.created")
    assert event.actor == officer
    assert event.target_id == str(bulk.pk)


# --- Enqueueing -----------------------------------------------------------------------------


def enqueue_counting_queries(bulk_id, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        return bulk_send_enqueue(bulk_id=bulk_id)


# Queries for one bulk_send_enqueue. Fixed, 8: read the send; its subjects per language; the
# empty last chunk (savepoint, lock, query, release); the total; re-read the total. Per chunk of
# 1000 recipients: savepoint, lock, the chunk's recipients, the tokens, the rows, their ids,
# release. PostgreSQL inserts a chunk's 2000 tokens and 1000 rows in one statement each (7 in
# all); SQLite allows 999 parameters per statement, so Django splits them into many (42 in all
# since a message row gained ``about_id``: fewer rows fit one statement).
PER_CHUNK = {"postgresql": 7, "sqlite": 42}
FIXED = 8


@pytest.mark.parametrize(("recipients", "chunks"), [(10_000, 10), (3_000, 3)])
def test_enqueue_costs_queries_per_chunk_not_per_recipient(
    django_assert_num_queries, django_capture_on_commit_callbacks, dispatched, recipients, chunks
):
    subscribers(recipients)
    subscribers(5, "berita", prefix="lain")  # another topic: not included
    Subscriber.objects.create(email="belum@example.id").subscriptions.create(topic="siaran-pers")
    bulk = new_bulk()
    expected = FIXED + chunks * PER_CHUNK[connection.vendor]

    with django_capture_on_commit_callbacks(execute=True):
        total = enqueue_counting_queries(bulk.pk, django_assert_num_queries, expected)

    assert total == recipients
    bulk.refresh_from_db()
    assert bulk.total == recipients
    assert bulk.enqueued_at is not None
    rows = Message.objects.filter(bulk=bulk)
    assert rows.count() == recipients
    assert not rows.filter(recipient__startswith="lain").exists()
    assert not rows.filter(recipient="belum@example.id").exists()  # never confirmed
    # The body is stored once, on the send; each row holds only its own links.
    assert not rows.exclude(body_text="").exists()
    assert SubscriberToken.objects.count() == 2 * recipients
    # One send task per batch of NOTIFICATIONS_BATCH_SIZE, every row exactly once.
    assert len(dispatched) == recipients // 100
    assert all(len(ids) <= 100 for ids in dispatched)
    flat = [pk for ids in dispatched for pk in ids]
    assert sorted(flat) == sorted(rows.values_list("pk", flat=True))


def test_a_rerun_creates_nothing_and_dispatches_nothing(
    django_capture_on_commit_callbacks, dispatched
):
    subscribers(25)
    bulk = new_bulk()
    with django_capture_on_commit_callbacks(execute=True):
        bulk_send_enqueue(bulk_id=bulk.pk, chunk_size=10)
    rows = sorted(Message.objects.values_list("pk", "links"))
    tokens = SubscriberToken.objects.count()
    dispatched.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert bulk_send_enqueue(bulk_id=bulk.pk, chunk_size=10) == 25

    assert sorted(Message.objects.values_list("pk", "links")) == rows
    assert SubscriberToken.objects.count() == tokens
    assert dispatched == []


def test_an_interrupted_run_is_finished_by_the_next_one(monkeypatch, dispatched):
    subscribers(30)
    bulk = new_bulk()
    original = Message.objects.bulk_create
    calls = []

    def failing_second_chunk(objs, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("the worker died")
        return original(objs, **kwargs)

    monkeypatch.setattr(Message.objects, "bulk_create", failing_second_chunk)
    with pytest.raises(RuntimeError):
        bulk_send_enqueue(bulk_id=bulk.pk, chunk_size=10)
    assert Message.objects.count() == 10  # the first chunk committed, the second rolled back
    assert SubscriberToken.objects.count() == 20

    monkeypatch.setattr(Message.objects, "bulk_create", original)
    assert bulk_send_enqueue(bulk_id=bulk.pk, chunk_size=10) == 30
    assert Message.objects.count() == 30
    assert Message.objects.values("recipient").distinct().count() == 30
    assert SubscriberToken.objects.count() == 60  # no token that nobody will receive


def test_a_send_to_nobody_finishes_with_zero(dispatched):
    bulk = new_bulk("edukasi")
    assert bulk_send_enqueue(bulk_id=bulk.pk) == 0
    bulk.refresh_from_db()
    assert bulk.total == 0
    assert bulk.enqueued_at is not None
    assert dispatched == []


def test_the_task_takes_the_id_and_runs_the_service(dispatched):
    subscribers(3)
    bulk = new_bulk()
    notifications_bulk_enqueue(bulk.pk)
    assert Message.objects.filter(bulk=bulk).count() == 3


def test_relay_schedules_sends_whose_enqueueing_was_lost(monkeypatch):
    scheduled = []
    monkeypatch.setattr(bulk_module, "_enqueue_task_dispatch", scheduled.append)
    lost = new_bulk()
    fresh = new_bulk()
    done = new_bulk()
    long_ago = timezone.now() - timedelta(hours=1)
    BulkSend.objects.filter(pk__in=[lost.pk, done.pk]).update(created_at=long_ago)
    BulkSend.objects.filter(pk=done.pk).update(enqueued_at=long_ago)
    scheduled.clear()

    assert bulk_sends_relay() == 1
    assert scheduled == [lost.pk]
    assert fresh.pk not in scheduled


# --- Delivering -----------------------------------------------------------------------------


def test_each_mail_has_its_own_unsubscribe_and_one_click_removes_only_that_recipient(
    smtp_settings,
):
    subscribers(3)
    Subscription.objects.create(
        subscriber=Subscriber.objects.get(email="jurnalis00001@example.id"), topic="berita"
    )
    bulk = new_bulk()
    bulk_send_enqueue(bulk_id=bulk.pk)
    ids = list(Message.objects.filter(bulk=bulk).values_list("pk", flat=True))

    notification_deliver(message_ids=ids)
    notification_deliver(message_ids=ids)  # run twice: still one mail each

    received = smtp_settings.wait_for(3)
    assert len(received) == 3
    assert Message.objects.filter(bulk=bulk, status=Status.SENT).count() == 3
    by_recipient = {mail["To"]: mail for mail in received}
    unsubscribe_urls = {}
    for recipient, mail in by_recipient.items():
        assert mail["Subject"] == "Siaran Pers: Rapat Pleno & Penetapan DPT"
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # A long header may be folded onto the next line (RFC 5322); readers unfold it.
        header = re.sub(r"\r?\n[ \t]", " ", mail["List-Unsubscribe"]).strip()
        unsubscribe = re.fullmatch(r"<(\S+)>", header).group(1)
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/langganan/berhenti/[\w-]{43}/", unsubscribe)
        assert "@" not in unsubscribe
        text = mail.get_payload()[0].get_payload(decode=True).decode()
        html = mail.get_payload()[1].get_payload(decode=True).decode()
        assert unsubscribe in text
        assert unsubscribe in html
        assert "/langganan/atur/" in text
        assert "[[" not in text
        assert "[[" not in html
        assert "Rapat Pleno & Penetapan DPT" in text
        unsubscribe_urls[recipient] = unsubscribe
    assert len(set(unsubscribe_urls.values())) == 3

    # A mail provider's one-click POST: no cookie, no CSRF token, just the RFC 8058 body.
    provider = Client(enforce_csrf_checks=True)
    target = "jurnalis00001@example.id"
    response = provider.post(
        urlsplit(unsubscribe_urls[target]).path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "jurnalis00000@example.id",
        "jurnalis00002@example.id",
    }
    assert Subscription.objects.count() == 2
    assert not SubscriberToken.objects.filter(subscriber__email=target).exists()
    assert SubscriberToken.objects.filter(purpose=TokenPurpose.UNSUBSCRIBE).count() == 2
