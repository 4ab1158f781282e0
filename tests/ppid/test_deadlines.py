"""The request desk's legal deadlines (UU 14/2008 Pasal 22, 35-36) in working days, in the
office's time zone (Asia/Jakarta), across weekends and holidays, with a frozen clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ppid.deadlines import (
    extension_due_on,
    objection_due_on,
    objection_window_end,
    request_due_on,
)
from ppid.models import InformationRequest, RequestEvent
from ppid.services import request_decide, request_extend
from tests.ppid.request_factories import holidays_set, officer_create, request_file

JAKARTA = ZoneInfo("Asia/Jakarta")
UTC = ZoneInfo("UTC")
# Monday 4 May 2026, 10:00 WIB.
MONDAY = datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA)


@pytest.fixture
def holidays(db):
    holidays_set()


def test_ten_working_days_skip_weekends_and_holidays(holidays):
    # 5-8 May (4), 11-13 May (7), 14-15 May holidays, 16-17 weekend, 18-20 May (10).
    assert request_due_on(MONDAY) == date(2026, 5, 20)


def test_ten_working_days_without_holidays_are_two_weeks(db):
    holidays_set(())
    assert request_due_on(MONDAY) == date(2026, 5, 18)


def test_the_office_date_counts_not_utc(holidays):
    # Thursday 7 May 18:00 UTC is Friday 8 May 01:00 WIB: the count starts on Friday.
    late_thursday_utc = datetime(2026, 5, 7, 18, 0, tzinfo=UTC)
    assert request_due_on(late_thursday_utc) == date(2026, 5, 26)
    # Thursday 23:30 WIB is still Thursday, however late.
    assert request_due_on(datetime(2026, 5, 7, 23, 30, tzinfo=JAKARTA)) == date(2026, 5, 25)
    holidays_set(())
    assert request_due_on(datetime(2026, 5, 7, 23, 30, tzinfo=JAKARTA)) == date(2026, 5, 21)
    assert request_due_on(late_thursday_utc) == date(2026, 5, 22)


def test_a_request_on_a_saturday_counts_from_the_saturday(holidays):
    # Saturday 9 May: 11-13 (3), 18-22 (8), 25-26 (10); 14-15 May are holidays.
    assert request_due_on(datetime(2026, 5, 9, 9, 0, tzinfo=JAKARTA)) == date(2026, 5, 26)


def test_submitting_stores_the_due_date(holidays, office):
    with time_machine.travel(MONDAY, tick=False):
        receipt = request_file()
    request = InformationRequest.objects.get(pk=receipt.request_id)
    assert request.due_on == date(2026, 5, 20)
    assert request.answer_due_on == date(2026, 5, 20)


def test_the_extension_adds_up_to_seven_working_days_once(holidays, office):
    officer = officer_create()
    with time_machine.travel(MONDAY, tick=False):
        request = InformationRequest.objects.get(pk=request_file().request_id)
    assert extension_due_on(request=request, days=7) == date(2026, 5, 29)
    assert extension_due_on(request=request, days=1) == date(2026, 5, 21)
    with pytest.raises(ValueError):
        extension_due_on(request=request, days=8)

    with time_machine.travel(datetime(2026, 5, 19, 9, 0, tzinfo=JAKARTA), tick=False):
        for days in (0, 8, -1):
            with pytest.raises(ValidationError) as refused:
                request_extend(request_id=request.pk, actor=officer, days=days, reason="Arsip.")
            assert refused.value.code == "days"
        with pytest.raises(ValidationError) as refused:
            request_extend(request_id=request.pk, actor=officer, days=7, reason="  ")
        assert refused.value.code == "reason_required"

        request_extend(
            request_id=request.pk,
            actor=officer,
            days=7,
            reason="Dokumen tersimpan di arsip kecamatan dan perlu diambil.",
        )
        request.refresh_from_db()
        assert request.extended_due_on == date(2026, 5, 29)
        assert request.answer_due_on == date(2026, 5, 29)
        assert request.due_on == date(2026, 5, 20)

        with pytest.raises(ValidationError) as refused:
            request_extend(request_id=request.pk, actor=officer, days=3, reason="Lagi.")
    assert refused.value.code == "already_extended"
    assert "hanya mengizinkan satu kali perpanjangan" in refused.value.messages[0]
    request.refresh_from_db()
    assert request.extended_due_on == date(2026, 5, 29)
    assert RequestEvent.objects.filter(request=request, kind="extended").count() == 1


def test_no_extension_after_the_due_day(holidays, office):
    officer = officer_create()
    with time_machine.travel(MONDAY, tick=False):
        request_id = request_file().request_id
    with time_machine.travel(datetime(2026, 5, 21, 8, 0, tzinfo=JAKARTA), tick=False):
        with pytest.raises(ValidationError) as refused:
            request_extend(request_id=request_id, actor=officer, days=3, reason="Arsip.")
    assert refused.value.code == "too_late"


def test_the_objection_window_is_thirty_working_days_after_the_decision(holidays, office):
    officer = officer_create()
    with time_machine.travel(MONDAY, tick=False):
        request_id = request_file().request_id
    # Decided Wednesday 20 May, 23:00 WIB (16:00 UTC): counted from 20 May, skipping 1 June.
    with time_machine.travel(datetime(2026, 5, 20, 16, 0, tzinfo=UTC), tick=False):
        request = request_decide(
            request_id=request_id, actor=officer, stage="not_held", note="Tanyakan ke KPU Jember."
        )
    assert objection_window_end(request) == date(2026, 7, 2)


def test_the_objection_window_of_a_missed_deadline_counts_from_the_due_day(holidays, office):
    with time_machine.travel(MONDAY, tick=False):
        request = InformationRequest.objects.get(pk=request_file().request_id)
    # Not decided: 30 working days after 20 May, the missed due day.
    assert objection_window_end(request) == date(2026, 7, 2)
    request.extended_due_on = date(2026, 5, 29)
    # 1-5 June without 1 June (4), 8 June onwards: 30 working days after 29 May.
    assert objection_window_end(request) == date(2026, 7, 13)


def test_an_objection_is_answered_within_thirty_working_days(holidays):
    # Filed Wednesday 3 June: 4-5 (2), 8 June - 10 July (27), 13 July... 15 July is the 30th.
    assert objection_due_on(datetime(2026, 6, 3, 14, 0, tzinfo=JAKARTA)) == date(2026, 7, 15)
