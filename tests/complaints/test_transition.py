"""complaint_transition: the stage table, its refusals, and the row lock that keeps two officers
from moving the same complaint at once (PostgreSQL)."""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from complaints.models import (
    FINAL_STAGES,
    OPEN_STAGES,
    TRANSITIONS,
    Complaint,
    ComplaintEvent,
    EventKind,
    ForwardedTo,
    Stage,
)
from complaints.services import complaint_submit, complaint_transition
from humas_portal.models import AuditEvent
from humas_portal.notifications.models import Message
from humas_portal.roles import COMPLAINT_OFFICER
from tests.complaints.factories import complaint_file, election_create
from tests.conftest import run_at_once
from tests.factories import staff_create

ALL_MOVES = sorted(
    (source, target) for source, targets in TRANSITIONS.items() for target in targets
)
# What each target stage needs besides the move itself.
MOVE_ARGUMENTS = {
    Stage.NOT_REGISTERED: {"public_note": "Bukan pelanggaran pemilihan."},
    Stage.STOPPED: {"public_note": "Tidak cukup bukti."},
    Stage.FORWARDED: {"forwarded_to": ForwardedTo.GAKKUMDU},
}


@pytest.fixture
def complaint(office):
    return complaint_file().complaint


def at_stage(complaint: Complaint, stage: str, **fields) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(stage=stage, **fields)
    complaint.refresh_from_db()
    return complaint


def move(complaint: Complaint, to: str, actor, *, expected: str | None = None, **extra):
    return complaint_transition(
        complaint_id=complaint.pk,
        expected_stage=complaint.stage if expected is None else expected,
        to=to,
        actor=actor,
        **extra,
    )


def refused(complaint: Complaint, to: str, actor, **extra) -> str:
    """The code of the refusal; nothing may have changed."""
    before = (complaint.stage, complaint.events.count(), Message.objects.count())
    with pytest.raises(ValidationError) as caught:
        move(complaint, to, actor, **extra)
    fresh = Complaint.objects.get(pk=complaint.pk)
    assert (fresh.stage, fresh.events.count(), Message.objects.count()) == before
    assert fresh.merged_into_id == complaint.merged_into_id
    return caught.value.code


# --- The table ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), ALL_MOVES)
def test_each_move_in_the_table_is_recorded_audited_and_told_to_the_reporter(
    complaint, officer, source, target
):
    complaint = at_stage(complaint, source)

    moved = move(
        complaint, target, officer, internal_note="Catatan dalam", **MOVE_ARGUMENTS.get(target, {})
    )

    assert Complaint.objects.get(pk=complaint.pk).stage == target == moved.stage
    event = complaint.events.get(kind=EventKind.STAGE, from_stage=source)
    assert (event.to_stage, event.actor, event.internal_note) == (target, officer, "Catatan dalam")
    assert event.public_note == MOVE_ARGUMENTS.get(target, {}).get("public_note", "")
    audit = AuditEvent.objects.get(action="complaint.transition")
    assert (audit.actor, audit.target_id) == (officer, str(complaint.pk))
    assert audit.data == {"from_stage": source, "to_stage": target}
    update = Message.objects.get(kind="complaint_update")
    assert update.recipient == complaint.reporter_email
    assert update.sensitive


@pytest.mark.parametrize("source", sorted(OPEN_STAGES))
def test_any_open_stage_can_be_merged_into_another_complaint(complaint, officer, source):
    parent = complaint_file().complaint
    complaint = at_stage(complaint, source)

    # The number as an officer might type it: lower case, spaces around.
    move(complaint, Stage.MERGED, officer, merged_into_number="  %s " % parent.number.lower())

    complaint.refresh_from_db()
    assert (complaint.stage, complaint.merged_into) == (Stage.MERGED, parent)
    assert complaint.events.filter(kind=EventKind.STAGE, to_stage=Stage.MERGED).count() == 1
    assert Message.objects.filter(kind="complaint_update").count() == 1


def test_an_anonymous_reporter_without_email_gets_no_message(office, officer):
    complaint = complaint_file(
        anonymous=True, reporter_name="", reporter_phone="", reporter_email="", reporter_address=""
    ).complaint
    move(complaint, Stage.ASSESSMENT, officer)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.ASSESSMENT
    assert not Message.objects.exists()


# --- Refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (Stage.RECEIVED, Stage.REGISTERED),
        (Stage.RECEIVED, Stage.CLOSED),
        (Stage.ASSESSMENT, Stage.RECEIVED),
        (Stage.DELIBERATION, Stage.CLOSED),
        (Stage.CLOSED, Stage.ASSESSMENT),
        (Stage.MERGED, Stage.CLOSED),
        (Stage.RECEIVED, "bogus"),
    ],
)
def test_a_move_not_in_the_table_is_refused(complaint, officer, source, target):
    fields = {"merged_into": complaint_file().complaint} if source == Stage.MERGED else {}
    complaint = at_stage(complaint, source, **fields)
    assert refused(complaint, target, officer) == "not_allowed"


def test_a_stale_expected_stage_is_refused(complaint, officer):
    move(complaint, Stage.ASSESSMENT, officer)
    complaint.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        move(complaint, Stage.ASSESSMENT, officer, expected=Stage.RECEIVED)
    assert caught.value.code == "stale"
    assert "Kajian Awal" in caught.value.messages[0]
    assert complaint.events.filter(to_stage=Stage.ASSESSMENT).count() == 1


@pytest.mark.parametrize(
    ("source", "target"),
    [(Stage.ASSESSMENT, Stage.NOT_REGISTERED), (Stage.DELIBERATION, Stage.STOPPED)],
)
@pytest.mark.parametrize("note", ["", "   \n "])
def test_a_reason_is_required_where_the_office_does_not_go_on(
    complaint, officer, source, target, note
):
    complaint = at_stage(complaint, source)
    assert refused(complaint, target, officer, public_note=note) == "reason_required"
    # An internal note is no reason for the reporter.
    assert (
        refused(complaint, target, officer, public_note=note, internal_note="alasan")
        == "reason_required"
    )


def test_forwarding_needs_a_target_and_the_other_agency_its_name(complaint, officer):
    complaint = at_stage(complaint, Stage.DELIBERATION)
    assert refused(complaint, Stage.FORWARDED, officer) == "forward_target"
    assert refused(complaint, Stage.FORWARDED, officer, forwarded_to="polisi") == "forward_target"
    assert (
        refused(complaint, Stage.FORWARDED, officer, forwarded_to=ForwardedTo.OTHER)
        == "forward_agency"
    )

    move(
        complaint,
        Stage.FORWARDED,
        officer,
        forwarded_to=ForwardedTo.OTHER,
        forwarded_agency=" Ombudsman RI ",
    )
    complaint.refresh_from_db()
    assert (complaint.forwarded_to, complaint.forwarded_agency) == ("other", "Ombudsman RI")


def test_merging_needs_another_complaint_that_is_not_merged_itself(complaint, officer):
    merged = complaint_file().complaint
    parent = complaint_file().complaint
    move(merged, Stage.MERGED, officer, merged_into_number=parent.number)

    assert refused(complaint, Stage.MERGED, officer) == "merge_target"
    assert refused(complaint, Stage.MERGED, officer, merged_into_number="ADU-0000") == (
        "merge_target"
    )
    assert (
        refused(complaint, Stage.MERGED, officer, merged_into_number=complaint.number)
        == "merge_target"
    )
    assert (
        refused(complaint, Stage.MERGED, officer, merged_into_number=merged.number) == "merge_chain"
    )


@pytest.mark.parametrize("source", sorted(FINAL_STAGES))
def test_a_final_complaint_cannot_be_merged(complaint, officer, source):
    parent = complaint_file().complaint
    fields = {"merged_into": complaint_file().complaint} if source == Stage.MERGED else {}
    complaint = at_stage(complaint, source, **fields)
    assert (
        refused(complaint, Stage.MERGED, officer, merged_into_number=parent.number) == "not_allowed"
    )


# --- Row locks and constraints (PostgreSQL) ----------------------------------------------------


def lock_waiters() -> int:
    """Backends of this database waiting for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_second_officer_waits_for_the_row_lock_then_finds_the_stage_moved(
    require_postgresql, office
):
    """Officer 1 moves the complaint and keeps the transaction open; officer 2, who also saw
    Diterima, must wait on the row lock and, once officer 1 commits, be refused as stale.

    Without select_for_update, officer 2 would read Diterima (officer 1's change is not
    committed yet), pass the check, and both moves would be recorded: the test fails."""
    complaint = complaint_file().complaint
    first = staff_create("petugas1", role=COMPLAINT_OFFICER)
    second = staff_create("petugas2", role=COMPLAINT_OFFICER)
    moved = threading.Event()
    release = threading.Event()
    outcomes: dict[str, str] = {}

    def first_officer() -> None:
        try:
            with transaction.atomic():
                move(complaint, Stage.ASSESSMENT, first, expected=Stage.RECEIVED)
                outcomes["first"] = "moved"
                moved.set()
                release.wait(10)
        finally:
            connection.close()

    def second_officer() -> None:
        try:
            move(complaint, Stage.ASSESSMENT, second, expected=Stage.RECEIVED)
            outcomes["second"] = "moved"
        except ValidationError as error:
            outcomes["second"] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=first_officer), threading.Thread(target=second_officer)]
    threads[0].start()
    try:
        assert moved.wait(10)
        threads[1].start()
        threads[1].join(0.5)
        # Officer 2 is stuck on the lock, not done.
        assert threads[1].is_alive()
        assert "second" not in outcomes
        assert lock_waiters() == 1
    finally:
        release.set()
        for thread in threads:
            thread.join(10)
    assert not any(thread.is_alive() for thread in threads)

    assert outcomes == {"first": "moved", "second": "stale"}
    complaint.refresh_from_db()
    assert complaint.stage == Stage.ASSESSMENT
    stage_events = ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.STAGE)
    assert list(stage_events.values_list("to_stage", "actor__username")) == [
        (Stage.RECEIVED, None),
        (Stage.ASSESSMENT, "petugas1"),
    ]
    assert AuditEvent.objects.filter(action="complaint.transition").count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_same_form_token_twice_at_once_makes_one_complaint(require_postgresql, office):
    election = election_create()
    # Everything the threads need is made here, so they race only on the complaint itself.
    template = complaint_file().complaint
    form_token = uuid.uuid4()

    def submit():
        return complaint_submit(
            form_token=form_token,
            election=election,
            anonymous=False,
            reporter_name="Warga Serentak",
            reporter_phone="+6281200011122",
            reporter_email="serentak@contoh.id",
            reporter_address="Jl. Kembar 2",
            category=template.category,
            title="Dua kali kirim",
            description="Tombol kirim ditekan dua kali.",
            occurred_on=template.occurred_on,
            known_on=template.known_on,
            location=template.location,
            consent=True,
            language="id",
        )

    receipts = run_at_once(submit, times=2)

    made = Complaint.objects.filter(form_token=form_token)
    assert made.count() == 1
    assert {receipt.complaint.pk for receipt in receipts} == {made.get().pk}
    assert sorted(receipt.secret is None for receipt in receipts) == [False, True]
    # One receipt e-mail, and no number lost to the refused twin.
    assert (
        Message.objects.filter(kind="complaint_receipt", recipient="serentak@contoh.id").count()
        == 1
    )
    assert made.get().sequence == template.sequence + 1
