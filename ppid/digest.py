"""The request desk's daily digest: to each Petugas Informasi, the open requests whose answer is
overdue or due within two working days; to each Atasan PPID, the unanswered objections the
same. Numbers, due dates and links into the admin only: never a requester's name, address or
contact, nor the request's text.

One e-mail per person per day (the office's date), through the outbox: the idempotency key
carries the person and the date, so a beat task that runs twice sends one. Nobody with nothing
due gets an e-mail.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from humas_portal.elections.dates import HolidayCalendar, local_today
from humas_portal.notifications.services import notification_enqueue, notifications_enqueued
from ppid.models import InformationRequest, Objection, RequestStage
from ppid.staff_due import answer_due_expression, due_soon_limit, due_text

logger = logging.getLogger(__name__)

KIND = "ppid_digest"
OFFICER_PERMISSION = "ppid.decide_request"
SUPERIOR_PERMISSION = "ppid.answer_objection"
_PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def digest_key(user_pk: int, day) -> str:
    return "ppid-digest:%s:%s" % (user_pk, day.isoformat())


def _holders(permission: str):
    """Active staff given the duty (a role or their own grant) with an address; superusers are
    not included for being superusers."""
    return (
        get_user_model()
        .objects.with_perm(permission, include_superusers=False, backend=_PERMISSION_BACKEND)
        .filter(is_staff=True, is_active=True)
        .exclude(email="")
    )


def _item(number: str, due, today, calendar, url_name: str, pk: int) -> dict:
    text, late = due_text(due, today, calendar)
    return {
        "number": number,
        "due": due,
        "text": text,
        "late": late,
        "url": settings.PORTAL_BASE_URL + reverse(url_name, args=[pk]),
    }


def ppid_digest_send() -> int:
    """Enqueue today's digest for everyone with something due; returns how many."""
    today = local_today()
    calendar = HolidayCalendar()
    limit = due_soon_limit(today, calendar)
    requests = list(
        InformationRequest.objects.filter(stage=RequestStage.RECEIVED)
        .annotate(answer_due=answer_due_expression())
        .filter(answer_due__lte=limit)
        .order_by("answer_due", "pk")
        .values_list("pk", "number", "answer_due")
    )
    objections = list(
        Objection.objects.filter(answered_at__isnull=True, due_on__lte=limit)
        .order_by("due_on", "pk")
        .values_list("pk", "request__number", "due_on")
    )
    if not requests and not objections:
        return 0
    dues = [due for _pk, _number, due in requests + objections]
    calendar.load(min([*dues, today]), limit)
    request_items = [
        _item(number, due, today, calendar, "admin:ppid_informationrequest_change", pk)
        for pk, number, due in requests
    ]
    objection_items = [
        _item(number, due, today, calendar, "admin:ppid_objection_change", pk)
        for pk, number, due in objections
    ]
    people: dict[int, dict] = {}
    if request_items:
        for user in _holders(OFFICER_PERMISSION):
            people.setdefault(user.pk, {"user": user, "requests": [], "objections": []})
            people[user.pk]["requests"] = request_items
    if objection_items:
        for user in _holders(SUPERIOR_PERMISSION):
            people.setdefault(user.pk, {"user": user, "requests": [], "objections": []})
            people[user.pk]["objections"] = objection_items
    sent_before = notifications_enqueued(idempotency_keys=[digest_key(pk, today) for pk in people])
    enqueued = 0
    for pk, entry in sorted(people.items()):
        key = digest_key(pk, today)
        if key in sent_before:
            continue
        user = entry["user"]
        context = {
            "name": user.get_full_name() or user.get_username(),
            "date": today,
            "requests": entry["requests"],
            "objections": entry["objections"],
            "list_url": settings.PORTAL_BASE_URL
            + reverse("admin:ppid_informationrequest_changelist"),
        }
        try:
            with transaction.atomic():
                notification_enqueue(
                    kind=KIND, recipient=user.email, context=context, idempotency_key=key
                )
        except ValidationError:
            # A malformed address on the account: the others still get theirs.
            logger.warning("ppid digest: the address of user %s was refused", pk)
            continue
        enqueued += 1
    logger.info("ppid digests enqueued: %s", enqueued)
    return enqueued
