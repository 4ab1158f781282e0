"""Legal deadlines of the request desk, as dates in the office's time zone.

UU 14/2008 Pasal 22 ayat (7) and (8): an answer within 10 working days of the request, once
extended by at most 7 working days with a written reason; Pasal 35-36: an objection within 30
working days of the answer (or of the day the answer was due and did not come), answered by
the PPID's superior within 30 working days.

Counting follows the complaint desk (complaints.deadlines): "N working days after X" is the
Nth working day after X's date in the office's time zone; the day of X is not counted however
late in the day it came, Saturdays, Sundays and every Holiday are skipped, and the whole last
day counts (humas_portal.elections.dates.day_end).
"""

from datetime import date, datetime

from humas_portal.elections.dates import HolidayCalendar, local_date, working_days_add
from ppid.models import (
    ANSWER_WORKING_DAYS,
    EXTENSION_MAX_WORKING_DAYS,
    OBJECTION_ANSWER_WORKING_DAYS,
    OBJECTION_WINDOW_WORKING_DAYS,
    InformationRequest,
    RequestStage,
)


def _working_days_after(start: date, days: int) -> date:
    return working_days_add(start=start, days=days, holidays=HolidayCalendar())


def request_due_on(received_at: datetime) -> date:
    """The day the answer to a request received at ``received_at`` is due."""
    return _working_days_after(local_date(received_at), ANSWER_WORKING_DAYS)


def extension_due_on(*, request: InformationRequest, days: int) -> date:
    """The answer's new due day after an extension of ``days`` working days (1 to 7), counted
    on from the original due day."""
    if not 1 <= days <= EXTENSION_MAX_WORKING_DAYS:
        raise ValueError("An extension is 1 to %d working days." % EXTENSION_MAX_WORKING_DAYS)
    return _working_days_after(request.due_on, days)


def objection_window_end(request: InformationRequest) -> date | None:
    """The last day an objection may be filed, or None while none may be filed yet.

    Decided: 30 working days after the decision's date. Not decided (still received): once
    the answer's due day has passed unanswered, 30 working days after that day. Withdrawn: no
    decision to object to, and none is awaited (None).
    """
    if request.decided_at is not None and request.stage != RequestStage.WITHDRAWN:
        return _working_days_after(local_date(request.decided_at), OBJECTION_WINDOW_WORKING_DAYS)
    if request.stage == RequestStage.RECEIVED:
        return _working_days_after(request.answer_due_on, OBJECTION_WINDOW_WORKING_DAYS)
    return None


def objection_due_on(filed_at: datetime) -> date:
    """The day the PPID's superior must answer an objection filed at ``filed_at``."""
    return _working_days_after(local_date(filed_at), OBJECTION_ANSWER_WORKING_DAYS)
