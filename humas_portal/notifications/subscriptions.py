"""Subscriptions by e-mail: double opt-in, a preferences page and one-click unsubscribe.

No account: each secret link carries a token of ``humas_portal.tokens`` (random, only its hash
stored, one purpose each, reusable until it expires), and no URL holds an address.
Nothing here tells a visitor whether an address is subscribed: a request for a new, a pending
and a confirmed address looks the same from outside, and only the mailbox learns the answer.
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from humas_portal.notifications.models import (
    Message,
    Subscriber,
    SubscriberToken,
    Subscription,
    TokenPurpose,
)
from humas_portal.notifications.registry import topics_all
from humas_portal.notifications.services import notification_enqueue
from humas_portal.tokens import TokenPolicy, token_build, token_issue, token_verify
from humas_portal.validators import email_normalise, email_recipient_key

# Every subscription link is reusable until it expires: a confirmation link clicked twice or
# re-opened shows "active" instead of an error (confirming again changes nothing), a
# preferences page can be opened again, and unsubscribe tokens die with their subscriber.
TOKEN_POLICIES = {
    # The confirmation e-mail promises 48 hours.
    TokenPurpose.CONFIRM: TokenPolicy(purpose=TokenPurpose.CONFIRM, lifetime=timedelta(hours=48)),
    TokenPurpose.PREFERENCES: TokenPolicy(
        purpose=TokenPurpose.PREFERENCES, lifetime=timedelta(days=30)
    ),
    # Long: people unsubscribe from old e-mails too.
    TokenPurpose.UNSUBSCRIBE: TokenPolicy(
        purpose=TokenPurpose.UNSUBSCRIBE, lifetime=timedelta(days=90)
    ),
}
TOKEN_URL_NAMES = {
    TokenPurpose.CONFIRM: "subscriptions:confirm",
    TokenPurpose.PREFERENCES: "subscriptions:preferences",
    TokenPurpose.UNSUBSCRIBE: "subscriptions:unsubscribe",
}
# An address that never confirmed is forgotten this long after it asked (once no link is live).
PENDING_MAX_AGE = timedelta(days=7)


class TokenInvalid(Exception):
    """The link is wrong, expired, used up or meant for another purpose (one answer for all)."""


# --- Input ----------------------------------------------------------------------------------


def subscriber_email_key(value: str) -> str:
    """The address as the subscriber list stores it: the canonical address
    (validators.email_normalise) with the local part lower-cased too. One mailbox must be one
    subscriber, and providers do not tell "Rina@" from "rina@", so the list folds the case."""
    return email_normalise(value).lower()


def topics_clean(topics: Iterable[str]) -> list[str]:
    """The chosen topic slugs, once each, in the registry's order; unknown ones are refused."""
    chosen = set(topics)
    known = [topic.slug for topic in topics_all()]
    if not chosen <= set(known):
        raise ValidationError(_("Pilih topik dari daftar yang tersedia."), code="invalid_topic")
    return [slug for slug in known if slug in chosen]


def topic_labels(slugs: Iterable[str]) -> list[Promise | str]:
    """Labels for these slugs in the registry's order (a topic no longer registered is left out)."""
    wanted = set(slugs)
    return [topic.label for topic in topics_all() if topic.slug in wanted]


def _address_digest(address: str) -> str:
    # Of the mailbox, not the address: "rina+1@" and "r.ina@gmail" share rina@'s daily e-mail.
    return hashlib.sha256(email_recipient_key(address).encode()).hexdigest()


# --- Tokens ---------------------------------------------------------------------------------


def subscriber_token_build(
    *, subscriber_id: int, purpose: str, now: datetime
) -> tuple[str, SubscriberToken]:
    """A new raw token and its unsaved row (bulk sends create many rows at once)."""
    return token_build(
        model=SubscriberToken,
        policy=TOKEN_POLICIES[purpose],
        now=now,
        subscriber_id=subscriber_id,
    )


def subscriber_token_issue(*, subscriber: Subscriber, purpose: str) -> str:
    return token_issue(model=SubscriberToken, policy=TOKEN_POLICIES[purpose], subscriber=subscriber)


def token_url(*, purpose: str, raw_token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse(TOKEN_URL_NAMES[purpose], args=[raw_token])


def _token_verify(queryset, raw_token: str, purpose: str) -> SubscriberToken:
    token = token_verify(
        queryset.select_related("subscriber"), policy=TOKEN_POLICIES[purpose], raw_token=raw_token
    )
    if token is None:
        raise TokenInvalid
    return token


def subscription_token_resolve(*, raw_token: str, purpose: str) -> SubscriberToken:
    """The valid token with its subscriber and subscriptions, for the pages that show them."""
    queryset = SubscriberToken.objects.prefetch_related("subscriber__subscriptions")
    return _token_verify(queryset, raw_token, purpose)


def _token_lock(raw_token: str, purpose: str) -> SubscriberToken:
    # Locks the token and its subscriber: two clicks at once act one after the other.
    return _token_verify(SubscriberToken.objects.select_for_update(), raw_token, purpose)


def subscriber_topic_slugs(subscriber: Subscriber) -> list[str]:
    return sorted(subscription.topic for subscription in subscriber.subscriptions.all())


def subscriber_find(*, email: str) -> Subscriber | None:
    """The subscriber of this address (any case), or None; for demo content and lookups."""
    return Subscriber.objects.filter(email=subscriber_email_key(email)).first()


def subscription_exists(*, topic: str, subscriber_id: Any) -> Exists:
    """An expression: whether ``subscriber_id`` (a value or an OuterRef) subscribes to ``topic``.

    For annotating another app's rows that point at a subscriber (the press list's admin).
    """
    return Exists(Subscription.objects.filter(subscriber_id=subscriber_id, topic=topic))


# --- Services -------------------------------------------------------------------------------


def _subscriber_get_or_create(address: str, language: str) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().filter(email=address).first()
    if subscriber is not None:
        return subscriber
    subscriber = Subscriber(email=address, language=language)
    subscriber.full_clean(validate_unique=False)  # the unique index decides a race below
    try:
        with transaction.atomic():
            subscriber.save()
    except IntegrityError:
        # The same address was submitted twice at once: the other request created it.
        subscriber = Subscriber.objects.select_for_update().get(email=address)
    return subscriber


def _language_set(subscriber: Subscriber, language: str) -> None:
    if subscriber.language != language:
        subscriber.language = language
        subscriber.full_clean(validate_unique=False)
        subscriber.save(update_fields=["language"])


def _subscriptions_replace(subscriber: Subscriber, topics: list[str]) -> None:
    subscriber.subscriptions.exclude(topic__in=topics).delete()
    Subscription.objects.bulk_create(
        [Subscription(subscriber=subscriber, topic=topic) for topic in topics],
        ignore_conflicts=True,
    )


@transaction.atomic
def subscription_request(*, email: str, topics: Iterable[str], language: str) -> None:
    """Someone asks for news at ``email``, on the site in ``language``. The outcome is told
    only to that mailbox.

    A new or pending address gets its topics, the language, and a confirmation link; a
    confirmed one keeps its topics and language and gets a link to its preferences instead
    (saving them there sets the language). Either e-mail goes out at most once per address per
    day (the office's date) per mailbox (validators.email_recipient_key, so plus-tags, dots
    and quotes make no new one): the outbox's unique idempotency key enforces it, and the
    mailbox's daily limit across all public forms applies too, so no one can flood a
    stranger's inbox through this form.
    """
    address = subscriber_email_key(email)
    chosen = topics_clean(topics)
    if not chosen:
        raise ValidationError(_("Pilih paling sedikit satu topik."), code="required")
    subscriber = _subscriber_get_or_create(address, language)
    today = timezone.localdate().isoformat()
    if subscriber.confirmed_at is None:
        # Not confirmed: nothing is sent to it yet, so the latest request's topics and
        # language stand.
        _subscriptions_replace(subscriber, chosen)
        _language_set(subscriber, language)
        key = "subscription-confirm:%s:%s" % (_address_digest(address), today)
        if Message.objects.filter(idempotency_key=key).exists():
            return  # today's link was sent already; no second token, no second e-mail
        raw_token = subscriber_token_issue(subscriber=subscriber, purpose=TokenPurpose.CONFIRM)
        notification_enqueue(
            kind="subscription_confirm",
            recipient=address,
            context={
                "topics": topic_labels(chosen),
                "confirm_url": token_url(purpose=TokenPurpose.CONFIRM, raw_token=raw_token),
            },
            idempotency_key=key,
            language=subscriber.language,
            public_form=True,
        )
        return
    # Confirmed: a stranger must not change its topics, so only the mailbox gets a way to.
    key = "subscription-manage:%s:%s" % (_address_digest(address), today)
    if Message.objects.filter(idempotency_key=key).exists():
        return
    raw_token = subscriber_token_issue(subscriber=subscriber, purpose=TokenPurpose.PREFERENCES)
    notification_enqueue(
        kind="subscription_manage",
        recipient=address,
        context={
            "topics": topic_labels(subscriber_topic_slugs(subscriber)),
            "preferences_url": token_url(purpose=TokenPurpose.PREFERENCES, raw_token=raw_token),
        },
        idempotency_key=key,
        language=subscriber.language,
        public_form=True,
    )


@transaction.atomic
def subscription_topic_request(*, email: str, topic: str, language: str) -> Subscriber:
    """Ask for ``topic`` at ``email`` as subscription_request does, and return the subscriber
    row locked until the caller's transaction ends.

    A pending request keeps the topics it asked for before. The lock lets an app file its own
    row next to the subscriber (the press list's profile): two requests for one address at once
    run one after the other. Like subscription_request, the outcome is told only to the mailbox.
    """
    address = subscriber_email_key(email)
    topics = {topic}
    existing = Subscriber.objects.filter(email=address, confirmed_at__isnull=True).first()
    if existing is not None:
        topics |= set(existing.subscriptions.values_list("topic", flat=True))
    subscription_request(email=address, topics=topics, language=language)
    # subscription_request locked the row already; this read returns it under that lock.
    return Subscriber.objects.select_for_update().get(email=address)


@transaction.atomic
def subscription_confirm(*, raw_token: str) -> Subscriber:
    """Activate the subscription and send the welcome e-mail; confirming again changes nothing."""
    token = _token_lock(raw_token, TokenPurpose.CONFIRM)
    subscriber = token.subscriber
    if subscriber.confirmed_at is not None:
        return subscriber
    now = timezone.now()
    subscriber.confirmed_at = now
    subscriber.save(update_fields=["confirmed_at"])
    token.used_at = now
    token.save(update_fields=["used_at"])
    preferences = subscriber_token_issue(subscriber=subscriber, purpose=TokenPurpose.PREFERENCES)
    unsubscribe = subscriber_token_issue(subscriber=subscriber, purpose=TokenPurpose.UNSUBSCRIBE)
    notification_enqueue(
        kind="subscription_welcome",
        recipient=subscriber.email,
        context={
            "topics": topic_labels(subscriber_topic_slugs(subscriber)),
            "preferences_url": token_url(purpose=TokenPurpose.PREFERENCES, raw_token=preferences),
        },
        idempotency_key="subscription-welcome:%d" % subscriber.pk,
        # In links, so the e-mail carries List-Unsubscribe (RFC 8058) like a bulk send.
        links={"unsubscribe": token_url(purpose=TokenPurpose.UNSUBSCRIBE, raw_token=unsubscribe)},
        language=subscriber.language,
    )
    return subscriber


@transaction.atomic
def subscription_preferences_update(
    *, raw_token: str, topics: Iterable[str], language: str
) -> bool:
    """Replace the topics, and the language with the one the page is read in (the mailbox's
    owner is the one acting); no topic at all ends the subscription. Returns whether one
    remains."""
    token = _token_lock(raw_token, TokenPurpose.PREFERENCES)
    chosen = topics_clean(topics)
    subscriber = token.subscriber
    if not chosen:
        subscriber.delete()
        return False
    _subscriptions_replace(subscriber, chosen)
    _language_set(subscriber, language)
    return True


@transaction.atomic
def subscription_unsubscribe(*, raw_token: str) -> None:
    """End the subscription: the address, its topics and its links are deleted."""
    token = _token_lock(raw_token, TokenPurpose.UNSUBSCRIBE)
    token.subscriber.delete()


@transaction.atomic
def subscriptions_purge() -> dict[str, int]:
    """Delete expired links, and addresses that never confirmed and have no live link."""
    now = timezone.now()
    tokens, _per_model = SubscriberToken.objects.filter(expires_at__lte=now).delete()
    _total, deleted = (
        Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=now - PENDING_MAX_AGE)
        .filter(~Exists(SubscriberToken.objects.filter(subscriber=OuterRef("pk"))))
        .delete()
    )
    return {"tokens": tokens, "pending": deleted.get(Subscriber._meta.label, 0)}
