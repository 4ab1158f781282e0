"""Secrets that people carry (links in e-mails, tracking codes): one hash function, and tokens
for links in e-mails.

A token is issued for a purpose and an object: the app keeps a table of its own with a foreign
key to the object (so deleting the object deletes its links) and these fields:

    purpose     CharField        what the link may do; a token of one purpose opens no other
    token_hash  CharField(64), unique
    expires_at  DateTimeField    (indexed: expired rows are purged)
    used_at     DateTimeField, null

The raw token (``secrets.token_urlsafe(32)``: 256 bits) goes into the link and is never stored;
only ``secret_hash`` of it is. A ``TokenPolicy`` says how long a purpose's links live and
whether they are single use.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Model, QuerySet
from django.utils import timezone

# What secrets.token_urlsafe(32) makes; anything else is refused before the database is asked.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def secret_hash(secret: str) -> str:
    """The stored form of a random secret: SHA-256, hex.

    Only for secrets drawn at random with 128 bits or more: nobody can try enough of those for
    a salt or a slow hash to matter. Never for passwords (Django's hashers do those).
    """
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class TokenPolicy:
    purpose: str
    lifetime: timedelta
    # Single use: the first successful verification spends the token (``used_at``); later
    # ones find nothing. Otherwise a link works until it expires (a confirmation clicked
    # twice, a preferences page opened again).
    single_use: bool = False


def token_build(
    *, model: type[Model], policy: TokenPolicy, now: datetime, **owner
) -> tuple[str, Model]:
    """A new raw token and its unsaved row for ``owner`` (``subscriber_id=...``, say), for
    callers that create many rows at once with ``bulk_create``."""
    raw_token = secrets.token_urlsafe(32)
    row = model(
        purpose=policy.purpose,
        token_hash=secret_hash(raw_token),
        expires_at=now + policy.lifetime,
        **owner,
    )
    return raw_token, row


def token_issue(*, model: type[Model], policy: TokenPolicy, **owner) -> str:
    """Store a new token for ``owner``; returns the raw token, for the link only."""
    raw_token, row = token_build(model=model, policy=policy, now=timezone.now(), **owner)
    row.save()
    return raw_token


def token_verify(queryset: QuerySet, *, policy: TokenPolicy, raw_token: str) -> Model | None:
    """The live token row for ``raw_token`` and ``policy``'s purpose, or None (unknown, wrong
    purpose, expired, already spent or malformed: one answer for all).

    ``queryset`` is the app's token table, with the joins or the row lock its caller needs.
    The row is found by the hash of the token, never by the token itself: how long the lookup
    takes says nothing about how close a guess came (what ``hmac.compare_digest`` gives when
    two secrets are compared directly).
    """
    if not isinstance(raw_token, str) or not TOKEN_PATTERN.fullmatch(raw_token):
        return None
    now = timezone.now()
    token = queryset.filter(
        token_hash=secret_hash(raw_token), purpose=policy.purpose, expires_at__gt=now
    ).first()
    if token is None or not policy.single_use:
        return token
    # Spent by one conditional UPDATE: of two requests at once, exactly one gets the token.
    spent = type(token)._default_manager.filter(pk=token.pk, used_at__isnull=True)
    if not spent.update(used_at=now):
        return None
    token.used_at = now
    return token
