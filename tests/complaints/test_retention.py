"""Retention: once the period after Selesai is over, no identity, contact or evidence of the
complaint remains (database and storage) unless it is held; the statistics do not move; the
period is counted in calendar months, Jakarta time."""

import logging
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import connection, models
from django.db.models import Count
from django.db.models.functions import TruncMonth

from complaints import retention
from complaints.models import (
    Category,
    Complaint,
    ComplaintEvent,
    EventKind,
    Evidence,
    Stage,
    Witness,
)
from complaints.retention import (
    complaint_legal_hold_set,
    complaint_shred,
    complaints_retention_run,
    months_add,
    retention_ends_on,
)
from complaints.services import (
    complaint_assign,
    complaint_info_add,
    complaint_note_add,
    complaint_reply,
    evidence_add,
)
from humas_portal.models import AuditEvent
from humas_portal.notifications.models import Message
from humas_portal.roles import COMPLAINT_COORDINATOR, COMPLAINT_OFFICER
from humas_portal.siteprofile.models import Region
from tests.complaints.factories import (
    IDENTITY,
    WITNESS,
    complaint_file,
    complaint_move,
    identity_values,
    png_upload,
)
from tests.conftest import run_at_once
from tests.factories import staff_create

JAKARTA = ZoneInfo("Asia/Jakarta")
FILED = datetime(2024, 8, 20, 9, 0, tzinfo=JAKARTA)
CLOSED = datetime(2024, 8, 31, 16, 0, tzinfo=JAKARTA)
# 24 months after 31 August 2024 (the default period).
DUE_DAY = datetime(2026, 8, 31, 0, 0, tzinfo=JAKARTA)
TO_CLOSED = [Stage.ASSESSMENT, Stage.NOT_REGISTERED, Stage.CLOSED]
TO_FORWARDED = [
    Stage.ASSESSMENT,
    Stage.REGISTERED,
    Stage.CLARIFICATION,
    Stage.DELIBERATION,
    Stage.FORWARDED,
]


@pytest.fixture(autouse=True)
def _period(settings):
    settings.COMPLAINT_RETENTION_MONTHS = 24


@pytest.fixture
def officer(office):
    return staff_create("petugas-retensi", role=COMPLAINT_OFFICER)


def closed_complaint(actor, *, filed=FILED, closed=CLOSED, evidence: int = 0, **fields):
    """A complaint filed at ``filed`` and moved to Selesai at ``closed``."""
    with time_machine.travel(filed, tick=False):
        complaint = complaint_file(**fields).complaint
        for index in range(evidence):
            evidence_add(complaint_id=complaint.pk, upload=png_upload(colour=(index * 40, 30, 30)))
    with time_machine.travel(closed, tick=False):
        return complaint_move(complaint, *TO_CLOSED, actor=actor)


def run_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return complaints_retention_run()


def stored_files(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


def text_columns(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField, models.FileField, models.JSONField)
    return [field.attname for field in model._meta.concrete_fields if isinstance(field, kinds)]


def identity_found(values: list[str]) -> list[str]:
    """Every (table, column, value) of the whole database tables a complaint lives in where an
    identity value still appears, case-insensitively."""
    found = []
    for model in (Complaint, Witness, ComplaintEvent, Evidence, Message, AuditEvent):
        columns = text_columns(model)
        for row in model.objects.values_list(*columns):
            for column, cell in zip(columns, row, strict=True):
                text = str(cell).lower()
                found += [
                    "%s.%s: %s" % (model.__name__, column, value)
                    for value in values
                    if value.lower() in text
                ]
    return found


def statistics_counts() -> dict:
    """What the public statistics count (one-way: category, stage, month, kecamatan)."""

    def counted(*expressions, **annotations):
        rows = Complaint.objects.annotate(**annotations).values(*expressions)
        return sorted(
            (tuple(str(row[key]) for key in expressions), row["n"])
            for row in rows.annotate(n=Count("pk")).order_by()
        )

    return {
        "category": counted("category"),
        "stage": counted("stage"),
        "month": counted("month", month=TruncMonth("created_at")),
        "kecamatan": counted("location__parent_id"),
        "total": Complaint.objects.count(),
    }


# --- The month arithmetic --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 8, 31), 24, date(2026, 8, 31)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2024, 11, 30), 14, date(2026, 1, 30)),
        (date(2025, 1, 31), -1, date(2024, 12, 31)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2026, 8, 31), -24, date(2024, 8, 31)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_month_end(day, months, expected):
    assert months_add(day, months) == expected


@pytest.mark.parametrize("months", [1, 6, 12, 13, 24])
def test_the_query_bound_selects_exactly_the_complaints_whose_period_is_over(settings, months):
    """For every finishing day over four years and every day it could be checked on, the bound
    the query uses agrees with the rule checked under the lock (a loose bound would only cost
    a look-up; a strict one would leave due complaints unshredded: both fail here)."""
    settings.COMPLAINT_RETENTION_MONTHS = months
    start = date(2023, 1, 1)
    days = [start + timedelta(days=offset) for offset in range(4 * 366)]
    checked = [*days[366 * 2 :: 7], date(2026, 2, 28), date(2028, 2, 29), date(2026, 4, 30)]
    for today in checked:
        bound = retention._finished_before(today)
        for finished in days:
            moment = datetime(finished.year, finished.month, finished.day, 23, 59, tzinfo=JAKARTA)
            assert (moment < bound) == (retention_ends_on(moment) <= today), (today, finished)


def test_closed_on_31_august_is_shredded_on_31_august_24_months_later_in_jakarta(officer):
    # 01:00 in Jakarta is still 30 August in UTC: a period counted in UTC dates ends a day early.
    complaint = closed_complaint(officer, closed=datetime(2024, 8, 31, 1, 0, tzinfo=JAKARTA))
    assert retention_ends_on(complaint.stage_changed_at) == date(2026, 8, 31)

    assert run_at(datetime(2026, 8, 30, 23, 59, tzinfo=JAKARTA)) == 0
    assert run_at(datetime(2026, 8, 31, 0, 1, tzinfo=JAKARTA)) == 1


def test_a_shorter_month_ends_the_period_on_its_last_day(settings, officer):
    settings.COMPLAINT_RETENTION_MONTHS = 6
    complaint = closed_complaint(officer)  # 31 August 2024, 16:00

    assert run_at(datetime(2025, 2, 27, 23, 59, tzinfo=JAKARTA)) == 0
    complaint.refresh_from_db()
    assert complaint.shredded_at is None
    assert run_at(datetime(2025, 2, 28, 2, 30, tzinfo=JAKARTA)) == 1


# --- What goes and what stays ----------------------------------------------------------------


@pytest.fixture
def full_complaint(officer, evidence_root):
    """A named reporter, a witness, two evidence files, and the reporter's identity repeated
    in every free text a person could type it into."""
    name, witness = IDENTITY["reporter_name"], WITNESS[0]
    with time_machine.travel(FILED, tick=False):
        complaint = complaint_file(
            **IDENTITY,
            witnesses=[WITNESS],
            title="Amplop dari %s" % witness,
            description="Saya, %s (%s), melihat sendiri." % (name, IDENTITY["reporter_phone"]),
            location_detail="Depan rumah %s" % witness,
            reported_party="Tim sukses, disaksikan %s" % witness,
        ).complaint
        evidence_add(complaint_id=complaint.pk, upload=png_upload("a.png"))
        evidence_add(complaint_id=complaint.pk, upload=png_upload("b.png", colour=(0, 90, 200)))
        complaint_info_add(complaint_id=complaint.pk, text="Hubungi saya di %s" % WITNESS[1])
        complaint_reply(
            complaint_id=complaint.pk, actor=officer, public_note="Terima kasih, %s." % name
        )
        complaint_note_add(
            complaint_id=complaint.pk,
            actor=officer,
            internal_note="Sudah menelepon %s di %s" % (name, IDENTITY["reporter_phone"]),
        )
        complaint_assign(complaint_id=complaint.pk, officer=officer, actor=officer)
    with time_machine.travel(CLOSED, tick=False):
        return complaint_move(complaint, *TO_CLOSED, actor=officer)


def test_after_the_period_no_identity_contact_or_evidence_remains(full_complaint, evidence_root):
    complaint = full_complaint
    values = [*identity_values(), IDENTITY["reporter_phone"].replace("+62", "0")]
    # The test would find them: every value is somewhere now, and the files are stored.
    assert set(identity_values()) <= {found.rsplit(": ", 1)[1] for found in identity_found(values)}
    assert Message.objects.filter(recipient=IDENTITY["reporter_email"]).exists()
    assert len(stored_files(evidence_root)) == 2
    number, category, location = complaint.number, complaint.category, complaint.location_id

    assert run_at(DUE_DAY + timedelta(hours=2, minutes=30)) == 1

    assert identity_found(values) == []
    assert stored_files(evidence_root) == []
    assert not Evidence.objects.filter(complaint=complaint).exists()
    assert not Witness.objects.filter(complaint=complaint).exists()
    complaint.refresh_from_db()
    assert complaint.shredded_at == DUE_DAY + timedelta(hours=2, minutes=30)
    assert (complaint.number, complaint.category, complaint.location_id) == (
        number,
        category,
        location,
    )
    assert complaint.stage == Stage.CLOSED
    assert complaint.stage_changed_at == CLOSED
    # The admin form still validates a shredded complaint (title and description are required).
    complaint.full_clean()


def test_the_event_log_keeps_only_the_facts(full_complaint, officer):
    complaint = full_complaint
    facts_before = list(
        complaint.events.values_list("kind", "from_stage", "to_stage", "actor_id", "created_at")
    )

    run_at(DUE_DAY)

    events = list(complaint.events.all())
    facts_after = [
        (event.kind, event.from_stage, event.to_stage, event.actor_id, event.created_at)
        for event in events
    ]
    assert facts_after[:-1] == facts_before
    shredded = events[-1]
    assert (shredded.kind, shredded.actor_id, shredded.public_note) == (
        EventKind.SHREDDED,
        None,
        "",
    )
    assert "1 saksi, 2 berkas bukti" in shredded.internal_note
    kept_notes = [(event.kind, event.public_note, event.internal_note) for event in events[:-1]]
    # Only the assignment keeps its text: the assigned officer's username, not free text.
    assert [note for note in kept_notes if note[1] or note[2]] == [
        (EventKind.ASSIGNED, "", officer.get_username())
    ]


def test_each_shredding_writes_one_audit_row_and_logs_only_the_number(
    full_complaint, officer, caplog
):
    other = closed_complaint(officer, evidence=1, witnesses=[])
    caplog.set_level(logging.INFO, logger="complaints.retention")

    assert run_at(DUE_DAY) == 2

    rows = AuditEvent.objects.filter(action="complaint.shredded").order_by("target_id")
    assert [(row.target_id, row.actor_id, row.data) for row in rows] == [
        (str(full_complaint.pk), None, {"evidence_files": 2, "witnesses": 1}),
        (str(other.pk), None, {"evidence_files": 1, "witnesses": 0}),
    ]
    lines = [record.getMessage() for record in caplog.records]
    assert "complaint %s shredded" % full_complaint.number in lines
    assert "complaint %s shredded" % other.number in lines
    assert not any(value in line for line in lines for value in identity_values())


def test_the_statistics_are_unchanged(officer):
    villages = ["35.09.01.2001", "35.09.01.2002", "35.09.24.1001"]
    for index, category in enumerate([Category.MONEY_POLITICS, Category.NEUTRALITY] * 3):
        closed_complaint(
            officer,
            filed=FILED + timedelta(days=index * 9),
            closed=CLOSED + timedelta(days=index * 9),
            category=category,
            location=Region.objects.get(code=villages[index % 3]),
        )
    with time_machine.travel(FILED, tick=False):
        open_one = complaint_file(location=Region.objects.get(code=villages[2])).complaint
        duplicate = complaint_file(category=Category.HOAX_HATE).complaint
    with time_machine.travel(CLOSED, tick=False):
        complaint_move(open_one, Stage.ASSESSMENT, actor=officer)
        parent = Complaint.objects.filter(stage=Stage.CLOSED).first()
        complaint_move(duplicate, Stage.MERGED, actor=officer, merged_into_number=parent.number)
    before = statistics_counts()

    # Six closed, one merged into a closed one; the open one stays.
    assert run_at(datetime(2027, 3, 1, tzinfo=JAKARTA)) == 7

    assert Complaint.objects.filter(shredded_at__isnull=False).count() == 7
    assert statistics_counts() == before


# --- What is left alone ----------------------------------------------------------------------


def test_before_the_period_nothing_is_shredded(full_complaint, evidence_root):
    assert run_at(DUE_DAY - timedelta(minutes=1)) == 0

    full_complaint.refresh_from_db()
    assert full_complaint.shredded_at is None
    assert full_complaint.reporter_name == IDENTITY["reporter_name"]
    assert full_complaint.witnesses.count() == 1
    assert len(stored_files(evidence_root)) == 2
    assert not AuditEvent.objects.filter(action="complaint.shredded").exists()


def test_a_complaint_in_another_stage_is_untouched(officer, evidence_root):
    with time_machine.travel(FILED, tick=False):
        received = complaint_file(**IDENTITY, witnesses=[WITNESS]).complaint
        evidence_add(complaint_id=received.pk, upload=png_upload())
        forwarded = complaint_file().complaint
        stopped = complaint_file().complaint
        complaint_move(forwarded, *TO_FORWARDED, actor=officer)
        complaint_move(stopped, *TO_FORWARDED[:-1], Stage.STOPPED, actor=officer)

    assert run_at(datetime(2030, 1, 1, tzinfo=JAKARTA)) == 0

    assert not Complaint.objects.filter(shredded_at__isnull=False).exists()
    received.refresh_from_db()
    assert received.reporter_email == IDENTITY["reporter_email"]
    assert len(stored_files(evidence_root)) == 1


def test_legal_hold_stops_shredding_until_released(full_complaint, evidence_root):
    coordinator = staff_create("koordinator-retensi", role=COMPLAINT_COORDINATOR)
    complaint_legal_hold_set(complaint_id=full_complaint.pk, hold=True, actor=coordinator)

    assert run_at(DUE_DAY + timedelta(days=400)) == 0
    full_complaint.refresh_from_db()
    assert full_complaint.legal_hold is True
    assert full_complaint.reporter_name == IDENTITY["reporter_name"]
    assert len(stored_files(evidence_root)) == 2
    with time_machine.travel(DUE_DAY + timedelta(days=400), tick=False):
        assert complaint_shred(complaint_id=full_complaint.pk) is False

    complaint_legal_hold_set(complaint_id=full_complaint.pk, hold=False, actor=coordinator)
    assert run_at(DUE_DAY + timedelta(days=401)) == 1
    assert stored_files(evidence_root) == []
    actions = (
        AuditEvent.objects.filter(target_id=str(full_complaint.pk))
        .order_by("pk")
        .values_list("action", "actor_id")
    )
    assert [row for row in actions if "legal_hold" in row[0] or "shredded" in row[0]] == [
        ("complaint.legal_hold_set", coordinator.pk),
        ("complaint.legal_hold_released", coordinator.pk),
        ("complaint.shredded", None),
    ]


def test_legal_hold_is_recorded_once_and_refused_on_a_shredded_complaint(full_complaint):
    coordinator = staff_create("koordinator-retensi", role=COMPLAINT_COORDINATOR)
    for _click in range(2):
        complaint_legal_hold_set(complaint_id=full_complaint.pk, hold=True, actor=coordinator)

    notes = full_complaint.events.filter(kind=EventKind.NOTE, actor=coordinator)
    assert [event.internal_note for event in notes] == [
        "Ditahan dari pemusnahan: identitas dan bukti disimpan melewati masa simpan."
    ]
    assert AuditEvent.objects.filter(action="complaint.legal_hold_set").count() == 1
    assert not notes[0].is_public

    complaint_legal_hold_set(complaint_id=full_complaint.pk, hold=False, actor=coordinator)
    run_at(DUE_DAY)
    with pytest.raises(ValidationError) as error:
        complaint_legal_hold_set(complaint_id=full_complaint.pk, hold=True, actor=coordinator)
    assert error.value.code == "shredded"


def test_a_second_run_does_nothing_and_logs_nothing(full_complaint, caplog):
    assert run_at(DUE_DAY) == 1
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="complaints")
    events = ComplaintEvent.objects.count()

    assert run_at(DUE_DAY + timedelta(days=1)) == 0

    assert caplog.records == []
    assert ComplaintEvent.objects.count() == events
    assert AuditEvent.objects.filter(action="complaint.shredded").count() == 1


# --- Merged duplicates -----------------------------------------------------------------------


def test_a_duplicate_is_shredded_only_with_the_case_it_joined(officer, coordinator, evidence_root):
    with time_machine.travel(FILED, tick=False):
        parent = complaint_file().complaint
        duplicate = complaint_file(**IDENTITY, witnesses=[WITNESS]).complaint
        evidence_add(complaint_id=duplicate.pk, upload=png_upload())
        complaint_move(duplicate, Stage.MERGED, actor=officer, merged_into_number=parent.number)
    parent_closed = datetime(2025, 3, 10, 10, 0, tzinfo=JAKARTA)
    with time_machine.travel(parent_closed, tick=False):
        complaint_move(parent, *TO_CLOSED, actor=officer)

    # The duplicate's own period is over, the case's is not.
    assert run_at(datetime(2027, 3, 9, 23, 0, tzinfo=JAKARTA)) == 0
    duplicate.refresh_from_db()
    assert duplicate.reporter_name == IDENTITY["reporter_name"]

    # A hold on the case holds its duplicates too.
    complaint_legal_hold_set(complaint_id=parent.pk, hold=True, actor=coordinator)
    assert run_at(datetime(2027, 3, 10, 3, 0, tzinfo=JAKARTA)) == 0
    complaint_legal_hold_set(complaint_id=parent.pk, hold=False, actor=coordinator)

    assert run_at(datetime(2027, 3, 11, 3, 0, tzinfo=JAKARTA)) == 2
    duplicate.refresh_from_db()
    assert (duplicate.stage, duplicate.merged_into_id) == (Stage.MERGED, parent.pk)
    assert identity_found(identity_values()) == []
    assert stored_files(evidence_root) == []


def test_a_duplicate_of_an_open_case_is_kept(officer):
    with time_machine.travel(FILED, tick=False):
        parent = complaint_file().complaint
        duplicate = complaint_file(**IDENTITY).complaint
        complaint_move(duplicate, Stage.MERGED, actor=officer, merged_into_number=parent.number)
        complaint_move(parent, *TO_FORWARDED, actor=officer)

    assert run_at(datetime(2030, 1, 1, tzinfo=JAKARTA)) == 0
    # Asked directly, the check under the lock refuses too.
    with time_machine.travel(datetime(2030, 1, 1, tzinfo=JAKARTA), tick=False):
        assert complaint_shred(complaint_id=duplicate.pk) is False
    duplicate.refresh_from_db()
    assert duplicate.reporter_email == IDENTITY["reporter_email"]


# --- Failures --------------------------------------------------------------------------------


def test_a_file_that_cannot_be_deleted_leaves_its_complaint_for_the_next_run(
    full_complaint, officer, evidence_root, monkeypatch, caplog
):
    other = closed_complaint(officer, evidence=1)
    stuck = Evidence.objects.filter(complaint=full_complaint).first()
    delete = FileSystemStorage.delete

    def failing_delete(storage, name):
        if name == stuck.file.name:
            raise PermissionError("read-only")
        delete(storage, name)

    monkeypatch.setattr(FileSystemStorage, "delete", failing_delete)
    caplog.set_level(logging.INFO, logger="complaints.retention")

    assert run_at(DUE_DAY) == 1

    # The other complaint is done; this one is exactly as it was, its other file aside.
    assert Complaint.objects.get(pk=other.pk).shredded_at is not None
    full_complaint.refresh_from_db()
    assert full_complaint.shredded_at is None
    assert full_complaint.reporter_name == IDENTITY["reporter_name"]
    assert full_complaint.evidence.count() == 2
    assert full_complaint.witnesses.count() == 1
    assert [path.name for path in stored_files(evidence_root)] == [Path(stuck.file.name).name]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(str(stuck.public_id) in line for line in errors)

    monkeypatch.undo()
    assert run_at(DUE_DAY + timedelta(days=1)) == 1
    assert stored_files(evidence_root) == []
    assert identity_found(identity_values()) == []


# --- Two runs at once (PostgreSQL row locks) -------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_shred_once(require_postgresql, office, evidence_root):
    officer = staff_create("petugas-retensi", role=COMPLAINT_OFFICER)
    complaint = closed_complaint(officer, evidence=1, **IDENTITY)

    with time_machine.travel(DUE_DAY, tick=False):
        results = run_at_once(lambda: complaint_shred(complaint_id=complaint.pk), times=2)

    assert sorted(results) == [False, True]
    assert AuditEvent.objects.filter(action="complaint.shredded").count() == 1
    assert ComplaintEvent.objects.filter(kind=EventKind.SHREDDED).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_hold_set_while_the_run_waits_wins(require_postgresql, office, evidence_root):
    """The coordinator's hold commits while the run is waiting for the row: the run must see it
    under the lock and shred nothing (without the re-check it would shred the held complaint)."""
    officer = staff_create("petugas-retensi", role=COMPLAINT_OFFICER)
    holder = staff_create("koordinator-retensi", role=COMPLAINT_COORDINATOR)
    complaint = closed_complaint(officer, evidence=1, **IDENTITY)
    held, release = threading.Event(), threading.Event()
    outcome: dict[str, bool] = {}

    def coordinator() -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                complaint_legal_hold_set(complaint_id=complaint.pk, hold=True, actor=holder)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    def beat() -> None:
        try:
            with time_machine.travel(DUE_DAY, tick=False):
                outcome["run"] = complaints_retention_run()
        finally:
            connection.close()

    threads = [threading.Thread(target=coordinator), threading.Thread(target=beat)]
    threads[0].start()
    try:
        assert held.wait(10)
        threads[1].start()
        threads[1].join(0.5)
        assert threads[1].is_alive()
    finally:
        release.set()
        for thread in threads:
            thread.join(10)

    assert outcome == {"run": 0}
    complaint.refresh_from_db()
    assert (complaint.legal_hold, complaint.shredded_at) == (True, None)
    assert complaint.reporter_name == IDENTITY["reporter_name"]
