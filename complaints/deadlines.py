"""Legal deadlines of the complaint desk: when a complaint is due, in the office's time zone.

How days are counted (the reading this module implements; the day arithmetic itself, in the
office's time zone and with its holiday calendar, is humas_portal.elections.dates):

- "N days from X" ends at the end of the Nth day *after* X's date in the office's time zone: the
  day of X itself is not counted, however late in the day X happened, and the last day counts in
  full (until 23:59:59.999999 local time). In WIB, registered on Friday 22:00 (15:00 UTC), 7
  calendar days run out at the end of the next Friday. The date is the office's, never UTC's: a
  complaint filed on Saturday 01:00 WIB (Friday 18:00 UTC) counts from Saturday.
- Calendar days count every day. A deadline that ends on a weekend or holiday is not moved: the
  regulations give the kajian awal and the 7 handling days as plain days.
- Working days skip Saturdays, Sundays and every ``Holiday`` date: the deadline is the end of the
  Nth working day after X's date. A holiday on a weekend changes nothing.
- The clocks (``StageDeadline``, per election type): Diterima and Kajian Awal run on the
  "assessment" clock from receipt (``created_at``); Diregistrasi, Dijadikan Temuan, Klarifikasi
  and Kajian dan Pleno on the "handling" clock from registration or finding
  (``handling_started_at``). An extension (once, when more information is needed) replaces the
  handling clock by the "extension" clock, *still counted from registration*: UU 7/2017 Pasal
  454 gives "7 days after registration, or 14 working days when more information is needed",
  one period with two lengths, not a second period added to the first. Every other stage has no
  clock and no due date.

``Complaint.due_at`` stores the result; the services recompute it on every move, and
``complaints_due_recompute`` follows edits of the deadlines and (through
``humas_portal.elections.hooks``) of the holiday calendar.
"""

import logging
from collections.abc import Container
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet

from complaints.models import (
    Complaint,
    ComplaintEvent,
    DayUnit,
    DeadlineClock,
    EventKind,
    Stage,
    StageDeadline,
)
from humas_portal.elections.dates import (
    HOLIDAY_WINDOW_DAYS,
    HolidayCalendar,
    day_end,
    local_date,
    working_days_add,
)

logger = logging.getLogger(__name__)

ASSESSMENT_STAGES = frozenset({Stage.RECEIVED, Stage.ASSESSMENT})
HANDLING_STAGES = frozenset(
    {Stage.REGISTERED, Stage.FINDING, Stage.CLARIFICATION, Stage.DELIBERATION}
)
# The stages that start the handling clock when a complaint enters them.
HANDLING_START_STAGES = frozenset({Stage.REGISTERED, Stage.FINDING})
CLOCK_STAGES = ASSESSMENT_STAGES | HANDLING_STAGES

# --- Counting days (pure) --------------------------------------------------------------------


def due_date_compute(*, start: date, days: int, unit: str, holidays: Container[date]) -> date:
    """The last day of a period of ``days`` days after the date ``start`` (not counted)."""
    if days < 1:
        raise ValueError("A deadline is at least one day.")
    if unit == DayUnit.CALENDAR:
        return start + timedelta(days=days)
    if unit != DayUnit.WORKING:
        raise ValueError("Unknown day unit %r." % unit)
    return working_days_add(start=start, days=days, holidays=holidays)


def due_at_compute(
    *, start: datetime, days: int, unit: str, holidays: Container[date] | None = None
) -> datetime:
    """When a period of ``days`` calendar or working days from the instant ``start`` ends.

    ``holidays``: the holiday dates to skip (any container); None reads them from the database
    (``Holiday``), in one query for the range, and only for working days.
    """
    first = local_date(start)
    if holidays is None:
        holidays = frozenset()
        if unit == DayUnit.WORKING:
            holidays = HolidayCalendar()
            holidays.load(first, first + timedelta(days=HOLIDAY_WINDOW_DAYS))
    return day_end(due_date_compute(start=first, days=days, unit=unit, holidays=holidays))


# --- A complaint's due date ------------------------------------------------------------------


def deadlines_load(election_kind: str | None = None) -> dict[tuple[str, str], StageDeadline]:
    """The deadline rows by (election kind, clock), in one query."""
    rows = StageDeadline.objects.all()
    if election_kind is not None:
        rows = rows.filter(election_kind=election_kind)
    return {(row.election_kind, row.clock): row for row in rows}


def complaint_clock(complaint: Complaint) -> tuple[str, datetime | None] | None:
    """Which clock runs for the complaint now, and since when; None when none runs."""
    if complaint.stage in ASSESSMENT_STAGES:
        return DeadlineClock.ASSESSMENT, complaint.created_at
    if complaint.stage in HANDLING_STAGES:
        clock = DeadlineClock.EXTENSION if complaint.deadline_extended else DeadlineClock.HANDLING
        return clock, complaint.handling_started_at or _handling_start_from_events(complaint)
    return None


def _handling_start_from_events(complaint: Complaint) -> datetime | None:
    # Complaints moved on before the deadlines existed have no handling_started_at: their
    # registration (or finding) event tells when the clock started.
    if complaint.pk is None:
        return None
    return (
        ComplaintEvent.objects.filter(
            complaint_id=complaint.pk, kind=EventKind.STAGE, to_stage__in=HANDLING_START_STAGES
        )
        .order_by("created_at", "pk")
        .values_list("created_at", flat=True)
        .first()
    )


def complaint_due_at(
    complaint: Complaint,
    *,
    deadlines: dict[tuple[str, str], StageDeadline] | None = None,
    holidays: Container[date] | None = None,
) -> datetime | None:
    """When the complaint's running clock ends; None when no clock runs at its stage.

    ``deadlines`` and ``holidays`` let a caller computing many complaints read each once
    (``deadlines_load``, ``HolidayCalendar``); by default they are read here.
    """
    running = complaint_clock(complaint)
    if running is None:
        return None
    clock, start = running
    kind = complaint.election.kind
    if deadlines is None:
        deadlines = deadlines_load(kind)
    deadline = deadlines.get((kind, clock))
    if deadline is None:
        # Migration 0003 creates every row and the admin cannot delete them; a missing one is
        # a data problem to fix, not a reason to stop an officer's move.
        logger.warning(
            "no StageDeadline for %s/%s: complaint %s has no due date", kind, clock, complaint.pk
        )
        return None
    if start is None:
        logger.warning("complaint %s: the %s clock has no start", complaint.pk, clock)
        return None
    return due_at_compute(start=start, days=deadline.days, unit=deadline.unit, holidays=holidays)


def _clocked_complaints(election_kind: str | None) -> QuerySet[Complaint]:
    complaints = Complaint.objects.filter(stage__in=CLOCK_STAGES)
    if election_kind is not None:
        complaints = complaints.filter(election__kind=election_kind)
    return complaints


@transaction.atomic
def complaints_due_recompute(*, election_kind: str | None = None) -> int:
    """Recompute ``due_at`` of every complaint whose clock runs (of one election type, or all),
    after the deadlines or the holiday calendar changed. Returns how many due dates moved.

    The rows are locked, so an officer's move at the same moment waits and then computes its
    own due date with the new rules. Deadlines and holidays are read once for all of them.
    """
    complaints = list(
        _clocked_complaints(election_kind)
        .select_for_update(of=("self",))
        .select_related("election")
        .order_by("pk")
    )
    if not complaints:
        return 0
    deadlines = deadlines_load(election_kind)
    holidays = HolidayCalendar()
    # Every start a clock can have here; the holidays for all their periods in one query.
    starts = [local_date(complaint.created_at) for complaint in complaints] + [
        local_date(complaint.handling_started_at)
        for complaint in complaints
        if complaint.handling_started_at is not None
    ]
    longest = max((row.days for row in deadlines.values()), default=1)
    holidays.load(min(starts), max(starts) + timedelta(days=longest * 2 + 30))
    changed = []
    for complaint in complaints:
        due_at = complaint_due_at(complaint, deadlines=deadlines, holidays=holidays)
        if due_at != complaint.due_at:
            complaint.due_at = due_at
            changed.append(complaint)
    Complaint.objects.bulk_update(changed, ["due_at"], batch_size=500)
    logger.info("complaint due dates recomputed: %s of %s moved", len(changed), len(complaints))
    return len(changed)


def due_soon_limit(now: datetime, days_ahead: int) -> datetime:
    """The end of the day ``days_ahead`` days after today (office's time zone): "due within N
    days"."""
    return day_end(local_date(now) + timedelta(days=days_ahead))


def days_late(due_at: datetime, now: datetime) -> int:
    """Whole days (office's time zone) since the due day ended; 0 when not overdue."""
    if due_at >= now:
        return 0
    return max((local_date(now) - local_date(due_at)).days, 1)
