"""The current elections and their running stages, by the office's date (WIB by default)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from humas_portal.elections.models import Election, ElectionKind, ElectionStage
from humas_portal.elections.selectors import election_stages_current

JAKARTA = ZoneInfo("Asia/Jakarta")
MAKASSAR = ZoneInfo("Asia/Makassar")

pytestmark = pytest.mark.django_db


def election_with_stages(name: str, *stages: tuple[str, date, date], **fields) -> Election:
    election = Election.objects.create(name=name, kind=ElectionKind.PILKADA, **fields)
    for order, (stage, start, end) in enumerate(stages, start=1):
        ElectionStage.objects.create(
            election=election, name=stage, order=order, start_date=start, end_date=end
        )
    return election


def running(on: date | None = None) -> dict[str, list[str]]:
    return {
        election.name: [stage.name for stage in election.stages_running]
        for election in election_stages_current(on=on)
    }


@pytest.fixture
def pilkada() -> Election:
    # Overlapping stages, and a gap (2 to 9 June) in which no stage runs.
    return election_with_stages(
        "Pilkada Jember 2029",
        ("Pencalonan", date(2029, 5, 1), date(2029, 5, 20)),
        ("Kampanye", date(2029, 5, 10), date(2029, 6, 1)),
        ("Pemungutan suara", date(2029, 6, 10), date(2029, 6, 10)),
    )


def test_overlapping_stages_run_together_in_their_order(pilkada):
    assert running(date(2029, 5, 15)) == {"Pilkada Jember 2029": ["Pencalonan", "Kampanye"]}
    assert running(date(2029, 5, 21)) == {"Pilkada Jember 2029": ["Kampanye"]}


def test_a_current_election_between_two_stages_has_none_running(pilkada):
    assert running(date(2029, 6, 5)) == {"Pilkada Jember 2029": []}


def test_before_the_first_and_after_the_last_stage_nothing_is_current(pilkada):
    assert running(date(2029, 4, 30)) == {}
    assert running(date(2029, 6, 11)) == {}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # The first stage starts on 1 May (office date): not at 23:59 the day before...
        (datetime(2029, 4, 30, 23, 59, tzinfo=JAKARTA), {}),
        # ...but at midnight, although it is still 30 April in UTC.
        (datetime(2029, 5, 1, 0, 0, tzinfo=JAKARTA), {"Pilkada Jember 2029": ["Pencalonan"]}),
        # Pencalonan's last day counts in full, and ends at midnight.
        (
            datetime(2029, 5, 20, 23, 59, tzinfo=JAKARTA),
            {"Pilkada Jember 2029": ["Pencalonan", "Kampanye"]},
        ),
        (datetime(2029, 5, 21, 0, 0, tzinfo=JAKARTA), {"Pilkada Jember 2029": ["Kampanye"]}),
        # The election's last day is the voting day: current until 23:59, not after.
        (
            datetime(2029, 6, 10, 23, 59, tzinfo=JAKARTA),
            {"Pilkada Jember 2029": ["Pemungutan suara"]},
        ),
        (datetime(2029, 6, 11, 0, 0, tzinfo=JAKARTA), {}),
    ],
)
def test_today_is_the_offices_date_at_both_boundaries_of_a_stage(pilkada, moment, expected):
    with time_machine.travel(moment, tick=False):
        assert running() == expected


def test_in_wita_the_day_turns_an_hour_earlier_than_in_wib(pilkada, settings):
    settings.TIME_ZONE = "Asia/Makassar"
    # 00:00 WITA on 1 May is still 23:00 WIB on 30 April: a WITA office's stage has begun.
    with time_machine.travel(datetime(2029, 5, 1, 0, 0, tzinfo=MAKASSAR), tick=False):
        assert running() == {"Pilkada Jember 2029": ["Pencalonan"]}
    with time_machine.travel(datetime(2029, 4, 30, 23, 59, tzinfo=MAKASSAR), tick=False):
        assert running() == {}
    # 23:30 WIB on 20 May is 00:30 WITA on 21 May: Pencalonan is over for this office.
    with time_machine.travel(datetime(2029, 5, 20, 23, 30, tzinfo=JAKARTA), tick=False):
        assert running() == {"Pilkada Jember 2029": ["Kampanye"]}


def test_is_current_overrides_the_stages(pilkada):
    forced = election_with_stages("Pemilu 2029 (belum ada tahapan)", is_current=True)
    pilkada.is_current = False
    pilkada.save()

    assert running(date(2029, 5, 15)) == {forced.name: []}


def test_stages_of_other_elections_do_not_leak_in(pilkada):
    election_with_stages("Pilkada Jember 2034", ("Pencalonan", date(2034, 5, 1), date(2034, 5, 20)))

    assert running(date(2029, 5, 15)) == {"Pilkada Jember 2029": ["Pencalonan", "Kampanye"]}


def test_query_count_does_not_grow_with_elections_and_stages(django_assert_num_queries):
    def fill(count: int) -> None:
        for number in range(count):
            election_with_stages(
                "Pemilihan %d-%d" % (count, number),
                *[("Tahap %d" % n, date(2029, 5, n), date(2029, 5, 20 + n)) for n in range(1, 5)],
            )

    fill(1)
    with django_assert_num_queries(2):
        assert len(running(date(2029, 5, 10))) == 1
    fill(12)
    with django_assert_num_queries(2):
        assert len(running(date(2029, 5, 10))) == 13


def test_a_stage_cannot_end_before_it_starts():
    election = Election.objects.create(name="Pilkada Jember 2029", kind=ElectionKind.PILKADA)
    with pytest.raises(IntegrityError), transaction.atomic():
        ElectionStage.objects.create(
            election=election,
            name="Kampanye",
            start_date=date(2029, 5, 10),
            end_date=date(2029, 5, 9),
        )
    # One day is a stage.
    ElectionStage.objects.create(
        election=election,
        name="Pemungutan suara",
        start_date=date(2029, 6, 10),
        end_date=date(2029, 6, 10),
    )
