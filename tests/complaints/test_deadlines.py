"""Legal deadlines: counted in the office's days (Asia/Jakarta, the default), across weekends
and listed holidays; kept on the complaint by every move, extended once, recomputed when the
rules change; shown and filtered in the admin."""

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.deadlines import (
    complaint_due_at,
    complaints_due_recompute,
    due_at_compute,
    due_date_compute,
)
from complaints.models import (
    Complaint,
    ComplaintEvent,
    DayUnit,
    DeadlineClock,
    EventKind,
    Stage,
    StageDeadline,
)
from complaints.services import complaint_deadline_extend, complaint_transition
from humas_portal.elections.models import Holiday
from humas_portal.models import AuditEvent
from humas_portal.notifications.models import Message
from tests.complaints.factories import change_url, complaint_file, election_create

JAKARTA = ZoneInfo("Asia/Jakarta")
UTC = ZoneInfo("UTC")
# Monday 4 May 2026, 10:00 WIB.
FILED = datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA)
# Friday 8 May 2026, 22:00 WIB, which is still Friday 15:00 in UTC.
REGISTERED = datetime(2026, 5, 8, 22, 0, tzinfo=JAKARTA)
# Ascension Day and the leave day after it, Idul Adha, Pancasila Day; and one on a Saturday,
# which must change nothing.
HOLIDAYS = [
    (date(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (date(2026, 5, 15), "Cuti bersama"),
    (date(2026, 5, 16), "Libur di hari Sabtu"),
    (date(2026, 5, 27), "Iduladha"),
    (date(2026, 6, 1), "Hari Lahir Pancasila"),
]
# 14 working days after Friday 8 May, skipping those: 11-13 May (3), 18-22 (8), 25-26 (10),
# 28-29 (12), 2 June (13), 3 June (14).
EXTENDED_DUE = datetime(2026, 6, 3, 23, 59, 59, 999999, tzinfo=JAKARTA)


def day_end(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, 999999, tzinfo=JAKARTA)


@pytest.fixture
def holidays(db):
    return Holiday.objects.bulk_create([Holiday(date=day, name=name) for day, name in HOLIDAYS])


def move(complaint: Complaint, to: str, actor, **extra) -> Complaint:
    return complaint_transition(
        complaint_id=complaint.pk, expected_stage=complaint.stage, to=to, actor=actor, **extra
    )


def filed_at(moment: datetime, **overrides) -> Complaint:
    with time_machine.travel(moment, tick=False):
        return complaint_file(**overrides).complaint


def registered(complaint: Complaint, actor, at: datetime = REGISTERED, to=Stage.REGISTERED):
    complaint = move(complaint, Stage.ASSESSMENT, actor)
    with time_machine.travel(at, tick=False):
        return move(complaint, to, actor)


# --- Counting days ---------------------------------------------------------------------------


def test_calendar_days_count_from_the_day_after_the_jakarta_date():
    due = due_at_compute(start=REGISTERED, days=7, unit=DayUnit.CALENDAR)

    assert due == day_end(2026, 5, 15)
    assert due.astimezone(UTC) == datetime(2026, 5, 15, 16, 59, 59, 999999, tzinfo=UTC)


def test_the_date_is_jakartas_not_utcs():
    # Saturday 01:00 WIB is Friday 18:00 UTC: the period starts from Saturday.
    saturday_night = datetime(2026, 5, 8, 18, 0, tzinfo=UTC)

    assert due_at_compute(start=saturday_night, days=7, unit=DayUnit.CALENDAR) == day_end(
        2026, 5, 16
    )
    assert due_at_compute(start=saturday_night, days=2, unit=DayUnit.CALENDAR) == day_end(
        2026, 5, 11
    )


def test_working_days_skip_weekends_and_listed_holidays(holidays, django_assert_num_queries):
    # One query for the holidays of the whole range.
    with django_assert_num_queries(1):
        due = due_at_compute(start=REGISTERED, days=14, unit=DayUnit.WORKING)

    assert due == EXTENDED_DUE


def test_working_days_without_holidays_skip_only_weekends(db):
    assert due_at_compute(start=REGISTERED, days=14, unit=DayUnit.WORKING) == day_end(2026, 5, 28)
    # From a Friday, the first working day is Monday; from a Saturday too.
    assert due_at_compute(start=REGISTERED, days=1, unit=DayUnit.WORKING) == day_end(2026, 5, 11)
    saturday = datetime(2026, 5, 9, 9, 0, tzinfo=JAKARTA)
    assert due_at_compute(start=saturday, days=1, unit=DayUnit.WORKING) == day_end(2026, 5, 11)


def test_calendar_days_do_not_read_or_skip_holidays(holidays, django_assert_num_queries):
    with django_assert_num_queries(0):
        due = due_at_compute(
            start=datetime(2026, 5, 13, 9, tzinfo=JAKARTA), days=2, unit=DayUnit.CALENDAR
        )

    # 15 May is a holiday, and still the last day of a calendar-day period.
    assert due == day_end(2026, 5, 15)


def test_pure_counting_with_a_given_set_of_holidays():
    friday = date(2026, 5, 8)
    given = {date(2026, 5, 11)}

    assert due_date_compute(start=friday, days=1, unit=DayUnit.WORKING, holidays=given) == date(
        2026, 5, 12
    )
    with pytest.raises(ValueError, match="at least one day"):
        due_date_compute(start=friday, days=0, unit=DayUnit.CALENDAR, holidays=given)
    with pytest.raises(ValueError, match="Unknown day unit"):
        due_date_compute(start=friday, days=3, unit="fortnight", holidays=given)


# --- A complaint's clocks --------------------------------------------------------------------


def test_assessment_runs_two_calendar_days_from_receipt(office, officer):
    complaint = filed_at(FILED)

    assert complaint.due_at == day_end(2026, 5, 6)
    assert complaint.handling_started_at is None
    complaint = move(complaint, Stage.ASSESSMENT, officer)
    assert complaint.due_at == day_end(2026, 5, 6)


@pytest.mark.parametrize("start_stage", [Stage.REGISTERED, Stage.FINDING])
def test_handling_runs_seven_calendar_days_from_registration(office, officer, start_stage):
    complaint = registered(filed_at(FILED), officer, to=start_stage)

    assert complaint.handling_started_at == REGISTERED
    assert complaint.due_at == day_end(2026, 5, 15)
    # Later moves keep the start of the clock.
    with time_machine.travel(datetime(2026, 5, 12, 9, tzinfo=JAKARTA), tick=False):
        complaint = move(complaint, Stage.CLARIFICATION, officer)
    assert complaint.handling_started_at == REGISTERED
    assert complaint.due_at == day_end(2026, 5, 15)
    complaint.refresh_from_db()
    assert complaint.due_at == day_end(2026, 5, 15)


def test_extension_once_counts_fourteen_working_days_from_registration(office, officer, holidays):
    complaint = registered(filed_at(FILED), officer)
    with time_machine.travel(datetime(2026, 5, 13, 9, tzinfo=JAKARTA), tick=False):
        complaint = move(complaint, Stage.CLARIFICATION, officer)
        complaint = complaint_deadline_extend(complaint_id=complaint.pk, actor=officer)

    complaint.refresh_from_db()
    assert complaint.deadline_extended
    assert complaint.due_at == EXTENDED_DUE
    event = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.EXTENDED)
    assert event.is_public
    assert event.actor == officer
    assert event.public_note == "Penanganan diperpanjang karena memerlukan keterangan tambahan."
    message = Message.objects.get(
        idempotency_key="complaints.complaint:%s:event:%s" % (complaint.pk, event.pk)
    )
    assert message.kind == "complaint_update"
    assert message.recipient == complaint.reporter_email
    assert AuditEvent.objects.filter(
        action="complaint.deadline_extended", target_id=str(complaint.pk), actor=officer
    ).exists()

    with pytest.raises(ValidationError) as refused:
        complaint_deadline_extend(complaint_id=complaint.pk, actor=officer, public_note="Lagi.")
    assert refused.value.code == "already_extended"
    assert ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.EXTENDED).count() == 1

    # The extended clock keeps running through the next handling stage.
    complaint = move(complaint, Stage.DELIBERATION, officer)
    assert complaint.due_at == EXTENDED_DUE
    complaint = move(complaint, Stage.FORWARDED, officer, forwarded_to="kpu")
    assert complaint.due_at is None


def test_extension_keeps_the_officers_note(office, officer):
    complaint = registered(filed_at(FILED), officer)

    complaint_deadline_extend(
        complaint_id=complaint.pk, actor=officer, public_note="  Menunggu keterangan saksi.  "
    )

    event = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.EXTENDED)
    assert event.public_note == "Menunggu keterangan saksi."


@pytest.mark.parametrize("stage", [Stage.RECEIVED, Stage.ASSESSMENT, Stage.STOPPED])
def test_extension_only_while_the_handling_clock_runs(office, officer, stage):
    complaint = filed_at(FILED)
    Complaint.objects.filter(pk=complaint.pk).update(stage=stage)

    with pytest.raises(ValidationError) as refused:
        complaint_deadline_extend(complaint_id=complaint.pk, actor=officer)

    assert refused.value.code == "not_handling"
    complaint.refresh_from_db()
    assert not complaint.deadline_extended
    assert not ComplaintEvent.objects.filter(kind=EventKind.EXTENDED).exists()


CLOCKS = {
    Stage.RECEIVED: day_end(2026, 5, 6),
    Stage.ASSESSMENT: day_end(2026, 5, 6),
    Stage.REGISTERED: day_end(2026, 5, 15),
    Stage.FINDING: day_end(2026, 5, 15),
    Stage.CLARIFICATION: day_end(2026, 5, 15),
    Stage.DELIBERATION: day_end(2026, 5, 15),
}


@pytest.mark.parametrize("stage", Stage.values)
def test_each_stage_has_its_clock_or_none(office, stage):
    complaint = filed_at(FILED)
    complaint.stage = stage
    complaint.handling_started_at = REGISTERED

    assert complaint_due_at(complaint) == CLOCKS.get(stage)


def test_stages_without_a_clock_clear_the_due_date(office, officer):
    refused = move(filed_at(FILED), Stage.ASSESSMENT, officer)
    refused = move(refused, Stage.NOT_REGISTERED, officer, public_note="Bukan pelanggaran.")
    parent = filed_at(FILED)
    duplicate = move(filed_at(FILED), Stage.MERGED, officer, merged_into_number=parent.number)

    assert refused.due_at is None
    assert duplicate.due_at is None
    assert parent.due_at is not None


def test_each_election_type_has_its_own_deadlines(office):
    StageDeadline.objects.filter(election_kind="pemilu", clock=DeadlineClock.ASSESSMENT).update(
        days=3, unit=DayUnit.WORKING
    )
    pemilu = filed_at(FILED, election=election_create("Pemilu 2029", kind="pemilu"))
    pilkada = filed_at(FILED)

    assert pemilu.due_at == day_end(2026, 5, 7)
    assert pilkada.due_at == day_end(2026, 5, 6)


def test_a_missing_deadline_row_means_no_due_date_and_a_warning(office, caplog):
    StageDeadline.objects.filter(election_kind="pilkada", clock=DeadlineClock.ASSESSMENT).delete()

    with caplog.at_level(logging.WARNING, logger="complaints.deadlines"):
        complaint = filed_at(FILED)

    assert complaint.due_at is None
    assert "no StageDeadline for pilkada/assessment" in caplog.text


def test_a_complaint_registered_before_the_deadlines_counts_from_its_event(office, officer):
    complaint = registered(filed_at(FILED), officer)
    Complaint.objects.filter(pk=complaint.pk).update(handling_started_at=None, due_at=None)
    ComplaintEvent.objects.filter(complaint=complaint, to_stage=Stage.REGISTERED).update(
        created_at=REGISTERED
    )
    complaint.refresh_from_db()

    assert complaint_due_at(complaint) == day_end(2026, 5, 15)


# --- Rules edited later ----------------------------------------------------------------------


def test_recompute_follows_an_edited_deadline_for_open_complaints_only(office, officer):
    handled = registered(filed_at(FILED), officer)
    fresh = filed_at(FILED)
    other_kind = filed_at(FILED, election=election_create("Pemilu 2029", kind="pemilu"))
    closed = move(registered(filed_at(FILED), officer), Stage.CLARIFICATION, officer)
    closed = move(closed, Stage.DELIBERATION, officer)
    closed = move(closed, Stage.STOPPED, officer, public_note="Tidak cukup bukti.")
    StageDeadline.objects.filter(election_kind="pilkada").update(days=4)

    assert complaints_due_recompute(election_kind="pilkada") == 2

    def due(complaint):
        complaint.refresh_from_db()
        return complaint.due_at

    assert due(handled) == day_end(2026, 5, 12)
    assert due(fresh) == day_end(2026, 5, 8)
    assert due(other_kind) == day_end(2026, 5, 6)
    assert due(closed) is None
    # Nothing left to move.
    assert complaints_due_recompute() == 0


def test_recompute_reads_rules_once_however_many_complaints(office, officer, holidays):
    def extended_complaints(count: int) -> None:
        for _ in range(count):
            complaint = registered(filed_at(FILED), officer)
            complaint_deadline_extend(complaint_id=complaint.pk, actor=officer)
        Complaint.objects.update(due_at=None)

    def recompute_queries(expected_moved: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert complaints_due_recompute() == expected_moved
        return len(queries)

    extended_complaints(1)
    one = recompute_queries(1)
    extended_complaints(4)
    five = recompute_queries(5)

    # Rows (locked), deadlines, holidays, one bulk update (and the savepoint around them).
    assert one == five <= 6
    assert set(Complaint.objects.values_list("due_at", flat=True)) == {EXTENDED_DUE}


def changelist_post(rows: list[StageDeadline], changes: dict[int, tuple[int, str]]) -> dict:
    """The deadline list's edit form as the browser posts it, with ``changes`` by row id."""
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Simpan",
    }
    for index, row in enumerate(rows):
        days, unit = changes.get(row.pk, (row.days, row.unit))
        data["form-%d-id" % index] = str(row.pk)
        data["form-%d-days" % index] = str(days)
        data["form-%d-unit" % index] = unit
    return data


def test_editing_a_deadline_in_the_admin_moves_open_complaints(
    client, office, officer, coordinator, django_capture_on_commit_callbacks
):
    complaint = registered(filed_at(FILED), officer)
    rows = list(StageDeadline.objects.all())
    handling = StageDeadline.objects.get(election_kind="pilkada", clock=DeadlineClock.HANDLING)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("admin:complaints_stagedeadline_changelist"),
            changelist_post(rows, {handling.pk: (3, DayUnit.WORKING)}),
        )

    assert response.status_code == 302
    assert len(callbacks) == 1
    handling.refresh_from_db()
    assert (handling.days, handling.unit) == (3, DayUnit.WORKING)
    complaint.refresh_from_db()
    # Three working days after Friday 8 May: Wednesday 13 May.
    assert complaint.due_at == day_end(2026, 5, 13)


def test_a_holiday_added_or_removed_in_the_admin_moves_working_day_deadlines(
    client, office, officer, coordinator, django_capture_on_commit_callbacks
):
    complaint = registered(filed_at(FILED), officer)
    complaint = complaint_deadline_extend(complaint_id=complaint.pk, actor=officer)
    assert complaint.due_at == day_end(2026, 5, 28)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:elections_holiday_add"),
            {"date": "2026-05-14", "name": "Kenaikan Yesus Kristus"},
        )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.due_at == day_end(2026, 5, 29)

    holiday = Holiday.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:elections_holiday_delete", args=[holiday.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.due_at == day_end(2026, 5, 28)


def test_deadline_rows_are_edited_never_added_or_deleted(client, coordinator, officer):
    row = StageDeadline.objects.first()
    client.force_login(coordinator)
    assert client.get(reverse("admin:complaints_stagedeadline_add")).status_code == 403
    delete_url = reverse("admin:complaints_stagedeadline_delete", args=[row.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert StageDeadline.objects.count() == 6
    assert client.get(reverse("admin:elections_holiday_add")).status_code == 200

    # The officer reads the rules and the calendar, and changes neither.
    client.force_login(officer)
    listing = client.get(reverse("admin:complaints_stagedeadline_changelist"))
    assert listing.status_code == 200
    assert "form-0-days" not in listing.text
    assert client.get(reverse("admin:elections_holiday_changelist")).status_code == 200
    assert client.get(reverse("admin:elections_holiday_add")).status_code == 403
    change = client.post(
        reverse("admin:complaints_stagedeadline_change", args=[row.pk]),
        {"days": "30", "unit": "calendar"},
    )
    assert change.status_code == 403
    row.refresh_from_db()
    assert row.days != 30


# --- The admin list and detail ---------------------------------------------------------------

# Friday 8 May 2026, 09:00 WIB: when the officer looks at the list.
LOOKING = datetime(2026, 5, 8, 9, 0, tzinfo=JAKARTA)


@pytest.fixture
def queue(office, officer):
    """One complaint overdue, one due soon, one due later, one without a deadline."""
    overdue = filed_at(FILED)  # due 6 May
    soon = filed_at(datetime(2026, 5, 7, 16, 0, tzinfo=JAKARTA))  # due 9 May
    later = registered(filed_at(FILED), officer, at=datetime(2026, 5, 8, 8, tzinfo=JAKARTA))
    none = move(filed_at(FILED), Stage.ASSESSMENT, officer)
    none = move(none, Stage.NOT_REGISTERED, officer, public_note="Bukan pelanggaran.")
    return {"overdue": overdue, "soon": soon, "later": later, "none": none}


def listed(client, **query) -> set[Complaint]:
    response = client.get(reverse("admin:complaints_complaint_changelist"), query)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_the_due_filter_lists_exactly_the_overdue_the_soon_and_the_undated(client, officer, queue):
    with time_machine.travel(LOOKING, tick=False):
        client.force_login(officer)
        assert listed(client, batas_waktu="terlambat") == {queue["overdue"]}
        assert listed(client, batas_waktu="segera") == {queue["soon"]}
        assert listed(client, batas_waktu="tanpa") == {queue["none"]}
        assert listed(client) == set(queue.values())
    # Two days later the one due soon is overdue too.
    with time_machine.travel(datetime(2026, 5, 10, 9, tzinfo=JAKARTA), tick=False):
        client.force_login(officer)
        assert listed(client, batas_waktu="terlambat") == {queue["overdue"], queue["soon"]}


def test_the_list_highlights_overdue_complaints_with_a_class(client, officer, queue):
    with time_machine.travel(LOOKING, tick=False):
        client.force_login(officer)
        page = client.get(reverse("admin:complaints_complaint_changelist")).text

    assert page.count("complaint-due--overdue") == 1
    assert "6 Mei 2026 · terlambat 2 hari" in page
    assert page.count("complaint-due--soon") == 1
    assert "15 Mei 2026" in page
    assert "/static/complaints/admin.css" in page
    # The admin's CSP forbids style attributes: the highlight is a class.
    assert "style=" not in page


def test_the_detail_shows_the_due_date_and_how_late(client, officer, queue):
    with time_machine.travel(LOOKING, tick=False):
        client.force_login(officer)
        overdue = client.get(change_url(queue["overdue"]))
        undated = client.get(change_url(queue["none"]))

    assert "6 Mei 2026" in overdue.text
    assert "terlambat 2 hari" in overdue.text
    assert "complaint-due--overdue" in overdue.text
    assert "Tidak ada: tahap ini tanpa batas waktu." in undated.text
