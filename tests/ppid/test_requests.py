"""The request desk's services: submitting, deciding under a row lock, withdrawal, notes,
e-mails once per event, retention (ppid.services)."""

import re
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from humas_portal.notifications.models import Message
from humas_portal.notifications.services import notification_deliver
from ppid.models import InformationRequest, Objection, RequestEvent
from ppid.request_selectors import request_public_timeline
from ppid.services import (
    objection_answer,
    objection_file,
    request_decide,
    request_extend,
    request_note_add,
    request_submit,
    request_withdraw,
    requests_erase_due,
)
from tests.conftest import run_at_once
from tests.ppid.register_factories import pdf_upload
from tests.ppid.request_factories import (
    REQUEST_FIELDS,
    holidays_set,
    officer_create,
    request_file,
    superior_create,
    user_with,
)

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def officer(office):
    return officer_create()


def messages_of(request_id: int, kind: str):
    return Message.objects.filter(
        kind=kind, idempotency_key__startswith="ppid.informationrequest:%s:" % request_id
    )


# --- Submitting -------------------------------------------------------------------------------


def test_numbers_follow_the_office_region_and_year_and_only_the_hash_is_kept(office):
    with time_machine.travel(datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA), tick=False):
        first, second = request_file(), request_file()
    region = office.region_id.replace(".", "")
    assert first.number == "PPID-%s-2026-000001" % region
    assert second.number == "PPID-%s-2026-000002" % region
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", first.secret)
    request = InformationRequest.objects.get(pk=first.request_id)
    assert first.secret not in str(vars(request))
    assert request.tracking_hash != first.secret
    assert request.events.get().kind == "received"
    receipt = messages_of(request.pk, "ppid_request_receipt").get()
    assert receipt.recipient == "siti@contoh.id"


def test_the_receipt_goes_once_in_the_requesters_language(office):
    receipt = request_file(language="en")
    message = messages_of(receipt.request_id, "ppid_request_receipt").get()
    notification_deliver(message_ids=[message.pk])
    notification_deliver(message_ids=[message.pk])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Information request %s received" % receipt.number)
    assert receipt.secret_display in mail.outbox[0].body
    assert "The answer is due by" in mail.outbox[0].body


def test_a_request_needs_an_email_or_a_phone(office):
    with pytest.raises(ValidationError) as refused:
        request_file(requester_email="", requester_phone="")
    assert refused.value.code == "contact_required"
    assert not InformationRequest.objects.exists()


def test_a_phone_only_request_is_stored_without_mail(office):
    receipt = request_file(requester_email="", requester_phone="+6281234567890")
    assert InformationRequest.objects.get(pk=receipt.request_id).requester_phone
    assert not Message.objects.exists()


def test_the_model_refuses_what_is_too_long(office):
    with pytest.raises(ValidationError):
        request_submit(**{**REQUEST_FIELDS, "information": "x" * 4001, "language": "id"})
    with pytest.raises(ValidationError):
        request_submit(**{**REQUEST_FIELDS, "delivery": "fax", "language": "id"})


# --- Deciding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "fields", "code"),
    [
        ("granted", {"note": ""}, "note_required"),
        ("partly_granted", {"note": "Sebagian."}, "ground_required"),
        ("refused", {"note": ""}, "ground_required"),
        ("not_held", {"note": " "}, "note_required"),
        ("granted", {"note": "Di kantor.", "refusal_ground": "17h"}, "ground_not_allowed"),
        ("refused", {"note": "", "refusal_ground": "99z"}, "ground"),
        ("withdrawn", {"note": "x"}, "stage"),
        ("received", {"note": "x"}, "stage"),
    ],
)
def test_each_decision_says_what_the_law_asks(officer, stage, fields, code):
    request_id = request_file().request_id
    with pytest.raises(ValidationError) as refused:
        request_decide(request_id=request_id, actor=officer, stage=stage, **fields)
    assert refused.value.code == code
    assert InformationRequest.objects.get(pk=request_id).stage == "received"


def test_a_refusal_cites_its_ground_and_is_mailed_once_even_if_sent_twice(officer):
    request_id = request_file().request_id
    request_decide(
        request_id=request_id, actor=officer, stage="refused", note="", refusal_ground="17h"
    )
    request = InformationRequest.objects.get(pk=request_id)
    assert (request.stage, request.refusal_ground, request.decided_by) == (
        "refused",
        "17h",
        officer,
    )
    event = request.events.get(kind="decided")
    message = messages_of(request_id, "ppid_request_decided").get()
    assert message.idempotency_key.endswith(":event:%s" % event.pk)
    # The send task runs twice (a retry, a second worker): one e-mail.
    notification_deliver(message_ids=[message.pk])
    notification_deliver(message_ids=[message.pk])
    assert len(mail.outbox) == 1
    assert "Pasal 17 huruf h" in mail.outbox[0].body
    assert request.number in mail.outbox[0].subject

    with pytest.raises(ValidationError) as refused:
        request_decide(request_id=request_id, actor=officer, stage="granted", note="Lain.")
    assert refused.value.code == "stale"
    assert messages_of(request_id, "ppid_request_decided").count() == 1


def test_a_grant_keeps_a_cleaned_pdf(officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request_id = request_file().request_id
    request_decide(
        request_id=request_id,
        actor=officer,
        stage="granted",
        note="Terlampir; salinan cetak dapat diambil di kantor.",
        document=pdf_upload(),
    )
    request = InformationRequest.objects.get(pk=request_id)
    assert request.decision_document.name.startswith("ppid/answers/")
    assert request.decision_document.name != "ppid/answers/jawaban.pdf"
    assert request.decision_document.open("rb").read(5) == b"%PDF-"


def test_a_file_that_is_no_pdf_is_refused_and_nothing_moves(officer, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    request_id = request_file().request_id
    with pytest.raises(ValidationError):
        request_decide(
            request_id=request_id,
            actor=officer,
            stage="granted",
            note="Terlampir.",
            document=SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>"),
        )
    assert InformationRequest.objects.get(pk=request_id).stage == "received"


def test_an_officer_who_saw_another_stage_is_refused(officer):
    request_id = request_file().request_id
    request_decide(request_id=request_id, actor=officer, stage="not_held", note="Ke KPU.")
    with pytest.raises(ValidationError) as refused:
        request_decide(
            request_id=request_id,
            actor=officer,
            stage="granted",
            note="x",
            expected_stage="received",
        )
    assert refused.value.code == "stale"
    assert "sudah berada pada tahap Informasi tidak dikuasai" in refused.value.messages[0]


def test_only_officers_decide_extend_and_note(office):
    request_id = request_file().request_id
    visitor = user_with("tamu")
    superior = superior_create()
    for actor in (visitor, superior):
        with pytest.raises(PermissionDenied):
            request_decide(request_id=request_id, actor=actor, stage="not_held", note="x")
        with pytest.raises(PermissionDenied):
            request_extend(request_id=request_id, actor=actor, days=2, reason="x")
        with pytest.raises(PermissionDenied):
            request_note_add(request_id=request_id, actor=actor, internal_note="x")
        with pytest.raises(PermissionDenied):
            request_withdraw(request_id=request_id, actor=actor)
    assert InformationRequest.objects.get(pk=request_id).stage == "received"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_second_officer_waits_for_the_row_lock_then_finds_the_request_decided(
    require_postgresql, office
):
    """Officer 1 decides and keeps the transaction open; officer 2, who also saw Diterima,
    waits on the row lock and, once officer 1 commits, is refused as stale. Without
    select_for_update officer 2 would read Diterima and both decisions would be recorded."""
    request_id = request_file().request_id
    first, second = officer_create("petugas1"), officer_create("petugas2")
    decided, release = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def first_officer() -> None:
        try:
            with transaction.atomic():
                request_decide(request_id=request_id, actor=first, stage="not_held", note="KPU.")
                outcomes["first"] = "decided"
                decided.set()
                release.wait(10)
        finally:
            connection.close()

    def second_officer() -> None:
        try:
            request_decide(request_id=request_id, actor=second, stage="granted", note="Ambil.")
            outcomes["second"] = "decided"
        except ValidationError as error:
            outcomes["second"] = error.code
        finally:
            connection.close()

    one = threading.Thread(target=first_officer)
    one.start()
    assert decided.wait(10)
    two = threading.Thread(target=second_officer)
    two.start()
    two.join(1)
    assert two.is_alive(), "officer 2 did not wait for the row lock"
    release.set()
    one.join(10)
    two.join(10)
    assert outcomes == {"first": "decided", "second": "stale"}
    request = InformationRequest.objects.get(pk=request_id)
    assert (request.stage, request.decided_by) == ("not_held", first)
    assert RequestEvent.objects.filter(request_id=request_id, kind="decided").count() == 1
    assert messages_of(request_id, "ppid_request_decided").count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_one_wins(require_postgresql, office):
    request_id = request_file().request_id
    officers = iter([officer_create("petugas1"), officer_create("petugas2")])
    lock = threading.Lock()

    def decide() -> str:
        with lock:
            actor = next(officers)
        try:
            request_decide(request_id=request_id, actor=actor, stage="not_held", note="KPU.")
        except ValidationError as error:
            return error.code
        return "decided"

    assert sorted(run_at_once(decide, times=2)) == ["decided", "stale"]
    assert RequestEvent.objects.filter(request_id=request_id, kind="decided").count() == 1
    assert messages_of(request_id, "ppid_request_decided").count() == 1


# --- Withdrawal and notes ---------------------------------------------------------------------


def test_the_requester_withdraws_once_and_is_told(office):
    request_id = request_file().request_id
    request_withdraw(request_id=request_id)
    request = InformationRequest.objects.get(pk=request_id)
    assert request.stage == "withdrawn"
    assert request.decided_by is None
    assert request.events.get(kind="withdrawn").actor is None
    assert messages_of(request_id, "ppid_request_decided").count() == 1
    with pytest.raises(ValidationError) as refused:
        request_withdraw(request_id=request_id)
    assert refused.value.code == "stale"


def test_an_officer_withdraws_on_the_requesters_word(officer):
    request_id = request_file().request_id
    request_withdraw(request_id=request_id, actor=officer, note="Dicabut lewat telepon.")
    event = RequestEvent.objects.get(request_id=request_id, kind="withdrawn")
    assert (event.actor, event.public_note) == (officer, "Dicabut lewat telepon.")


def test_a_decided_request_cannot_be_withdrawn(officer):
    request_id = request_file().request_id
    request_decide(request_id=request_id, actor=officer, stage="granted", note="Di kantor.")
    with pytest.raises(ValidationError):
        request_withdraw(request_id=request_id)


def test_internal_notes_stay_internal(officer):
    request_id = request_file().request_id
    with pytest.raises(ValidationError):
        request_note_add(request_id=request_id, actor=officer, internal_note="   ")
    request_note_add(request_id=request_id, actor=officer, internal_note="Telepon pemohon.")
    request = InformationRequest.objects.get(pk=request_id)
    assert [event.kind for event in request_public_timeline(request)] == ["received"]
    assert request.events.filter(kind="note").count() == 1
    assert not messages_of(request_id, "ppid_request_decided").exists()


def test_an_extension_is_mailed_with_its_reason_once(officer):
    request_id = request_file().request_id
    request_extend(request_id=request_id, actor=officer, days=5, reason="Menunggu arsip.")
    message = messages_of(request_id, "ppid_request_extended").get()
    notification_deliver(message_ids=[message.pk])
    notification_deliver(message_ids=[message.pk])
    assert len(mail.outbox) == 1
    assert "Menunggu arsip." in mail.outbox[0].body
    assert "5 hari kerja" in mail.outbox[0].body


# --- Retention --------------------------------------------------------------------------------


def test_contact_data_goes_after_the_retention_period_and_the_counts_stay(office, settings):
    settings.PPID_RETENTION_MONTHS = 24
    holidays_set(())
    officer, superior = officer_create(), superior_create()
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=JAKARTA), tick=False):
        refused = request_file().request_id
        request_decide(
            request_id=refused, actor=officer, stage="refused", note="", refusal_ground="17h"
        )
        withdrawn = request_file().request_id
        request_withdraw(request_id=withdrawn)
        objected = request_file().request_id
        request_decide(request_id=objected, actor=officer, stage="not_held", note="KPU.")
        objection = objection_file(request_id=objected, reason="35a", statement="Keberatan.")
        pending = request_file().request_id
        open_objection = request_file().request_id
        request_decide(request_id=open_objection, actor=officer, stage="not_held", note="KPU.")
        objection_file(request_id=open_objection, reason="35a", statement="Keberatan.")
    with time_machine.travel(datetime(2024, 6, 3, 10, 0, tzinfo=JAKARTA), tick=False):
        objection_answer(
            objection_id=objection.pk, actor=superior, outcome="rejected", answer="Tetap."
        )
    recent = request_file().request_id
    request_withdraw(request_id=recent)

    # 4 March 2026: two years after the first three closed; the objection's answer is younger.
    with time_machine.travel(datetime(2026, 3, 4, 10, 0, tzinfo=JAKARTA), tick=False):
        assert requests_erase_due() == 2
        assert requests_erase_due() == 0
    with time_machine.travel(datetime(2026, 6, 3, 10, 0, tzinfo=JAKARTA), tick=False):
        assert requests_erase_due() == 1

    erased = InformationRequest.objects.filter(pk__in=[refused, withdrawn, objected])
    for request in erased:
        assert request.erased_at is not None
        assert (
            request.requester_name, request.requester_address,
            request.requester_email, request.requester_phone,
        ) == ("", "", "", "")  # fmt: skip
        assert not Message.objects.filter(
            idempotency_key__startswith="ppid.informationrequest:%s:" % request.pk
        ).exists()
    # What the annual report counts stays.
    assert InformationRequest.objects.get(pk=refused).refusal_ground == "17h"
    assert InformationRequest.objects.get(pk=withdrawn).stage == "withdrawn"
    assert Objection.objects.get(pk=objection.pk).outcome == "rejected"
    kept = InformationRequest.objects.filter(pk__in=[pending, open_objection, recent])
    assert all(request.requester_name == "Siti Aminah" for request in kept)
    assert all(request.erased_at is None for request in kept)


def test_retention_removes_the_answers_document_too(
    office, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    holidays_set(())
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=JAKARTA), tick=False):
        request_id = request_file().request_id
        request_decide(
            request_id=request_id,
            actor=officer_create(),
            stage="granted",
            note="Terlampir.",
            document=pdf_upload(),
        )
    stored = tmp_path / InformationRequest.objects.get(pk=request_id).decision_document.name
    assert stored.exists()
    with (
        time_machine.travel(datetime(2026, 3, 5, 10, 0, tzinfo=JAKARTA), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert requests_erase_due() == 1
    assert not stored.exists()
    request = InformationRequest.objects.get(pk=request_id)
    assert (request.stage, request.decision_document.name) == ("granted", "")


def test_retention_runs_every_night_through_beat():
    from humas_portal.periodic import periodic_tasks

    entry = {task.name: task for task in periodic_tasks()}["ppid-requests-retention"]
    assert entry.task == "ppid.requests_erase_due"
