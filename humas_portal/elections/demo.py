"""Demo elections, their stages (tahapan) and the fixed national holidays.

The stages of the coming election are dated relative to today, so that the demo always has a
current election with stages running, one done and one still ahead. Idempotent: a second run
finds every row by its name (or date) and changes nothing.
"""

from datetime import date, timedelta

from humas_portal.elections.dates import local_today
from humas_portal.elections.models import Election, ElectionKind, ElectionStage, Holiday

ELECTIONS = [
    ("Pemilihan Bupati dan Wakil Bupati Jember 2024", ElectionKind.PILKADA, date(2024, 11, 27)),
    ("Pemilu 2024", ElectionKind.PEMILU, date(2024, 2, 14)),
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

# Fixed-date national holidays; the coordinator adds the moving ones each year from the joint
# ministerial decree (docs/OPERATIONS.md).
HOLIDAYS = [
    (date(2026, 12, 25), "Hari Raya Natal"),
    (date(2027, 1, 1), "Tahun Baru 2027 Masehi"),
]


def seed_elections() -> None:
    for day, name in HOLIDAYS:
        Holiday.objects.get_or_create(date=day, defaults={"name": name})
    for name, kind, voting_day in ELECTIONS:
        Election.objects.get_or_create(name=name, defaults={"kind": kind, "voting_day": voting_day})
    today = local_today()
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
