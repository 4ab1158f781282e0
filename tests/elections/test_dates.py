"""Day arithmetic in the office's time zone, the holiday calendar, and the "holidays changed"
hook other apps listen to."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from humas_portal.elections import hooks
from humas_portal.elections.dates import (
    HolidayCalendar,
    day_end,
    local_date,
    local_today,
    working_days_add,
)
from humas_portal.elections.models import Holiday

UTC = ZoneInfo("UTC")


def test_the_date_is_the_offices_not_utcs(settings):
    # Friday 17:30 UTC: Saturday 00:30 in WIB and in WITA.
    moment = datetime(2026, 5, 8, 17, 30, tzinfo=UTC)
    assert local_date(moment) == date(2026, 5, 9)
    settings.TIME_ZONE = "Asia/Makassar"
    # Friday 16:30 UTC: 23:30 WIB (Friday), 00:30 WITA (Saturday).
    moment = datetime(2026, 5, 8, 16, 30, tzinfo=UTC)
    assert local_date(moment) == date(2026, 5, 9)
    with time_machine.travel(moment, tick=False):
        assert local_today() == date(2026, 5, 9)
    assert day_end(date(2026, 5, 9)) == datetime(2026, 5, 9, 15, 59, 59, 999999, tzinfo=UTC)


def test_working_days_skip_weekends_and_the_given_holidays():
    friday = date(2026, 5, 8)

    assert working_days_add(start=friday, days=1, holidays=set()) == date(2026, 5, 11)
    assert working_days_add(start=friday, days=1, holidays={date(2026, 5, 11)}) == date(2026, 5, 12)
    # A holiday on a Saturday changes nothing.
    assert working_days_add(start=friday, days=5, holidays={date(2026, 5, 9)}) == date(2026, 5, 15)
    with pytest.raises(ValueError, match="at least one"):
        working_days_add(start=friday, days=0, holidays=set())


def test_a_long_walk_reads_the_next_stretch_of_holidays(db):
    Holiday.objects.create(date=date(2026, 12, 24), name="Cuti bersama Natal")
    calendar = HolidayCalendar()
    calendar.load(date(2026, 5, 1), date(2026, 5, 31))

    assert date(2026, 5, 14) not in calendar
    # Outside the range read: read again rather than assume "no holiday".
    assert date(2026, 12, 24) in calendar


def test_holidays_changed_reaches_listeners_only_after_commit(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    heard = []
    monkeypatch.setattr(hooks, "_holidays_changed", [])
    hooks.holidays_changed_register(lambda: heard.append("first"))

    def failing() -> None:
        raise RuntimeError("listener down")

    hooks.holidays_changed_register(failing)
    hooks.holidays_changed_register(lambda: heard.append("last"))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        hooks.holidays_changed_announce()
        assert heard == []

    assert len(callbacks) == 3
    # A failing listener is logged and does not stop the others.
    assert heard == ["first", "last"]
