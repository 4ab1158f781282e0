"""Demo content for the complaint desk: a year of complaints as an election year brings them,
five hand-written ones at every kind of stage, and ready replies, about the demo elections
(humas_portal.elections.demo, seeded first).

Every reporter is clearly fictional ("(fiktif)" in the name, example.id addresses, unassigned
numbers). Fixed form tokens make the seeder idempotent: a second run finds each complaint by
its token and moves nothing again.

The year (``ELECTION_YEAR_VOLUME`` complaints over the last 12 months) is what the statistics
page and the officers' lists will look like in an election year: most complaints around the
campaign and the vote, money politics and neutrality first, more from the towns, older
complaints further along. It is drawn from a fixed seed, so it is the same on every machine
(relative to the day it is seeded), and stored in bulk (a second or so): numbers from the real
yearly counter, stage history as events, due dates by ``complaints_due_recompute``, and no
e-mail, since nobody filed them.
"""

import random
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from complaints.deadlines import HANDLING_START_STAGES, complaints_due_recompute
from complaints.models import (
    CannedReply,
    Category,
    Complaint,
    ComplaintEvent,
    EventKind,
    ForwardedTo,
    Stage,
    Witness,
)
from complaints.services import (
    complaint_number_format,
    complaint_sequence_take,
    complaint_submit,
    complaint_transition,
)
from humas_portal.elections.dates import local_date, local_today
from humas_portal.elections.models import Election
from humas_portal.siteprofile.models import Region, RegionLevel
from humas_portal.tracking import tracking_secret_hash, tracking_secret_new

DEMO_NAMESPACE = uuid.UUID("5d1c6a0e-3f2b-4c1e-9a57-2c0f4b7d9e10")
DEMO_REGION = "35.09"

# (category, title, description, reported party, anonymous, path of stages after Diterima)
COMPLAINTS = [
    (
        Category.MONEY_POLITICS,
        "Pembagian amplop menjelang pemungutan suara",
        "Pada malam hari sekitar pukul 20.00 beberapa orang membagikan amplop berisi uang "
        "kepada warga di sekitar pos ronda, sambil menyebut nama salah satu pasangan calon.",
        "Tim pemenangan pasangan calon (nama belum diketahui)",
        False,
        [],
    ),
    (
        Category.NEUTRALITY,
        "Kepala desa ikut berkampanye di acara pengajian",
        "Kepala desa memberikan sambutan yang mengajak warga memilih calon tertentu dalam "
        "acara pengajian rutin di balai desa.",
        "Kepala desa setempat",
        True,
        [(Stage.ASSESSMENT, "Pengaduan Anda sedang dikaji oleh petugas.")],
    ),
    (
        Category.CAMPAIGN_PROPS,
        "Baliho dipasang di pagar sekolah dasar",
        "Tiga baliho pasangan calon dipasang di pagar SD negeri, padahal sekolah termasuk "
        "tempat yang dilarang untuk alat peraga kampanye.",
        "Pemasang alat peraga kampanye",
        False,
        [
            (Stage.ASSESSMENT, "Pengaduan Anda sedang dikaji oleh petugas."),
            (Stage.REGISTERED, "Laporan resmi Anda memenuhi syarat dan telah diregistrasi."),
            (Stage.CLARIFICATION, "Petugas mengundang pihak terkait untuk klarifikasi."),
        ],
    ),
    (
        Category.HOAX_HATE,
        "Pesan berantai tentang surat suara tercoblos",
        "Beredar pesan WhatsApp yang menyebut ribuan surat suara sudah tercoblos di gudang "
        "logistik, disertai foto yang ternyata dari daerah lain.",
        "Akun penyebar pesan (tidak diketahui)",
        True,
        [
            (Stage.ASSESSMENT, "Pengaduan Anda sedang dikaji oleh petugas."),
            (
                Stage.NOT_REGISTERED,
                "Informasi ini kami tindak lanjuti sebagai klarifikasi hoaks di laman berita, "
                "karena pelaku tidak dapat diidentifikasi.",
            ),
            (Stage.CLOSED, "Penanganan selesai. Terima kasih atas pengaduan Anda."),
        ],
    ),
    (
        Category.CAMPAIGN_TIME_PLACE,
        "Kampanye di rumah ibadah",
        "Seorang calon anggota legislatif menyampaikan visi dan misi di dalam masjid setelah "
        "salat Jumat dan membagikan kalender bergambar dirinya.",
        "Calon anggota DPRD (nama disebut dalam pengaduan)",
        False,
        [
            (Stage.ASSESSMENT, "Pengaduan Anda sedang dikaji oleh petugas."),
            (Stage.FINDING, "Informasi ini dijadikan temuan pengawas."),
            (Stage.CLARIFICATION, "Klarifikasi kepada pihak terkait sedang berlangsung."),
            (Stage.DELIBERATION, "Hasil klarifikasi dibahas dalam rapat pleno."),
        ],
    ),
]


CANNED_REPLIES = [
    (
        "Sedang dikaji",
        Stage.ASSESSMENT,
        "Pengaduan {nomor} sedang dikaji oleh petugas {kantor}. Kami akan mengabari Anda "
        "setelah kajian awal selesai.",
    ),
    (
        "Perlu datang ke kantor",
        Stage.REGISTERED,
        "Agar pengaduan {nomor} dapat menjadi laporan resmi, mohon datang ke kantor {kantor} "
        "dengan membawa KTP dan bukti yang Anda miliki untuk menandatangani formulir laporan.",
    ),
    (
        "Terima kasih, selesai",
        Stage.CLOSED,
        "Penanganan pengaduan {nomor} sudah selesai (tahap: {tahap}). Terima kasih telah ikut "
        "mengawasi pemilu.",
    ),
]


def _villages() -> list[Region]:
    return list(
        Region.objects.filter(level__in=[RegionLevel.VILLAGE, RegionLevel.URBAN_VILLAGE])
        .filter(code__startswith=DEMO_REGION + ".")
        .order_by("code")[::40][: len(COMPLAINTS)]
    )


# --- An election year in bulk ----------------------------------------------------------------

ELECTION_YEAR_VOLUME = 360
ELECTION_YEAR_SEED = 3509
# Small batches: each row of an update is matched against every date of its batch.
EVENT_UPDATE_BATCH = 50

# How often each category comes, as offices see them.
CATEGORY_WEIGHTS = {
    Category.MONEY_POLITICS: 24,
    Category.NEUTRALITY: 16,
    Category.CAMPAIGN_PROPS: 15,
    Category.CAMPAIGN_TIME_PLACE: 12,
    Category.HOAX_HATE: 11,
    Category.VOTER_LIST: 9,
    Category.ORGANISER: 6,
    Category.INTIMIDATION: 4,
    Category.OTHER: 3,
}
# Per month, oldest first: few early on, most in the campaign and around the vote.
MONTH_WEIGHTS = (2, 2, 3, 4, 5, 7, 9, 12, 16, 14, 9, 6)

# (title, reported party) per category; "{place}" is the village.
SUBJECTS = {
    Category.MONEY_POLITICS: [
        ("Pembagian uang kepada warga di {place}", "Tim pemenangan (nama belum diketahui)"),
        ("Bingkisan sembako disertai ajakan memilih di {place}", "Relawan pasangan calon"),
    ],
    Category.NEUTRALITY: [
        ("Perangkat desa {place} mengajak memilih calon tertentu", "Perangkat desa setempat"),
        ("ASN hadir berseragam dalam kampanye di {place}", "Aparatur sipil negara"),
    ],
    Category.CAMPAIGN_PROPS: [
        ("Baliho dipasang di pohon dan tiang listrik di {place}", "Pemasang alat peraga"),
        ("Spanduk kampanye di depan sekolah di {place}", "Pemasang alat peraga"),
    ],
    Category.CAMPAIGN_TIME_PLACE: [
        ("Kampanye di luar jadwal di {place}", "Calon anggota DPRD"),
        ("Kampanye di tempat ibadah di {place}", "Juru kampanye"),
    ],
    Category.HOAX_HATE: [
        ("Pesan berantai berisi hoaks pemilu di {place}", "Akun penyebar (tidak diketahui)"),
        ("Ujaran kebencian di grup percakapan warga {place}", "Pemilik akun media sosial"),
    ],
    Category.VOTER_LIST: [
        ("Warga {place} tidak terdaftar sebagai pemilih", "Petugas pemutakhiran data"),
        ("Pemilih yang sudah meninggal masih terdaftar di {place}", "Petugas pemutakhiran data"),
    ],
    Category.ORGANISER: [
        ("Petugas TPS di {place} tidak netral", "Kelompok penyelenggara pemungutan suara"),
        ("Undangan memilih tidak dibagikan di {place}", "Petugas pemungutan suara"),
    ],
    Category.INTIMIDATION: [
        ("Warga {place} diancam bila tidak memilih calon tertentu", "Orang tidak dikenal"),
    ],
    Category.OTHER: [
        ("Dugaan pelanggaran lain di {place}", "Belum diketahui"),
    ],
}

# Where a complaint of a given age stands: (stages after Diterima, weight); older ones are
# further along, and a month-old complaint has usually been closed one way or another.
_HANDLED = (Stage.ASSESSMENT, Stage.REGISTERED, Stage.CLARIFICATION, Stage.DELIBERATION)
_FINDING = (Stage.ASSESSMENT, Stage.FINDING, Stage.CLARIFICATION, Stage.DELIBERATION)
_REFUSED = (Stage.ASSESSMENT, Stage.NOT_REGISTERED)
PATHS_BY_AGE = [
    (3, [((), 3), ((Stage.ASSESSMENT,), 2)]),
    (10, [((Stage.ASSESSMENT,), 3), (_HANDLED[:2], 2), (_FINDING[:2], 1), (_REFUSED, 1)]),
    (
        30,
        [(_HANDLED[:3], 3), (_FINDING[:3], 1), (_HANDLED, 1), ((*_REFUSED, Stage.CLOSED), 2)],
    ),
    (
        60,
        [
            (_HANDLED, 2),
            ((*_HANDLED, Stage.FORWARDED), 2),
            ((*_HANDLED, Stage.STOPPED), 1),
            ((*_REFUSED, Stage.CLOSED), 2),
        ],
    ),
    (
        None,
        [
            ((*_HANDLED, Stage.FORWARDED, Stage.CLOSED), 4),
            ((*_FINDING, Stage.FORWARDED, Stage.CLOSED), 1),
            ((*_HANDLED, Stage.STOPPED, Stage.CLOSED), 3),
            ((*_REFUSED, Stage.CLOSED), 3),
            ((*_HANDLED, Stage.FORWARDED), 1),
        ],
    ),
]
STAGE_NOTES = {
    Stage.ASSESSMENT: "Pengaduan Anda sedang dikaji oleh petugas.",
    Stage.REGISTERED: "Pengaduan memenuhi syarat dan telah diregistrasi.",
    Stage.NOT_REGISTERED: "Pengaduan belum memenuhi syarat formal dan materiel: identitas "
    "terlapor dan bukti awal tidak cukup.",
    Stage.FINDING: "Informasi ini dijadikan temuan pengawas.",
    Stage.CLARIFICATION: "Petugas mengundang pihak terkait untuk klarifikasi.",
    Stage.DELIBERATION: "Hasil klarifikasi dibahas dalam rapat pleno.",
    Stage.FORWARDED: "Hasil kajian diteruskan kepada instansi yang berwenang.",
    Stage.STOPPED: "Penanganan dihentikan: unsur pelanggaran tidak terpenuhi.",
    Stage.CLOSED: "Penanganan selesai. Terima kasih atas pengaduan Anda.",
}


def _weighted(rng: random.Random, weighted: list) -> object:
    choices, weights = zip(*weighted, strict=True)
    return rng.choices(choices, weights=weights)[0]


def _months_back(today, count: int) -> list:
    """The first day of this month and of the ``count - 1`` before it, oldest first."""
    months = [today.replace(day=1)]
    for _step in range(count - 1):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return months[::-1]


def _received_at(rng: random.Random, month, today, now: datetime) -> datetime:
    last_day = min(today, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1))
    day = month + timedelta(days=rng.randrange((last_day - month).days + 1))
    moment = datetime.combine(day, time(7), tzinfo=timezone.get_default_timezone())
    moment += timedelta(minutes=rng.randrange(14 * 60))
    return min(moment, now - timedelta(minutes=30))


def _districts_with_villages(rng: random.Random) -> list[tuple[int, list[Region]]]:
    """(weight, villages) per kecamatan of the demo region: the towns, with their kelurahan,
    count more."""
    villages: dict[str, list[Region]] = {}
    for village in Region.objects.filter(
        level__in=[RegionLevel.VILLAGE, RegionLevel.URBAN_VILLAGE],
        parent__parent_id=DEMO_REGION,
    ).order_by("code"):
        villages.setdefault(village.parent_id, []).append(village)
    weighted = []
    for code in sorted(villages):
        towns = any(v.level == RegionLevel.URBAN_VILLAGE for v in villages[code])
        weighted.append(((6 if towns else rng.choice((1, 2, 2, 3, 4))), villages[code]))
    return weighted


def _election_year_seed(elections: list[Election]) -> None:
    tokens = [
        uuid.uuid5(DEMO_NAMESPACE, "election-year-%d" % number)
        for number in range(ELECTION_YEAR_VOLUME)
    ]
    if Complaint.objects.filter(form_token__in=tokens).exists():
        return
    # Repeatable on purpose (demo data, not a secret): the same seed gives the same year.
    rng = random.Random(ELECTION_YEAR_SEED)  # noqa: S311
    districts = _districts_with_villages(rng)
    if not districts:
        return
    now = timezone.now()
    today = local_today()
    months = _months_back(today, len(MONTH_WEIGHTS))
    complaints, histories = [], []
    for number, token in enumerate(tokens, start=1):
        category = _weighted(rng, list(CATEGORY_WEIGHTS.items()))
        title, party = rng.choice(SUBJECTS[category])
        villages = _weighted(rng, [(v, w) for w, v in districts])
        village = rng.choice(villages)
        received = _received_at(
            rng, _weighted(rng, list(zip(months, MONTH_WEIGHTS, strict=True))), today, now
        )
        age = (now - received).days
        path = _weighted(
            rng, next(paths for limit, paths in PATHS_BY_AGE if limit is None or age < limit)
        )
        # The moves spread over the first weeks after receipt, the last one before now.
        span = (now - received) * min(1.0, 45 / max(age, 1)) * 0.9
        moves = [received + span * (step + 1) / len(path) for step in range(len(path))]
        anonymous = rng.random() < 0.4
        occurred = local_date(received) - timedelta(days=rng.randrange(1, 7))
        identity = (
            {}
            if anonymous
            else {
                "reporter_name": "Pelapor Contoh %d (fiktif)" % (100 + number),
                "reporter_phone": "+62811%08d" % (100 + number),
                "reporter_email": "pelapor%d@contoh.example.id" % (100 + number),
                "reporter_address": "Jl. Contoh No. %d, Kabupaten Jember (fiktif)" % number,
            }
        )
        handling = [
            at for stage, at in zip(path, moves, strict=True) if stage in HANDLING_START_STAGES
        ]
        complaints.append(
            Complaint(
                election=elections[number % len(elections)],
                form_token=token,
                tracking_hash=tracking_secret_hash(tracking_secret_new()),
                anonymous=anonymous,
                consent=True,
                category=category,
                title=title.format(place=village.name.title()),
                description="Contoh pengaduan untuk demo (fiktif): %s."
                % title.format(place=village.name.title()).lower(),
                occurred_on=occurred,
                known_on=occurred + timedelta(days=rng.randrange(0, 2)),
                location=village,
                reported_party=party,
                stage=path[-1] if path else Stage.RECEIVED,
                stage_changed_at=moves[-1] if moves else received,
                handling_started_at=handling[0] if handling else None,
                forwarded_to=ForwardedTo.GAKKUMDU
                if Stage.FORWARDED in path and category == Category.MONEY_POLITICS
                else (ForwardedTo.KPU if Stage.FORWARDED in path else ""),
                created_at=received,
                **identity,
            )
        )
        histories.append(list(zip(path, moves, strict=True)))
    # Numbered in the order received; each history stays with its complaint.
    pairs = sorted(zip(complaints, histories, strict=True), key=lambda pair: pair[0].created_at)
    complaints = [complaint for complaint, _history in pairs]
    histories = [history for _complaint, history in pairs]
    with transaction.atomic():
        _numbers_give(complaints)
        Complaint.objects.bulk_create(complaints)
        Witness.objects.bulk_create(
            Witness(complaint=complaint, name="Saksi Contoh %d (fiktif)" % complaint.sequence)
            for complaint in complaints
            if not complaint.anonymous and complaint.sequence % 2
        )
        _histories_store(complaints, histories)
    complaints_due_recompute()


def _numbers_give(complaints: list[Complaint]) -> None:
    """Numbers from the yearly counter, in the order of the list (the order received)."""
    by_year: dict[int, list[Complaint]] = {}
    for complaint in complaints:
        by_year.setdefault(local_date(complaint.created_at).year, []).append(complaint)
    for year, of_year in by_year.items():
        first = complaint_sequence_take(year=year, count=len(of_year))
        for offset, complaint in enumerate(of_year):
            complaint.year = year
            complaint.sequence = first + offset
            complaint.number = complaint_number_format(year, complaint.sequence)


def _histories_store(complaints: list[Complaint], histories: list[list]) -> None:
    """Each complaint's stage events, dated as they happened (``created_at`` is set on insert,
    so the dates are written afterwards)."""
    events, dates = [], []
    for complaint, history in zip(complaints, histories, strict=True):
        stage = Stage.RECEIVED
        events.append(ComplaintEvent(complaint=complaint, kind=EventKind.STAGE, to_stage=stage))
        dates.append(complaint.created_at)
        for to, at in history:
            events.append(
                ComplaintEvent(
                    complaint=complaint,
                    kind=EventKind.STAGE,
                    from_stage=stage,
                    to_stage=to,
                    public_note=STAGE_NOTES[to],
                )
            )
            dates.append(at)
            stage = to
    ComplaintEvent.objects.bulk_create(events)
    for event, at in zip(events, dates, strict=True):
        event.created_at = at
    ComplaintEvent.objects.bulk_update(events, ["created_at"], batch_size=EVENT_UPDATE_BATCH)


def seed_complaints() -> None:
    for title, stage, body in CANNED_REPLIES:
        CannedReply.objects.get_or_create(title=title, defaults={"stage": stage, "body": body})
    elections = list(Election.objects.filter(is_open=True).order_by("pk"))
    villages = _villages()
    if not villages or not elections:
        return  # the office's regions or the elections are not loaded: nothing to file about
    # First, so that the year's numbers follow the order the complaints were received in.
    _election_year_seed(elections)
    today = local_today()
    for index, (category, title, description, party, anonymous, path) in enumerate(COMPLAINTS):
        token = uuid.uuid5(DEMO_NAMESPACE, title)
        if Complaint.objects.filter(form_token=token).exists():
            continue
        number = index + 1
        identity = (
            {}
            if anonymous
            else {
                "reporter_name": "Pelapor Contoh %d (fiktif)" % number,
                "reporter_phone": "+62811000000%02d" % number,
                "reporter_email": "pelapor%d@contoh.example.id" % number,
                "reporter_address": "Jl. Contoh No. %d, Kabupaten Jember (fiktif)" % number,
            }
        )
        receipt = complaint_submit(
            form_token=token,
            election=elections[index % len(elections)],
            anonymous=anonymous,
            category=category,
            title=title,
            description=description,
            occurred_on=today - timedelta(days=3 + index),
            known_on=today - timedelta(days=2 + index),
            location=villages[index % len(villages)],
            location_detail="",
            reported_party=party,
            consent=True,
            witnesses=[] if anonymous else [("Saksi Contoh %d (fiktif)" % number, "")],
            language=settings.LANGUAGE_CODE,
            **identity,
        )
        stage = Stage.RECEIVED
        for to, note in path:
            complaint_transition(
                complaint_id=receipt.complaint.pk,
                expected_stage=stage,
                to=to,
                actor=None,
                public_note=note,
            )
            stage = to
