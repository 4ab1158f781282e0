"""The daily digest: to each officer, their assigned complaints that are overdue or due soon;
to whoever receives new-complaint alerts (complaints.alerts: the coordinators, who assign the
work), also every open complaint that nobody is assigned to yet, whatever its due date. A new
complaint is unassigned and its first deadline is two days away: the alert may have been
missed, the digest is the daily reminder.

One e-mail per person per day (the office's date), through the outbox: the idempotency key
carries the person and the date, so a beat task that runs twice (a restart, a second
scheduler) sends one.
It lists numbers, titles, stages and due dates with links into the admin, and never a
reporter's identity, under a subject that does not say what it is about.
"""

import logging
from itertools import groupby

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from complaints.alerts import alert_recipients
from complaints.deadlines import days_late, due_soon_limit
from complaints.models import OPEN_STAGES, VIEW_PERMISSION, Complaint, Stage
from humas_portal.elections.dates import local_date
from humas_portal.notifications.services import notification_enqueue, notifications_enqueued

logger = logging.getLogger(__name__)

KIND = "complaint_digest"


def digest_key(user_pk: int, day) -> str:
    return "complaint-digest:%s:%s" % (user_pk, day.isoformat())


def _admin_url(name: str, *args) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, args=args)


def _item(complaint: Complaint, now) -> dict:
    return {
        "number": complaint.number,
        "title": complaint.title,
        # Lazy: rendered in Indonesian with the e-mail, whatever language is active here.
        "stage": Stage(complaint.stage).label,
        "due": local_date(complaint.due_at) if complaint.due_at else None,
        "days_late": days_late(complaint.due_at, now) if complaint.due_at else 0,
        "extended": complaint.deadline_extended,
        "url": _admin_url("admin:complaints_complaint_change", complaint.pk),
    }


def complaints_digest_send() -> int:
    """Enqueue today's digest for every active officer with assigned open complaints overdue or
    due within settings.COMPLAINT_DIGEST_DAYS_AHEAD days, and for every alert recipient while
    open complaints wait unassigned. Returns how many were enqueued.

    One query for the assigned complaints (with their officers), grouped here, one for the
    unassigned ones and one for their recipients; the outbox rows are written per person, each
    in its own transaction, so one bad row does not stop the rest.
    """
    now = timezone.now()
    today = local_date(now)
    complaints = (
        Complaint.objects.filter(
            stage__in=OPEN_STAGES,
            due_at__lte=due_soon_limit(now, settings.COMPLAINT_DIGEST_DAYS_AHEAD),
            assigned_to__is_active=True,
            assigned_to__is_staff=True,
        )
        .select_related("assigned_to")
        .order_by("assigned_to_id", "due_at", "pk")
    )
    people = {}
    assigned = {}
    for officer_pk, group in groupby(complaints, lambda c: c.assigned_to_id):
        rows = list(group)
        people[officer_pk] = rows[0].assigned_to
        assigned[officer_pk] = rows
    unassigned = list(
        Complaint.objects.filter(stage__in=OPEN_STAGES, assigned_to__isnull=True).order_by(
            F("due_at").asc(nulls_last=True), "pk"
        )
    )
    coordinators = set()
    if unassigned:
        for user in alert_recipients():
            people.setdefault(user.pk, user)
            coordinators.add(user.pk)
    sent_before = notifications_enqueued(idempotency_keys=[digest_key(pk, today) for pk in people])
    enqueued = 0
    for pk, person in sorted(people.items()):
        key = digest_key(pk, today)
        if key in sent_before:
            continue
        if not person.email:
            logger.info("complaint digest: officer %s has no e-mail address, skipped", pk)
            continue
        # Who no longer may read complaints gets no list of them, even if some are still
        # assigned.
        if not person.has_perm(VIEW_PERMISSION):
            logger.info("complaint digest: user %s may not view complaints, skipped", pk)
            continue
        rows = assigned.get(pk, [])
        waiting = unassigned if pk in coordinators else []
        if _officer_digest_enqueue(person, rows, waiting, key=key, now=now, today=today):
            enqueued += 1
    logger.info("complaint digests enqueued: %s", enqueued)
    return enqueued


def _officer_digest_enqueue(
    officer, rows: list[Complaint], unassigned: list[Complaint], *, key: str, now, today
) -> bool:
    items = [_item(complaint, now) for complaint in rows]
    context = {
        "officer_name": officer.get_full_name() or officer.get_username(),
        "date": today,
        "total": len(items),
        "overdue": [item for item in items if item["days_late"]],
        "due_soon": [item for item in items if not item["days_late"]],
        "days_ahead": settings.COMPLAINT_DIGEST_DAYS_AHEAD,
        "unassigned": [_item(complaint, now) for complaint in unassigned],
        "unassigned_url": _admin_url("admin:complaints_complaint_changelist") + "?ditugaskan=belum",
        "list_url": _admin_url("admin:complaints_complaint_changelist") + "?ditugaskan=saya",
    }
    try:
        with transaction.atomic():
            notification_enqueue(
                kind=KIND, recipient=officer.email, context=context, idempotency_key=key
            )
    except ValidationError:
        # A malformed address on the account: the others still get theirs.
        logger.warning("complaint digest: the address of user %s was refused", officer.pk)
        return False
    return True
