"""One message to many subscribers (a press release, say), through the outbox.

The body is rendered and stored once per language (BulkSendBody: one for each of
settings.LANGUAGES), not once per recipient; each recipient gets an outbox row in the language
they subscribed in, holding only its own links (unsubscribe, preferences), which email_build
puts in place of LINK_PLACEHOLDERS in that language's body at send time. Enqueueing walks the
topic's confirmed subscribers in chunks, with a fixed number of queries per chunk and one
dispatch task per NOTIFICATIONS_BATCH_SIZE rows. It is safe to run again, or twice at once:
the database constraint message_once_per_bulk_recipient keeps one row per (send, recipient), so
nobody gets it twice.

A send may be narrowed to an audience an app registered (the verified press list, say) and may
leave out whoever received an earlier send (the embargoed copy of the same release).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from humas_portal.audit import audit_record
from humas_portal.notifications import services
from humas_portal.notifications.email import LINK_PLACEHOLDERS, email_render, message_id_new
from humas_portal.notifications.models import (
    BulkSend,
    BulkSendBody,
    Message,
    Subscriber,
    SubscriberToken,
    TokenPurpose,
)
from humas_portal.notifications.registry import kind_get, topics_all
from humas_portal.notifications.subscriptions import subscriber_token_build, token_url

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000
# Longer than the enqueue task may run (its time_limit in tasks.py): a send still without
# enqueued_at after this was lost. Scheduling it twice would be harmless, only wasteful.
ENQUEUE_STALE_AFTER = timedelta(minutes=20)

# Audiences: a condition on Subscriber that narrows a send to part of its topic. Apps register
# theirs in AppConfig.ready(), since only they know what the condition means.
_audiences: dict[str, Q] = {}


def bulk_audience_register(*, name: str, condition: Q) -> None:
    _audiences[name] = condition


def _audience_condition(name: str) -> Q:
    try:
        return _audiences[name]
    except KeyError:
        raise LookupError(
            "Unknown bulk audience %r; register it in an AppConfig.ready()" % name
        ) from None


def bulk_send_find(*, reference: str) -> BulkSend | None:
    """The send made under ``reference`` (see bulk_send_create), or None."""
    return BulkSend.objects.filter(reference=reference).first()


def _enqueue_task_dispatch(bulk_id: int) -> None:
    from humas_portal.notifications.tasks import notifications_bulk_enqueue

    notifications_bulk_enqueue.delay(bulk_id)


@transaction.atomic
def bulk_send_create(
    *,
    topic: str,
    kind: str,
    context: dict,
    actor=None,
    audience: str = "",
    excluded_send: BulkSend | None = None,
    reference: str = "",
) -> BulkSend:
    """Render the message once per language and schedule its enqueueing to the topic's
    subscribers. ``context`` may hold lazy strings: they are rendered in each language.

    ``audience`` narrows it to a registered part of them; whoever got a row of
    ``excluded_send`` is left out; ``reference`` names what is sent, once (unique).
    """
    if topic not in {registered.slug for registered in topics_all()}:
        raise ValidationError(_("Topik tidak dikenal."), code="invalid_topic")
    if audience:
        _audience_condition(audience)  # a programming error, before anything is written
    message_kind = kind_get(kind)
    bodies = [
        _body_render(message_kind.template, kind, context, language)
        for language, _name in settings.LANGUAGES
    ]
    bulk = BulkSend(
        kind=kind,
        topic=topic,
        subject=next(body.subject for body in bodies if body.language == settings.LANGUAGE_CODE),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        audience=audience,
        excluded_send=excluded_send,
        reference=reference,
    )
    bulk.full_clean()
    bulk.save()
    for body in bodies:
        body.bulk = bulk
        body.full_clean()
    BulkSendBody.objects.bulk_create(bodies)
    if actor is not None:
        audit_record(actor, "bulk_send.created", bulk, topic=topic, kind=kind)
    # robust: with the broker down the send stays waiting (enqueued_at empty) and
    # bulk_sends_relay schedules it again.
    transaction.on_commit(lambda: _enqueue_task_dispatch(bulk.pk), robust=True)
    return bulk


def _body_render(template: str, kind: str, context: dict, language: str) -> BulkSendBody:
    rendered = email_render(
        template=template, context={**context, "links": LINK_PLACEHOLDERS}, language=language
    )
    for placeholder in LINK_PLACEHOLDERS.values():
        if placeholder not in rendered.body_text:
            # A programming error, not bad input: every bulk e-mail must say how to leave.
            raise ImproperlyConfigured(
                "The %s templates lack %s; include notifications/emails/bulk_footer."
                % (kind, placeholder)
            )
    return BulkSendBody(
        language=language,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
    )


def _audience_subscribers(*, topic: str, audience: str, excluded_send_id: int | None):
    """The topic's confirmed subscribers, narrowed to ``audience``, less whoever got a row of
    the excluded send: whom a send reaches."""
    recipients = Subscriber.objects.filter(confirmed_at__isnull=False, subscriptions__topic=topic)
    if audience:
        recipients = recipients.filter(_audience_condition(audience))
    if excluded_send_id is not None:
        recipients = recipients.filter(
            ~Exists(Message.objects.filter(bulk_id=excluded_send_id, recipient=OuterRef("email")))
        )
    return recipients


def bulk_recipients_count(
    *, topic: str, audience: str = "", excluded_send: BulkSend | None = None
) -> int:
    """How many subscribers a send to ``topic`` (and ``audience``, less ``excluded_send``)
    reaches if made now: what an editor is told before publishing and once it is queued."""
    return _audience_subscribers(
        topic=topic,
        audience=audience,
        excluded_send_id=excluded_send.pk if excluded_send is not None else None,
    ).count()


def _recipients_chunk(bulk: BulkSend, after_id: int, size: int) -> list[tuple[int, str, str]]:
    """The next confirmed subscribers of the send that have no row in it yet, with their
    language."""
    recipients = _audience_subscribers(
        topic=bulk.topic, audience=bulk.audience, excluded_send_id=bulk.excluded_send_id
    ).filter(
        ~Exists(Message.objects.filter(bulk_id=bulk.pk, recipient=OuterRef("email"))),
        pk__gt=after_id,
    )
    return list(recipients.order_by("pk").values_list("pk", "email", "language")[:size])


def _enqueue_chunk(
    bulk: BulkSend, subjects: dict[str, str], after_id: int, size: int
) -> tuple[int, int] | None:
    """Create the rows for one chunk and schedule their dispatch; (last id, rows) or None."""
    with transaction.atomic():
        # One enqueuer per send at a time: a second run waits here, then finds the rows the
        # first one made and skips them instead of making tokens nobody will receive.
        BulkSend.objects.select_for_update().filter(pk=bulk.pk).values_list("pk").first()
        chunk = _recipients_chunk(bulk, after_id, size)
        if not chunk:
            return None
        now = timezone.now()
        sensitive = kind_get(bulk.kind).sensitive
        tokens = []
        messages = []
        for subscriber_id, email, language in chunk:
            links = {}
            for name, purpose in (
                ("unsubscribe", TokenPurpose.UNSUBSCRIBE),
                ("preferences", TokenPurpose.PREFERENCES),
            ):
                raw_token, token = subscriber_token_build(
                    subscriber_id=subscriber_id, purpose=purpose, now=now
                )
                tokens.append(token)
                links[name] = token_url(purpose=purpose, raw_token=raw_token)
            # No full_clean(): every value is ours, and it would cost queries per row.
            messages.append(
                Message(
                    kind=bulk.kind,
                    recipient=email,
                    language=language,
                    sensitive=sensitive,
                    subject=subjects[language],
                    bulk_id=bulk.pk,
                    links=links,
                    idempotency_key="bulk:%d:%d" % (bulk.pk, subscriber_id),
                    message_id=message_id_new(),
                    next_attempt_at=now + timedelta(seconds=settings.NOTIFICATIONS_DISPATCH_GRACE),
                    expires_at=now + timedelta(seconds=settings.NOTIFICATIONS_MAX_AGE),
                )
            )
        SubscriberToken.objects.bulk_create(tokens)
        Message.objects.bulk_create(messages, ignore_conflicts=True)
        # ignore_conflicts returns no ids. Rows made from `now` on are this chunk's: another
        # run made its rows before it released the lock taken above.
        message_ids = list(
            Message.objects.filter(bulk_id=bulk.pk, created_at__gte=now)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        batch = settings.NOTIFICATIONS_BATCH_SIZE
        for start in range(0, len(message_ids), batch):
            ids = message_ids[start : start + batch]
            # robust: a broker outage must not undo the rows; the outbox relay sends them.
            transaction.on_commit(lambda ids=ids: services._dispatch(ids), robust=True)
    return chunk[-1][0], len(message_ids)


def bulk_send_enqueue(*, bulk_id: int, chunk_size: int = CHUNK_SIZE) -> int:
    """Create and dispatch the rows of a bulk send; returns its total number of recipients.

    Each chunk commits on its own, so an interrupted run keeps what it did and a new run
    carries on where it stopped.
    """
    bulk = BulkSend.objects.get(pk=bulk_id)
    if bulk.excluded_send_id is not None:
        # Who is left out is read from the other send's rows, so they must all exist first;
        # enqueueing it again is harmless (a finished send gains nothing).
        excluded = BulkSend.objects.only("enqueued_at").get(pk=bulk.excluded_send_id)
        if excluded.enqueued_at is None:
            bulk_send_enqueue(bulk_id=excluded.pk, chunk_size=chunk_size)
    # Each recipient's row carries the subject in their language (the delivery log shows it).
    subjects = dict(bulk.bodies.values_list("language", "subject"))
    after_id = 0
    while (done := _enqueue_chunk(bulk, subjects, after_id, chunk_size)) is not None:
        after_id = done[0]
    BulkSend.objects.filter(pk=bulk.pk).update(
        total=Coalesce(
            Subquery(
                Message.objects.filter(bulk_id=OuterRef("pk"))
                .values("bulk_id")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        ),
        enqueued_at=timezone.now(),
    )
    bulk.refresh_from_db(fields=["total"])
    logger.info("bulk send %s enqueued: %s recipients", bulk.pk, bulk.total)
    return bulk.total


def bulk_sends_relay() -> int:
    """Schedule again the sends whose enqueueing never ran (broker down, worker died)."""
    stale = timezone.now() - ENQUEUE_STALE_AFTER
    waiting = list(
        BulkSend.objects.filter(enqueued_at__isnull=True, created_at__lt=stale).values_list(
            "pk", flat=True
        )
    )
    for bulk_id in waiting:
        _enqueue_task_dispatch(bulk_id)
    return len(waiting)
