"""How far an answer's due date is, in working days: the request list, the dashboard panel and
the daily digest say it the same way ("terlambat 2 hari kerja", "2 hari kerja lagi").

Dates are the office's (humas_portal.elections.dates); the holidays are read through one
HolidayCalendar per page or run, one query for the range needed.
"""

from datetime import date, timedelta

from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from humas_portal.elections.dates import HolidayCalendar, is_working_day, working_days_add

# Due within this many working days (today included) counts as "due soon".
DUE_SOON_WORKING_DAYS = 2


def answer_due_expression():
    """A request's answer due date in SQL: the extended one, once extended (answer_due_on)."""
    return Coalesce("extended_due_on", "due_on")


def due_soon_limit(today: date, calendar: HolidayCalendar) -> date:
    """The last date that is still "due soon" seen from ``today``."""
    return working_days_add(start=today, days=DUE_SOON_WORKING_DAYS, holidays=calendar)


def working_days_from(start: date, end: date, calendar: HolidayCalendar) -> int:
    """The working days after ``start`` up to and including ``end`` (0 if ``end <= start``)."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, calendar):
            days += 1
    return days


def due_text(due: date, today: date, calendar: HolidayCalendar) -> tuple[str, bool]:
    """What an officer reads beside a due date, and whether it is overdue."""
    if due < today:
        late = max(working_days_from(due, today, calendar), 1)
        text = ngettext("terlambat %(days)s hari kerja", "terlambat %(days)s hari kerja", late) % {
            "days": late
        }
        return text, True
    left = working_days_from(today, due, calendar)
    if left == 0:
        return _("jatuh tempo hari ini"), False
    text = ngettext("%(days)s hari kerja lagi", "%(days)s hari kerja lagi", left) % {"days": left}
    return text, False
