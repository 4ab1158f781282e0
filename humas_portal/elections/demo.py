"""Demo elections, their stages (tahapan) and the fixed national holidays.

Every date is relative to the day the demo is seeded, so the demo never asks a citizen to pick
an election that is long over: two past elections, closed to new complaints, and one coming
election with stages running, one done and one still ahead, the only one open (the complaint
form then chooses it by itself). Every name ends in "(contoh)", so that no screenshot of the
demo can pass for a real schedule. Idempotent: a second run finds every row by its name (or
date) and changes nothing.
"""

from datetime import date, timedelta

from humas_portal.elections.dates import local_today
from humas_portal.elections.models import Election, ElectionKind, ElectionStage, Holiday

# (name, kind, voting day: days from today); past, so closed to new complaints.
PAST_ELECTIONS = [
    ("Pemilihan Bupati dan Wakil Bupati Jember (contoh)", ElectionKind.PILKADA, -400),
    ("Pemilu Presiden dan Legislatif (contoh)", ElectionKind.PEMILU, -700),
]

# The election whose stages run now; its voting day is set from today on the first run.
CURRENT_ELECTION = "Pemungutan Suara Ulang Pilkada Jember (contoh)"
CURRENT_VOTING_IN_DAYS = 40

# (order, name, first day, last day: days from today), overlapping as real stages do.
STAGES = [
    (1, "Pemutakhiran data pemilih", -60, -10, "Pencocokan dan penelitian data pemilih."),
    (2, "Pencalonan", -30, 5, "Pendaftaran dan verifikasi pasangan calon."),
    (3, "Kampanye", -5, 36, "Kampanye pasangan calon, termasuk rapat umum dan iklan."),
    (4, "Masa tenang", 37, 39, "Tidak ada kegiatan kampanye."),
    (5, "Pemungutan dan penghitungan suara", 40, 42, "Di setiap TPS, lalu rekapitulasi."),
]


def fixed_holidays(year: int) -> list[tuple[date, str]]:
    """The fixed-date national holidays of a year; the coordinator adds the moving ones each
    year from the joint ministerial decree (docs/OPERATIONS.md)."""
    return [
        (date(year, 1, 1), "Tahun Baru %d Masehi" % year),
        (date(year, 12, 25), "Hari Raya Natal"),
    ]


def seed_elections() -> None:
    today = local_today()
    # This year's and next year's: the demo's deadlines reach into the coming weeks.
    for day, name in fixed_holidays(today.year) + fixed_holidays(today.year + 1):
        Holiday.objects.get_or_create(date=day, defaults={"name": name})
    for name, kind, voting_in_days in PAST_ELECTIONS:
        Election.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "voting_day": today + timedelta(days=voting_in_days),
                "is_open": False,
            },
        )
    current, _created = Election.objects.get_or_create(
        name=CURRENT_ELECTION,
        defaults={
            "kind": ElectionKind.PILKADA,
            "voting_day": today + timedelta(days=CURRENT_VOTING_IN_DAYS),
        },
    )
    for order, name, first, last, description in STAGES:
        ElectionStage.objects.get_or_create(
            election=current,
            name=name,
            defaults={
                "order": order,
                "start_date": today + timedelta(days=first),
                "end_date": today + timedelta(days=last),
                "description": description,
            },
        )
