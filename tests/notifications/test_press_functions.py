"""The public functions other apps use instead of notifications' tables (the press list's part):
subscription_topic_request, subscription_exists, subscriber_find and bulk_send_find."""

import pytest
from django.db.models import OuterRef

from humas_portal.notifications.bulk import bulk_send_create, bulk_send_find
from humas_portal.notifications.models import Message, Subscriber
from humas_portal.notifications.subscriptions import (
    subscriber_find,
    subscription_exists,
    subscription_topic_request,
)
from tests.conftest import run_at_once
from tests.news.factories import subscriber_create
from tests.notifications.test_bulk import CONTEXT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


def test_a_topic_request_adds_to_a_pending_request_and_returns_the_subscriber():
    subscription_topic_request(email="Rina@Example.ID", topic="berita", language="id")
    subscriber = subscription_topic_request(
        email="rina@example.id", topic="siaran-pers", language="id"
    )

    assert subscriber == Subscriber.objects.get(email="rina@example.id")
    assert sorted(subscriber.subscriptions.values_list("topic", flat=True)) == [
        "berita",
        "siaran-pers",
    ]
    assert Message.objects.filter(kind="subscription_confirm").count() == 1  # once a day


def test_a_topic_request_leaves_a_confirmed_subscribers_topics_alone():
    subscriber_create("rina@example.id", ["berita"])
    subscriber = subscription_topic_request(
        email="rina@example.id", topic="siaran-pers", language="id"
    )
    assert list(subscriber.subscriptions.values_list("topic", flat=True)) == ["berita"]
    assert Message.objects.filter(kind="subscription_manage").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_topic_requests_for_one_address_at_once_make_one_subscriber():
    run_at_once(
        lambda: subscription_topic_request(
            email="rina@example.id", topic="siaran-pers", language="id"
        ),
        times=2,
    )
    assert Subscriber.objects.filter(email="rina@example.id").count() == 1


def test_subscription_exists_annotates_rows_that_point_at_a_subscriber():
    press = subscriber_create("pers@example.id", ["siaran-pers"])
    news_only = subscriber_create("warga@example.id", ["berita"])
    rows = Subscriber.objects.annotate(
        on_press=subscription_exists(topic="siaran-pers", subscriber_id=OuterRef("pk"))
    )
    assert dict(rows.values_list("pk", "on_press")) == {press.pk: True, news_only.pk: False}


def test_subscriber_find_reads_the_address_like_the_forms_do():
    subscriber = subscriber_create("rina@example.id")
    assert subscriber_find(email=" Rina@Example.ID ") == subscriber
    assert subscriber_find(email="lain@example.id") is None


def test_bulk_send_find_returns_the_send_made_under_a_reference():
    bulk = bulk_send_create(topic="berita", kind="announcement", context=CONTEXT, reference="uji:1")
    assert bulk_send_find(reference="uji:1") == bulk
    assert bulk_send_find(reference="uji:2") is None
