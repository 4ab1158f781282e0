"""New-complaint alerts: whoever holds ``complaints.receive_new_alerts`` (the coordinators, by
default) hears of a new complaint by e-mail, at most once every ALERT_INTERVAL.

Design. Filing writes one ``NewComplaintAlert`` row per recipient (the ledger), then, per
recipient, *flushes*: if the recipient's last alert went out ALERT_INTERVAL ago or more (a quiet
period), one e-mail listing every waiting complaint goes into the outbox and the rows are
stamped sent, in the filing's own transaction; otherwise the rows wait. A beat task
(``complaints_alerts_send``, every minute) flushes everyone with rows waiting, which sends them
as one batch once the interval has passed. One flush, two callers: the first complaint of a
quiet period goes at once, the later ones as a batch.

Why a ledger and a beat task rather than a due time in the outbox: a batch must list the
complaints filed while it waited, so its body is only known when it goes; the outbox stores
bodies rendered at enqueue time, and its rows are sent as soon as they are committed.

Guarantees. At-least-once: the e-mail and the stamps commit together, and the outbox delivers
what was committed. Never twice per complaint and person: the ledger's pair is unique, a row is
stamped in the transaction that enqueues the e-mail listing it, and the e-mail's idempotency key
names the first complaint it lists and the recipient. Flushes of one recipient are serialised by
a lock on their user row, so a filing and the beat task cannot both find a quiet period.

Privacy. An alert carries the complaint's number, category, election, place (village and
kecamatan) and dates, and nothing the reporter wrote: no identity can reach a lock screen
through it. The kind is sensitive all the same (the body is wiped once sent), and it is
enqueued ``about`` the first complaint it lists, so that retention forgets it with that
complaint (``notifications_forget``); the other complaints of a batch appear only in its body,
which is long wiped when their own retention ends.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from complaints.models import ALERT_PERMISSION, Category, Complaint, NewComplaintAlert
from humas_portal.elections.dates import local_date
from humas_portal.notifications.services import notification_enqueue

logger = logging.getLogger(__name__)

KIND = "complaint_new_alert"
ALERT_INTERVAL = timedelta(minutes=15)
# The permission is read from the database, not through every backend: axes' backend only
# guards logins and has no say in who holds a permission.
_PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def alert_recipients():
    """Active staff holding the permission through a role or their own grant, with an address.

    Superusers are not included by virtue of being superusers: alerts go to those given the
    duty, not to the technical account that holds every permission.
    """
    return (
        get_user_model()
        .objects.with_perm(ALERT_PERMISSION, include_superusers=False, backend=_PERMISSION_BACKEND)
        .filter(is_staff=True)
        .exclude(email="")
    )


def complaint_alerts_queue(*, complaint: Complaint) -> int:
    """Record the new complaint for every recipient and alert those in a quiet period at once.

    Called by complaint_submit inside its transaction, so the ledger, the e-mails and the
    complaint commit together. Returns how many e-mails were enqueued now.
    """
    recipients = list(alert_recipients().order_by("pk").values_list("pk", flat=True))
    NewComplaintAlert.objects.bulk_create(
        [NewComplaintAlert(complaint=complaint, recipient_id=pk) for pk in recipients],
        ignore_conflicts=True,
    )
    now = timezone.now()
    return sum(_flush_safely(pk, now) for pk in recipients)


def complaints_alerts_send() -> int:
    """Send every batch that is due (the beat task). Returns how many e-mails were enqueued."""
    waiting = (
        NewComplaintAlert.objects.filter(sent_at__isnull=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    now = timezone.now()
    enqueued = sum(_flush_safely(pk, now) for pk in sorted(waiting))
    if enqueued:
        logger.info("new-complaint alerts enqueued: %s", enqueued)
    return enqueued


def _flush_safely(recipient_id: int, now) -> bool:
    try:
        with transaction.atomic():
            return _flush(recipient_id, now)
    except ValidationError:
        # A malformed address on the account: the complaint and the other alerts still go.
        logger.warning("new-complaint alert: the address of user %s was refused", recipient_id)
        return False


def _flush(recipient_id: int, now) -> bool:
    user = get_user_model().objects.select_for_update().filter(pk=recipient_id).first()
    waiting = NewComplaintAlert.objects.filter(recipient_id=recipient_id, sent_at__isnull=True)
    if user is None or not _may_receive(user):
        # Rights withdrawn or account closed since the complaint was filed: nothing to send.
        waiting.delete()
        logger.info("new-complaint alert: user %s may no longer receive alerts", recipient_id)
        return False
    last_sent = NewComplaintAlert.objects.filter(recipient_id=recipient_id).aggregate(
        last=Max("sent_at")
    )["last"]
    if last_sent is not None and now - last_sent < ALERT_INTERVAL:
        return False
    rows = list(
        waiting.select_related("complaint__election", "complaint__location__parent").order_by(
            "complaint__created_at", "complaint_id"
        )
    )
    if not rows:
        return False
    complaints = [row.complaint for row in rows]
    notification_enqueue(
        kind=KIND,
        recipient=user.email,
        context=_context(complaints),
        idempotency_key="new-alert:%s" % recipient_id,
        about=complaints[0],
    )
    NewComplaintAlert.objects.filter(pk__in=[row.pk for row in rows]).update(sent_at=now)
    return True


def _may_receive(user) -> bool:
    return user.is_active and user.is_staff and bool(user.email) and user.has_perm(ALERT_PERMISSION)


def _admin_url(name: str, *args) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, args=args)


def _context(complaints: list[Complaint]) -> dict:
    items = [
        {
            "number": complaint.number,
            # Lazy: rendered in the e-mail's language, whatever language is active here.
            "category": Category(complaint.category).label,
            "election": complaint.election.name,
            "village": complaint.location.name,
            "district": complaint.location.parent.name if complaint.location.parent else "",
            "received": complaint.created_at,
            "due": local_date(complaint.due_at) if complaint.due_at else None,
            "url": _admin_url("admin:complaints_complaint_change", complaint.pk),
        }
        for complaint in complaints
    ]
    return {
        "items": items,
        "total": len(items),
        "received": complaints[-1].created_at,
        "list_url": _admin_url("admin:complaints_complaint_changelist") + "?stage__exact=received",
    }
