"""The notifications outbox: nothing leaves the portal except through here.

Contract: at-least-once delivery with a stable Message-ID. A row is claimed (status "sending",
attempt counted) in a short transaction before the channel is contacted, and settled in another
one after. A worker that dies in between leaves the row "sending"; the relay makes it due again
once NOTIFICATIONS_SENDING_TIMEOUT has passed, so a message the server had already accepted may
arrive twice, with the same Message-ID, and one it had not accepted arrives once.

A batch is bounded by time as well as by count (NOTIFICATIONS_BATCH_SECONDS, half the task's
soft time limit by default): a slow server must not let the task run into its soft limit.
What a batch did not get to is released without counting an attempt and dispatched again.
"""

import hashlib
import logging
import random
import smtplib
import time
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import Count, F, Min, Model, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from humas_portal.audit import audit_record
from humas_portal.crypto import DecryptionError, encrypt
from humas_portal.notifications.email import (
    RenderedEmail,
    email_build,
    email_render,
    message_id_new,
)
from humas_portal.notifications.models import Message, RecipientDailyCount, Status
from humas_portal.notifications.registry import kind_get
from humas_portal.redis_outage import redis_failed, redis_server, redis_skipped
from humas_portal.validators import email_recipient_key

logger = logging.getLogger(__name__)

OPEN_STATUSES = (Status.PENDING, Status.RETRYING, Status.SENDING)


class PermanentError(Exception):
    """The channel refused the message for good (5xx, a malformed address)."""


def _skip_locked() -> dict:
    # SQLite has no row locks; its IMMEDIATE transactions serialise writers instead.
    return {"skip_locked": True} if db_connection.features.has_select_for_update_skip_locked else {}


def _dispatch(message_ids: list[int]) -> None:
    from humas_portal.notifications.tasks import notifications_send

    # A broker that failed earlier in this request (the cache on the same Redis, say) is not
    # waited for again, and a failed publish is counted in the outage log, not logged per call:
    # the relay sends the row either way.
    broker = redis_server(notifications_send.app.conf.broker_url)
    if redis_skipped(broker):
        return
    try:
        notifications_send.delay(message_ids)
    except KombuOperationalError as exc:
        redis_failed(broker, exc, what="broker publish")


def _about_prefix(about: Model) -> str:
    # Part of every idempotency key given with ``about``: what notifications_forget matches.
    return "%s:%s:" % (about._meta.label_lower, about.pk)


def _render(kind: str, context: dict, links: dict | None, language: str) -> RenderedEmail:
    return email_render(
        template=kind_get(kind).template, context={**context, "links": links}, language=language
    )


def notification_preview(
    *, kind: str, context: dict, links: dict | None = None, language: str | None = None
) -> RenderedEmail:
    """The subject and bodies a message of ``kind`` would have with ``context``, rendered as
    notification_enqueue renders them, without writing or sending anything."""
    return _render(kind, context, links, language or settings.LANGUAGE_CODE)


def notification_enqueue(
    *,
    kind: str,
    recipient: str,
    context: dict,
    idempotency_key: str,
    links: dict | None = None,
    about: Model | None = None,
    language: str | None = None,
    public_form: bool = False,
) -> Message | None:
    """Write one outbox row in the caller's transaction; it is dispatched after commit.

    ``language`` is the reader's (the one stored with their complaint or subscription); the
    templates are rendered in it. Without one (officers' mail) the site's default is used.

    Enqueueing the same idempotency_key (about the same object) again returns the existing row
    and sends nothing new. ``about`` names the object the message concerns (a complaint, say),
    so that notifications_forget can remove its messages when the object's data must go; the
    key then only has to be unique among that object's messages.

    ``public_form``: anyone could have asked for this message to this recipient (a receipt, a
    new code, a confirmation). It counts against the recipient's mailbox for the day, and past
    PUBLIC_FORM_MAIL_PER_DAY nothing is written and None is returned; the caller answers its
    form as usual, so the form tells no one about the limit.
    """
    message_kind = kind_get(kind)
    if about is not None:
        idempotency_key = _about_prefix(about) + idempotency_key
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if public_form and not _recipient_count_take(recipient):
        logger.warning("public-form mail of kind %s not sent: recipient's daily limit", kind)
        return None
    language = language or settings.LANGUAGE_CODE
    rendered = _render(kind, context, links, language)
    body_text, body_html = rendered.body_text, rendered.body_html
    if message_kind.sensitive:
        # Encrypted before the INSERT: the database (and so its write-ahead log, archives and
        # backups) never holds a sensitive body in clear. The subject stays readable for the
        # delivery log; the templates keep secrets out of it (docs/SECURITY.md).
        body_text = encrypt(plaintext=body_text)
        body_html = encrypt(plaintext=body_html) if body_html else ""
    now = timezone.now()
    message = Message(
        kind=kind,
        recipient=recipient,
        language=language,
        sensitive=message_kind.sensitive,
        encrypted=message_kind.sensitive,
        subject=rendered.subject,
        body_text=body_text,
        body_html=body_html,
        links=links or {},
        about_id=about.pk if about is not None else None,
        idempotency_key=idempotency_key,
        message_id=message_id_new(),
        # The on-commit dispatch sends it at once; the relay only steps in after this grace.
        next_attempt_at=now + timedelta(seconds=settings.NOTIFICATIONS_DISPATCH_GRACE),
        expires_at=now + timedelta(seconds=settings.NOTIFICATIONS_MAX_AGE),
    )
    message.full_clean(exclude=["bulk", "idempotency_key", "message_id"])
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # A concurrent enqueue with the same key won the race: theirs is the one row.
        return Message.objects.get(idempotency_key=idempotency_key)
    # robust: a broker outage must not turn the caller's committed write into an error; the
    # relay sends what could not be published.
    transaction.on_commit(lambda: _dispatch([message.pk]), robust=True)
    return message


def _recipient_count_take(recipient: str) -> bool:
    """Count one public-form e-mail to this mailbox today; False (nothing counted) when the
    day's limit is reached. In the caller's transaction, so a rolled-back form counts nothing."""
    key = hashlib.sha256(email_recipient_key(recipient).encode()).hexdigest()
    day = timezone.localdate()
    RecipientDailyCount.objects.bulk_create(
        [RecipientDailyCount(key=key, day=day)], ignore_conflicts=True
    )
    # One conditional UPDATE: two forms at once cannot both take the last one.
    return bool(
        RecipientDailyCount.objects.filter(
            key=key, day=day, count__lt=settings.PUBLIC_FORM_MAIL_PER_DAY
        ).update(count=F("count") + 1)
    )


def notifications_enqueued(*, idempotency_keys: list[str]) -> set[str]:
    """Which of these idempotency keys (given without ``about``) already have a message: a
    caller about to enqueue many can skip rendering those."""
    return set(
        Message.objects.filter(idempotency_key__in=idempotency_keys).values_list(
            "idempotency_key", flat=True
        )
    )


def notifications_forget(*, about: Model) -> int:
    """Delete every message enqueued ``about`` this object, whatever its status: its recipient
    and subject are personal data that must go with the object's. Returns how many."""
    deleted, _per_model = Message.objects.filter(
        idempotency_key__startswith=_about_prefix(about)
    ).delete()
    return deleted


def _claim_batch(message_ids: list[int]) -> list[Message]:
    """Mark the rows of a batch as being sent, counting the attempt, in one transaction.

    A row is not ours when it is sent or dead, backing off, being sent by a live worker, or
    locked by another claim right now. One transaction for the batch, not one per row, is what
    lets the outbox keep up with a single SMTP connection (docs/PERFORMANCE.md); the price is
    that rows of a batch whose worker dies wait for NOTIFICATIONS_SENDING_TIMEOUT.
    """
    now = timezone.now()
    stuck_before = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_TIMEOUT)
    claimable = (
        Q(status=Status.PENDING)
        | Q(status=Status.RETRYING, next_attempt_at__lte=now)
        | Q(status=Status.SENDING, sending_started_at__lte=stuck_before)
    )
    with transaction.atomic():
        rows = list(
            Message.objects.select_for_update(of=("self",), **_skip_locked())
            .select_related("bulk")
            .prefetch_related("bulk__bodies")
            .filter(claimable, pk__in=message_ids)
        )
        for row in rows:
            if row.expires_at <= now:
                _settle_dead(row, "expired before it could be sent")
        live = [row for row in rows if row.expires_at > now]
        Message.objects.filter(pk__in=[row.pk for row in live]).update(
            status=Status.SENDING, attempts=F("attempts") + 1, sending_started_at=now
        )
    for row in live:
        row.status, row.attempts, row.sending_started_at = Status.SENDING, row.attempts + 1, now
    order = {pk: position for position, pk in enumerate(message_ids)}
    return sorted(live, key=lambda row: order[row.pk])


def _wipe_if_sensitive(message: Message, fields: list[str]) -> None:
    if message.sensitive:
        message.body_text = ""
        message.body_html = ""
        message.links = {}
        fields += ["body_text", "body_html", "links"]


def _settle_dead(message: Message, error: str) -> None:
    message.status = Status.DEAD
    message.last_error = error[:500]
    message.finished_at = timezone.now()
    fields = ["status", "last_error", "finished_at"]
    _wipe_if_sensitive(message, fields)
    message.save(update_fields=fields)
    logger.error("notification %s (%s) is dead: %s", message.pk, message.kind, error[:200])


def _backoff_seconds(attempts: int) -> float:
    base = settings.NOTIFICATIONS_RETRY_BASE
    delay = min(settings.NOTIFICATIONS_RETRY_MAX, base * 2 ** max(attempts - 1, 0))
    # Jitter spreads the retries of a burst that failed together.
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 (not for security)


def _settle(message: Message, error: Exception | None) -> None:
    now = timezone.now()
    if error is None:
        fields = {"status": Status.SENT, "sent_at": now, "finished_at": now, "last_error": ""}
        if message.sensitive:
            fields.update(body_text="", body_html="", links={})
        # One conditional UPDATE: it matches nothing if the relay handed the row to another
        # attempt meanwhile (the same check as below, without the SELECT ... FOR UPDATE).
        Message.objects.filter(
            pk=message.pk, status=Status.SENDING, attempts=message.attempts
        ).update(**fields)
        return
    with transaction.atomic():
        current = Message.objects.select_for_update().get(pk=message.pk)
        if current.attempts != message.attempts or current.status != Status.SENDING:
            return  # the relay already handed the row to another attempt
        if error is None:
            current.status = Status.SENT
            current.sent_at = now
            current.finished_at = now
            current.last_error = ""
            fields = ["status", "sent_at", "finished_at", "last_error"]
            _wipe_if_sensitive(current, fields)
            current.save(update_fields=fields)
        elif isinstance(error, PermanentError) or current.expires_at <= now:
            _settle_dead(current, str(error))
        else:
            current.status = Status.RETRYING
            current.last_error = str(error)[:500]
            current.next_attempt_at = now + timedelta(seconds=_backoff_seconds(current.attempts))
            current.save(update_fields=["status", "last_error", "next_attempt_at"])
            logger.warning(
                "notification %s (%s) will be retried: %s", current.pk, current.kind, error
            )


def _classify(exc: Exception) -> Exception:
    """Permanent (5xx, bad address) or transient (refused, timeout, 4xx)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            return PermanentError("recipient refused: %s" % codes)
        return exc
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500:
        return PermanentError("%s %s" % (exc.smtp_code, exc.smtp_error[:200]))
    if isinstance(exc, ValueError):  # a malformed address or header
        return PermanentError("invalid message: %s" % exc)
    return exc


def _release(messages: list[Message]) -> None:
    """Hand back claimed rows that were never tried: the attempt the claim counted is taken
    back, and they are dispatched again at once (the lease keeps the relay off them meanwhile,
    and sends them should the broker be down now)."""
    if not messages:
        return
    ids = [message.pk for message in messages]
    now = timezone.now()
    # Only rows this claim still holds (its start time marks them): a row the relay handed to
    # another attempt meanwhile is left alone.
    Message.objects.filter(
        pk__in=ids, status=Status.SENDING, sending_started_at=messages[0].sending_started_at
    ).update(
        status=Status.PENDING,
        attempts=F("attempts") - 1,
        sending_started_at=None,
        next_attempt_at=now + timedelta(seconds=settings.NOTIFICATIONS_DISPATCH_GRACE),
    )
    logger.info("notifications: %d untried message(s) of a batch dispatched again", len(ids))
    transaction.on_commit(lambda: _dispatch(ids), robust=True)


def notification_deliver(*, message_ids: list[int]) -> None:
    """Send these rows over one channel connection; safe to run twice for the same rows.

    Each message is settled as soon as the server has answered it. No new message is started
    once NOTIFICATIONS_BATCH_SECONDS have passed; should the task's soft time limit strike
    anyway, the message being sent is retried later (it may have arrived: at-least-once) and
    the untried ones are released as above.
    """
    started = time.monotonic()
    claimed = _claim_batch(message_ids)
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    done = 0
    outcome_known, error = False, None
    try:
        for message in claimed:
            if done and time.monotonic() - started >= settings.NOTIFICATIONS_BATCH_SECONDS:
                break
            outcome_known, error = False, None
            try:
                # Once per batch, and again after a failure closed it: send_messages() closes
                # only a connection it opened itself.
                connection.open()
                email_build(message=message, connection=connection).send()
            except DecryptionError:
                # No retry can help (the key was dropped or is missing here): dead at once,
                # with the reason in the log, rather than a task that fails on every relay.
                error = PermanentError(
                    "the body cannot be decrypted: no key in PORTAL_ENCRYPTION_KEYS opens it"
                )
            except (smtplib.SMTPException, OSError, ValueError) as exc:
                error = _classify(exc)
                # Start afresh for the next message: the connection may be broken.
                connection.close()
            outcome_known = True
            _settle(message, error)
            done += 1
    except SoftTimeLimitExceeded:
        logger.warning(
            "notifications: a batch reached the soft time limit after %d of %d messages",
            done,
            len(claimed),
        )
        if done < len(claimed):
            # The attempt's outcome if it was known (settling again is harmless should the limit
            # have struck inside _settle); otherwise the message may or may not have arrived.
            _settle(
                claimed[done], error if outcome_known else TimeoutError("cut short by time limit")
            )
            done += 1
    finally:
        connection.close()
    _release(claimed[done:])


def notifications_relay(*, limit: int = 500) -> int:
    """Dispatch rows that are due and not sent; mark expired ones dead. Returns the count."""
    now = timezone.now()
    stuck_before = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_TIMEOUT)
    waiting = Q(status__in=[Status.PENDING, Status.RETRYING])
    due = (waiting & (Q(next_attempt_at__lte=now) | Q(expires_at__lte=now))) | Q(
        status=Status.SENDING, sending_started_at__lt=stuck_before
    )
    with transaction.atomic():
        rows = list(
            Message.objects.select_for_update(**_skip_locked())
            .filter(due)
            .order_by("next_attempt_at")
            .only("pk", "expires_at", "sensitive", "kind")[:limit]
        )
        expired = [row for row in rows if row.expires_at <= now]
        for row in expired:
            _settle_dead(row, "expired before it could be sent")
        ready = [row.pk for row in rows if row.expires_at > now]
        # Due again (a back-off that ran out, a worker that died): pending, with a lease so
        # that the relay does not dispatch them again before the grace has passed.
        Message.objects.filter(pk__in=ready).update(
            status=Status.PENDING,
            next_attempt_at=now + timedelta(seconds=settings.NOTIFICATIONS_DISPATCH_GRACE),
        )
    batch = settings.NOTIFICATIONS_BATCH_SIZE
    for start in range(0, len(ready), batch):
        ids = ready[start : start + batch]
        # robust: with the broker still down the rows stay leased and the next relay tries again.
        transaction.on_commit(lambda ids=ids: _dispatch(ids), robust=True)
    return len(ready)


@transaction.atomic
def notification_retry(*, message_ids: list[int], actor) -> int:
    """Staff's "send again" for dead rows: a fresh attempt budget, dispatched after commit."""
    now = timezone.now()
    rows = list(Message.objects.select_for_update().filter(pk__in=message_ids, status=Status.DEAD))
    for row in rows:
        if row.sensitive and not row.body_text and row.bulk_id is None:
            continue  # its body was wiped; there is nothing to send again
        row.status = Status.PENDING
        row.attempts = 0
        row.last_error = ""
        row.finished_at = None
        row.next_attempt_at = now + timedelta(seconds=settings.NOTIFICATIONS_DISPATCH_GRACE)
        row.expires_at = now + timedelta(seconds=settings.NOTIFICATIONS_MAX_AGE)
        row.save(
            update_fields=[
                "status", "attempts", "last_error", "finished_at", "next_attempt_at", "expires_at"
            ]
        )  # fmt: skip
        audit_record(actor, "notification.retried", row)
    retried = [row.pk for row in rows if row.status == Status.PENDING]
    if retried:
        transaction.on_commit(lambda: _dispatch(retried), robust=True)
    return len(retried)


def notifications_purge() -> int:
    """Delete sent and dead rows past the retention period: they hold personal data."""
    cutoff = timezone.now() - timedelta(days=settings.NOTIFICATIONS_RETENTION_DAYS)
    deleted, _per_model = Message.objects.filter(
        status__in=[Status.SENT, Status.DEAD], finished_at__lt=cutoff
    ).delete()
    # Past days' counts limit nothing any more.
    RecipientDailyCount.objects.filter(day__lt=timezone.localdate()).delete()
    return deleted


def outbox_worked_since(since: datetime) -> bool:
    """Whether a worker claimed, sent or gave up a message since ``since`` (only a worker does
    those): /healthz tells a busy worker, whose heartbeat waits in the queue, from a stale one."""
    worked = Q(sending_started_at__gte=since) | Q(finished_at__gte=since)
    return Message.objects.filter(worked).exists()


def outbox_dead_summary() -> tuple[int, datetime | None]:
    """How many messages were given up (dead rows are kept NOTIFICATIONS_RETENTION_DAYS), and
    when the oldest of them was."""
    summary = Message.objects.filter(status=Status.DEAD).aggregate(
        count=Count("pk"), oldest=Min("finished_at")
    )
    return summary["count"], summary["oldest"]


def outbox_oldest_waiting_age() -> timedelta | None:
    """How long the oldest unsent message has been waiting, for /healthz."""
    oldest = (
        Message.objects.filter(status__in=OPEN_STATUSES)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return None if oldest is None else timezone.now() - oldest
