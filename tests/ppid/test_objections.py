"""Objections (keberatan, UU 14/2008 Pasal 35-36): within 30 working days of the decision or
of a missed deadline, one per request, answered by the PPID's superior within 30 working days;
after the answer the route to the Komisi Informasi (Pasal 37)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from humas_portal.notifications.models import Message
from humas_portal.notifications.services import notification_deliver
from ppid.models import InformationRequest, Objection, RequestEvent
from ppid.services import (
    objection_answer,
    objection_file,
    objection_window_state,
    request_decide,
    request_withdraw,
)
from tests.ppid.request_factories import (
    holidays_set,
    officer_create,
    request_file,
    superior_create,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
RECEIVED = datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA)  # due 20 May 2026
DECIDED = datetime(2026, 5, 20, 14, 0, tzinfo=JAKARTA)  # objections until 2 July 2026


def at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, 0, tzinfo=JAKARTA), tick=False
    )


@pytest.fixture
def decided(office):
    holidays_set()
    with time_machine.travel(RECEIVED, tick=False):
        request_id = request_file().request_id
    with time_machine.travel(DECIDED, tick=False):
        request_decide(
            request_id=request_id,
            actor=officer_create(),
            stage="refused",
            note="",
            refusal_ground="17h",
        )
    return InformationRequest.objects.get(pk=request_id)


def test_an_objection_on_the_last_day_is_accepted(decided):
    with at(date(2026, 7, 2), hour=23):
        objection = objection_file(
            request_id=decided.pk, reason="35a", statement="Informasi itu bukan rahasia pribadi."
        )
    # Filed Thursday 2 July: 30 working days later.
    assert objection.due_on == date(2026, 8, 13)
    event = RequestEvent.objects.get(request=decided, kind="objection_filed")
    message = Message.objects.get(kind="ppid_objection_received")
    assert message.idempotency_key.endswith(":event:%s" % event.pk)


def test_an_objection_after_the_window_is_refused_clearly(decided):
    with at(date(2026, 7, 3)):
        with pytest.raises(ValidationError) as refused:
            objection_file(request_id=decided.pk, reason="35a", statement="Terlambat.")
    assert refused.value.code == "window_closed"
    text = refused.value.messages[0]
    assert "Batas waktu pengajuan keberatan sudah berakhir pada 2 Juli 2026" in text
    assert "Keberatan tidak dapat diajukan lagi" in text
    assert not Objection.objects.exists()


def test_an_objection_to_a_missed_deadline_is_accepted_without_a_decision(office):
    holidays_set()
    with time_machine.travel(RECEIVED, tick=False):
        request_id = request_file().request_id
    with at(date(2026, 5, 20), hour=23):
        with pytest.raises(ValidationError) as refused:
            objection_file(request_id=request_id, reason="35c", statement="Belum dijawab.")
    assert refused.value.code == "not_yet"
    # 21 May: the answer was due yesterday and did not come.
    with at(date(2026, 5, 21)):
        objection = objection_file(
            request_id=request_id, reason="35c", statement="Permohonan saya tidak ditanggapi."
        )
    request = InformationRequest.objects.get(pk=request_id)
    assert request.stage == "received" and request.decided_at is None
    assert objection.reason == "35c"


def test_the_missed_deadline_window_closes_too(office):
    holidays_set()
    with time_machine.travel(RECEIVED, tick=False):
        request_id = request_file().request_id
    with at(date(2026, 7, 3)):
        with pytest.raises(ValidationError) as refused:
            objection_file(request_id=request_id, reason="35c", statement="Belum dijawab.")
    assert refused.value.code == "window_closed"


def test_one_objection_per_request(decided):
    with at(date(2026, 6, 3)):
        objection_file(request_id=decided.pk, reason="35a", statement="Pertama.")
        with pytest.raises(ValidationError) as refused:
            objection_file(request_id=decided.pk, reason="35e", statement="Kedua.")
    assert refused.value.code == "already_filed"
    assert Objection.objects.count() == 1


def test_a_withdrawn_request_takes_no_objection(office):
    request_id = request_file().request_id
    request_withdraw(request_id=request_id)
    request = InformationRequest.objects.get(pk=request_id)
    assert objection_window_state(request) == "closed"
    with pytest.raises(ValidationError) as refused:
        objection_file(request_id=request_id, reason="35c", statement="x")
    assert refused.value.code == "withdrawn"


@pytest.mark.parametrize(("reason", "statement"), [("35z", "x"), ("", "x"), ("35a", "  ")])
def test_an_objection_needs_a_reason_of_pasal_35_and_a_statement(decided, reason, statement):
    with at(date(2026, 6, 3)):
        with pytest.raises(ValidationError):
            objection_file(request_id=decided.pk, reason=reason, statement=statement)
    assert not Objection.objects.exists()


def test_the_superior_answers_once_and_the_requester_hears_of_the_komisi_informasi(decided):
    with at(date(2026, 6, 3)):
        objection = objection_file(request_id=decided.pk, reason="35a", statement="Bukan rahasia.")
    superior = superior_create()
    for actor in (officer_create("petugas-lain"), None):
        with pytest.raises(PermissionDenied):
            objection_answer(objection_id=objection.pk, actor=actor, outcome="upheld", answer="x")
    with pytest.raises(ValidationError):
        objection_answer(objection_id=objection.pk, actor=superior, outcome="maybe", answer="x")
    with pytest.raises(ValidationError):
        objection_answer(objection_id=objection.pk, actor=superior, outcome="upheld", answer=" ")

    objection_answer(
        objection_id=objection.pk,
        actor=superior,
        outcome="upheld",
        answer="Keberatan diterima; salinan diberikan tanpa data pribadi.",
    )
    with pytest.raises(ValidationError) as refused:
        objection_answer(
            objection_id=objection.pk, actor=superior, outcome="rejected", answer="Lain."
        )
    assert refused.value.code == "stale"
    objection.refresh_from_db()
    assert (objection.outcome, objection.answered_by) == ("upheld", superior)
    message = Message.objects.get(kind="ppid_objection_answered")
    notification_deliver(message_ids=[message.pk])
    notification_deliver(message_ids=[message.pk])
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Komisi Informasi" in body and "14 hari kerja" in body and "Pasal 37" in body
