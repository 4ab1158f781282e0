"""Requests and objections for the staff helper's tests, straight through the ORM with the
model's rules kept (ppid.models): any date, any outcome, without waiting for the clock."""

import itertools
import uuid
from datetime import date, datetime, time

from django.utils import timezone

from humas_portal.roles import INFORMATION_OFFICER, PPID_SUPERIOR
from humas_portal.tracking import tracking_secret_hash
from ppid.deadlines import objection_due_on, request_due_on
from ppid.models import InformationRequest, Objection, RequestEvent, RequestEventKind, RequestStage
from tests.factories import staff_create

_numbers = itertools.count(1)

# What a requester gives: none of it may reach the report, the dashboard or the digest.
REQUESTER = {
    "requester_name": "Wahyu Rahasia Pemohon",
    "requester_address": "Jl. Alamat Rahasia No. 77, Jember",
    "requester_email": "pemohon.rahasia@contoh.example.id",
    "requester_phone": "081299887766",
}


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An instant on ``day`` in the office's time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


def request_make(
    *,
    received_at: datetime | None = None,
    stage: str = RequestStage.RECEIVED,
    decided_at: datetime | None = None,
    refusal_ground: str = "",
    due_on: date | None = None,
    extended_due_on: date | None = None,
    **fields,
) -> InformationRequest:
    received_at = received_at or timezone.now()
    if stage != RequestStage.RECEIVED and decided_at is None:
        decided_at = received_at
    request = InformationRequest.objects.create(
        number="PPID-TEST-%06d" % next(_numbers),
        tracking_hash=tracking_secret_hash(uuid.uuid4().hex),
        information=fields.pop("information", "Laporan keuangan tahun lalu."),
        purpose=fields.pop("purpose", "Penelitian."),
        delivery=fields.pop("delivery", "email"),
        language="id",
        stage=stage,
        received_at=received_at,
        due_on=due_on or request_due_on(received_at),
        extended_due_on=extended_due_on,
        extension_reason="Data masih dihimpun." if extended_due_on else "",
        decided_at=decided_at,
        decision_note="Keterangan." if stage != RequestStage.RECEIVED else "",
        refusal_ground=refusal_ground,
        **{**REQUESTER, **fields},
    )
    RequestEvent.objects.create(
        request=request, kind=RequestEventKind.RECEIVED, to_stage=RequestStage.RECEIVED
    )
    return request


def objection_make(
    request: InformationRequest, *, filed_at: datetime | None = None, outcome: str = "", **fields
) -> Objection:
    filed_at = filed_at or timezone.now()
    return Objection.objects.create(
        request=request,
        reason=fields.pop("reason", "35a"),
        statement=fields.pop("statement", "Saya keberatan."),
        filed_at=filed_at,
        due_on=fields.pop("due_on", None) or objection_due_on(filed_at),
        outcome=outcome,
        answer="Jawaban atasan." if outcome else "",
        answered_at=filed_at if outcome else None,
        **fields,
    )


def officer_create(username: str = "petugas.informasi", **fields):
    user = staff_create(username, role=INFORMATION_OFFICER)
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    return user


def superior_create(username: str = "atasan.ppid", **fields):
    user = staff_create(username, role=PPID_SUPERIOR)
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    return user
