"""Counting days in the office's time zone, with its holiday calendar.

The office's time zone is ``settings.TIME_ZONE`` (from ``OFFICE_TIME_ZONE``: WIB, WITA or WIT).
A date is always the office's date, never UTC's: 01:00 WITA on Saturday is still Friday in UTC,
and it is Saturday for every deadline and every stage. A day lasts until its last instant
(23:59:59.999999 in the office's zone).

Working days skip Saturdays, Sundays and every ``Holiday`` date; a holiday on a weekend changes
nothing.
"""

from calendar import monthrange
from collections.abc import Container
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from humas_portal.elections.models import Holiday

# How far ahead the holidays are read at once: 14 working days never need more than a month,
# even with a week of Lebaran leave; a longer walk reads the next stretch.
HOLIDAY_WINDOW_DAYS = 120


def local_date(moment: datetime) -> date:
    """The office's date of an instant (naive datetimes are not accepted)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def local_today() -> date:
    """Today in the office's time zone."""
    return local_date(timezone.now())


def day_end(day: date) -> datetime:
    """The last instant of a day in the office's time zone."""
    return datetime.combine(day, time.max, tzinfo=timezone.get_default_timezone())


def months_add(day: date, months: int) -> date:
    """``day`` moved by whole calendar months (negative: back), clamped to the month's end:
    the retention periods of the complaint and request desks."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def is_working_day(day: date, holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def working_days_add(*, start: date, days: int, holidays: Container[date]) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
    if days < 1:
        raise ValueError("Count at least one working day.")
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


class HolidayCalendar:
    """The holiday dates, read from the database a stretch at a time and kept for the length of
    one computation (or one recompute of many rows): one query for the range needed."""

    def __init__(self) -> None:
        self._dates: set[date] = set()
        self._first: date | None = None
        self._last: date | None = None

    def load(self, first: date, last: date) -> None:
        """Read the holidays from ``first`` to ``last`` (inclusive), unless already read."""
        if self._first is not None and self._first <= first and last <= self._last:
            return
        if self._first is not None:
            # Keep one contiguous range, so that a date inside it is known to be no holiday.
            first, last = min(first, self._first), max(last, self._last)
        self._dates = set(
            Holiday.objects.filter(date__gte=first, date__lte=last).values_list("date", flat=True)
        )
        self._first, self._last = first, last

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        if self._first is None or not self._first <= day <= self._last:
            self.load(day, day + timedelta(days=HOLIDAY_WINDOW_DAYS))
        return day in self._dates
