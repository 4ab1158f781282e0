"""Hashed tokens for links in e-mails, and the one hash function for random secrets.

The subscription tokens' table serves as the app's table here: any table with the documented
fields works the same.
"""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from humas_portal.notifications.models import Subscriber, SubscriberToken, TokenPurpose
from humas_portal.tokens import (
    TokenPolicy,
    secret_hash,
    token_build,
    token_issue,
    token_verify,
)
from humas_portal.tracking import tracking_secret_hash
from tests.conftest import run_at_once

REUSABLE = TokenPolicy(purpose=TokenPurpose.PREFERENCES, lifetime=timedelta(days=1))
SINGLE_USE = TokenPolicy(purpose=TokenPurpose.CONFIRM, lifetime=timedelta(hours=1), single_use=True)


@pytest.fixture
def subscriber(db):
    return Subscriber.objects.create(email="warga@contoh.id")


def verify(raw_token, policy=REUSABLE):
    return token_verify(
        SubscriberToken.objects.select_related("subscriber"), policy=policy, raw_token=raw_token
    )


def test_secret_hash_is_sha256_of_the_text():
    assert secret_hash("ABC") == hashlib.sha256(b"ABC").hexdigest()
    assert secret_hash("é") == hashlib.sha256("é".encode()).hexdigest()
    # The tracking secret shares it, after its own normalisation.
    assert tracking_secret_hash("abcde-fghjk") == secret_hash("ABCDEFGHJK")


def test_only_the_hash_is_stored_and_the_token_opens_its_object(subscriber):
    raw = token_issue(model=SubscriberToken, policy=REUSABLE, subscriber=subscriber)

    row = SubscriberToken.objects.get()
    assert len(raw) == 43
    assert row.token_hash == secret_hash(raw)
    assert raw not in str(SubscriberToken.objects.values().get())
    assert row.purpose == TokenPurpose.PREFERENCES
    assert row.expires_at - timezone.now() == pytest.approx(
        timedelta(days=1), abs=timedelta(seconds=5)
    )
    found = verify(raw)
    assert found.pk == row.pk
    assert found.subscriber == subscriber


def test_every_token_is_new(subscriber):
    tokens = {token_issue(model=SubscriberToken, policy=REUSABLE, subscriber=subscriber)}
    tokens.add(token_issue(model=SubscriberToken, policy=REUSABLE, subscriber=subscriber))
    assert len(tokens) == 2


def test_reusable_tokens_work_until_they_expire(subscriber):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        raw = token_issue(model=SubscriberToken, policy=REUSABLE, subscriber=subscriber)
        assert verify(raw) is not None
        assert verify(raw) is not None
        assert SubscriberToken.objects.get().used_at is None

        traveller.shift(timedelta(days=1) - timedelta(seconds=1))
        assert verify(raw) is not None
        traveller.shift(timedelta(seconds=1))
        assert verify(raw) is None


def test_single_use_tokens_are_spent_by_the_first_verification(subscriber):
    raw = token_issue(model=SubscriberToken, policy=SINGLE_USE, subscriber=subscriber)

    first = verify(raw, SINGLE_USE)

    assert first is not None
    assert first.used_at is not None
    assert SubscriberToken.objects.get().used_at == first.used_at
    assert verify(raw, SINGLE_USE) is None


@pytest.mark.django_db(transaction=True)
def test_of_simultaneous_verifications_of_a_single_use_token_one_succeeds():
    subscriber = Subscriber.objects.create(email="warga@contoh.id")
    raw = token_issue(model=SubscriberToken, policy=SINGLE_USE, subscriber=subscriber)

    results = run_at_once(lambda: verify(raw, SINGLE_USE) is not None, times=4)

    assert sorted(results) == [False, False, False, True]


def test_a_token_opens_nothing_for_another_purpose(subscriber):
    raw = token_issue(model=SubscriberToken, policy=REUSABLE, subscriber=subscriber)
    other = TokenPolicy(purpose=TokenPurpose.UNSUBSCRIBE, lifetime=timedelta(days=1))
    assert verify(raw, other) is None


@pytest.mark.parametrize(
    "raw", ["", "pendek", "x" * 44, "a" * 10_000, "<script>alert(1)</script>" + "a" * 18, None, 7]
)
def test_malformed_tokens_are_refused_without_asking_the_database(db, raw):
    with CaptureQueriesContext(connection) as queries:
        assert verify(raw) is None
    assert len(queries) == 0


def test_an_unknown_token_of_the_right_shape_is_refused(subscriber):
    token_issue(model=SubscriberToken, policy=REUSABLE, subscriber=subscriber)
    assert verify("x" * 43) is None


def test_built_rows_can_be_created_in_bulk(subscriber):
    now = timezone.now()
    built = [
        token_build(model=SubscriberToken, policy=REUSABLE, now=now, subscriber_id=subscriber.pk)
        for _ in range(3)
    ]
    assert not SubscriberToken.objects.exists()  # built, not saved

    SubscriberToken.objects.bulk_create([row for _raw, row in built])

    for raw, _row in built:
        assert verify(raw).subscriber == subscriber
