"""Demo requests for the PPID's request desk: one in every state an officer meets (received and
on time, received and overdue, extended, granted, partly granted, refused, not held, withdrawn,
an objection waiting for the superior, an objection answered), and two of last year so that the
annual report offers two years.

Every requester is clearly fictional ("(fiktif)" in the name, example.id addresses). Each
request is found again by the hash of a fixed demo secret, so the seeder is idempotent: a
second run changes nothing. Dates are counted back from the day it runs in working days with
the shared holidays, and each one keeps the model's rules (an extension later than the due
date, a refusal with its ground, a closing time for every closed request). Stored through the
ORM, with its history as events and no e-mail, since nobody filed them; numbers come from the
real yearly counter (ppid.services).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from humas_portal.elections.dates import HolidayCalendar, is_working_day, local_today
from humas_portal.tracking import tracking_secret_hash
from ppid.deadlines import extension_due_on, objection_due_on, request_due_on
from ppid.models import (
    DeliveryMethod,
    ExemptGround,
    InformationRequest,
    Objection,
    ObjectionOutcome,
    ObjectionReason,
    RequestEvent,
    RequestEventKind,
    RequestStage,
)
from ppid.services import request_number_format, request_sequence_take


@dataclass(frozen=True)
class DemoRequest:
    key: str
    name: str
    information: str
    purpose: str
    stage: str
    # Working days before today it was received, and decided (None: not decided).
    received_ago: int
    decided_ago: int | None = None
    note: str = ""
    ground: str = ""
    extension_days: int = 0
    extension_reason: str = ""
    # An objection: (reason, statement, working days ago filed, outcome, answer).
    objection: tuple = field(default=())
    delivery: str = DeliveryMethod.EMAIL
    last_year: bool = False


REQUESTS = [
    DemoRequest(
        key="tepat-waktu",
        name="Rina Kartika (fiktif)",
        information="Daftar nama anggota Panwaslu Kecamatan se-Kabupaten Jember periode ini.",
        purpose="Bahan liputan tentang pengawas pemilu di tingkat kecamatan.",
        stage=RequestStage.RECEIVED,
        received_ago=2,
    ),
    DemoRequest(
        key="terlambat",
        name="Ahmad Fauzi (fiktif)",
        information="Rekapitulasi temuan pelanggaran pada masa kampanye Pemilu 2024.",
        purpose="Penelitian skripsi tentang pengawasan kampanye.",
        stage=RequestStage.RECEIVED,
        received_ago=13,
        delivery=DeliveryMethod.COPY,
    ),
    DemoRequest(
        key="diperpanjang",
        name="Siti Aminah (fiktif)",
        information="Anggaran pengawasan pilkada tahun berjalan beserta realisasinya.",
        purpose="Pemantauan anggaran oleh lembaga swadaya masyarakat.",
        stage=RequestStage.RECEIVED,
        received_ago=9,
        extension_days=5,
        extension_reason=(
            "Data realisasi masih direkap oleh bagian keuangan dari seluruh kecamatan; "
            "kami memerlukan tambahan waktu untuk menghimpunnya."
        ),
    ),
    DemoRequest(
        key="dikabulkan",
        name="Bambang Sutrisno (fiktif)",
        information="Salinan laporan kinerja Bawaslu Kabupaten Jember tahun lalu.",
        purpose="Bahan diskusi kelompok pemantau pemilu.",
        stage=RequestStage.GRANTED,
        received_ago=25,
        decided_ago=19,
        note="Laporan kinerja dikirim sebagai lampiran dan tersedia di daftar informasi publik.",
    ),
    DemoRequest(
        key="sebagian",
        name="Dewi Lestari (fiktif)",
        information="Data penanganan pelanggaran tahun lalu beserta identitas para pelapornya.",
        purpose="Penelitian tentang efektivitas penanganan pelanggaran.",
        stage=RequestStage.PARTLY_GRANTED,
        received_ago=30,
        decided_ago=22,
        note=(
            "Rekap jumlah dan jenis pelanggaran kami berikan; identitas pelapor tidak dapat "
            "diberikan."
        ),
        ground=ExemptGround.LAW_ENFORCEMENT,
    ),
    DemoRequest(
        key="ditolak",
        name="Hendra Wijaya (fiktif)",
        information="Berita acara klarifikasi terlapor dalam perkara yang sedang ditangani.",
        purpose="Kepentingan pribadi.",
        stage=RequestStage.REFUSED,
        received_ago=18,
        decided_ago=10,
        note="Perkara masih dalam proses penanganan.",
        ground=ExemptGround.LAW_ENFORCEMENT,
    ),
    DemoRequest(
        key="tidak-dikuasai",
        name="Yulia Rahmawati (fiktif)",
        information="Daftar pemilih tetap per TPS di Kecamatan Kaliwates.",
        purpose="Pengecekan data pemilih keluarga.",
        stage=RequestStage.NOT_HELD,
        received_ago=16,
        decided_ago=12,
        note=(
            "Daftar pemilih dikuasai KPU Kabupaten Jember; silakan mengajukan permohonan ke "
            "PPID KPU Kabupaten Jember."
        ),
    ),
    DemoRequest(
        key="dicabut",
        name="Agus Salim (fiktif)",
        information="Jadwal sosialisasi pengawasan partisipatif bulan depan.",
        purpose="Mengikuti kegiatan sosialisasi.",
        stage=RequestStage.WITHDRAWN,
        received_ago=8,
        decided_ago=6,
        note="Pemohon menyampaikan lewat telepon bahwa jadwal sudah ia peroleh di portal.",
    ),
    DemoRequest(
        key="keberatan-menunggu",
        name="Lukman Hakim (fiktif)",
        information="Notulen rapat pleno pengawas tentang rekomendasi pemungutan suara ulang.",
        purpose="Bahan advokasi warga.",
        stage=RequestStage.REFUSED,
        received_ago=24,
        decided_ago=15,
        note="Notulen memuat pertimbangan internal yang dirahasiakan.",
        ground=ExemptGround.INTERNAL_MEMO,
        objection=(
            ObjectionReason.REFUSED,
            "Rekomendasi sudah diumumkan, sehingga pertimbangannya semestinya dapat dibuka.",
            4,
            "",
            "",
        ),
    ),
    DemoRequest(
        key="keberatan-dijawab",
        name="Maria Ulfa (fiktif)",
        information="Rincian biaya perjalanan dinas pengawasan di kecamatan selama setahun.",
        purpose="Pemantauan penggunaan anggaran.",
        stage=RequestStage.PARTLY_GRANTED,
        received_ago=60,
        decided_ago=52,
        note="Rekap per kegiatan diberikan; data pribadi pegawai dihitamkan.",
        ground=ExemptGround.PRIVACY,
        objection=(
            ObjectionReason.NOT_AS_ASKED,
            "Yang saya minta rincian per perjalanan, bukan rekap per kegiatan.",
            40,
            ObjectionOutcome.UPHELD,
            "Keberatan diterima: rincian per perjalanan diberikan dengan nama pegawai dihitamkan.",
        ),
    ),
    DemoRequest(
        key="tahun-lalu-dikabulkan",
        name="Fajar Nugroho (fiktif)",
        information="Daftar kegiatan pengawasan tahapan pemilu tahun lalu.",
        purpose="Arsip organisasi pemantau.",
        stage=RequestStage.GRANTED,
        received_ago=0,
        decided_ago=0,
        note="Daftar kegiatan dikirim lewat e-mail.",
        last_year=True,
    ),
    DemoRequest(
        key="tahun-lalu-ditolak",
        name="Nur Hidayah (fiktif)",
        information="Salinan kartu tanda penduduk para pelapor pelanggaran.",
        purpose="Tidak disebutkan.",
        stage=RequestStage.REFUSED,
        received_ago=0,
        decided_ago=0,
        note="Data pribadi pelapor dilindungi undang-undang.",
        ground=ExemptGround.PRIVACY,
        last_year=True,
    ),
]


def _working_days_before(day: date, days: int, calendar: HolidayCalendar) -> date:
    counted = 0
    while counted < days:
        day -= timedelta(days=1)
        if is_working_day(day, calendar):
            counted += 1
    return day


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_default_timezone())


def _event(request, when: datetime, **fields) -> None:
    event = RequestEvent.objects.create(request=request, **fields)
    # The history as it happened, not as seeded.
    RequestEvent.objects.filter(pk=event.pk).update(created_at=when)


def _moments(demo: DemoRequest, today: date, calendar: HolidayCalendar):
    if demo.last_year:
        # A working day in mid-March of last year, decided five working days later.
        received = _working_days_before(date(today.year - 1, 3, 16), 1, calendar)
        decided = _working_days_before(date(today.year - 1, 3, 24), 1, calendar)
        return _at(received, 9), _at(decided, 14)
    received = _at(_working_days_before(today, demo.received_ago, calendar), 9)
    decided = None
    if demo.decided_ago is not None:
        decided = _at(_working_days_before(today, demo.decided_ago, calendar), 14)
    return received, decided


@transaction.atomic
def _seed_one(demo: DemoRequest, today: date, calendar: HolidayCalendar) -> None:
    tracking_hash = tracking_secret_hash("demo-ppid-%s" % demo.key)
    if InformationRequest.objects.filter(tracking_hash=tracking_hash).exists():
        return
    received, decided = _moments(demo, today, calendar)
    year = received.astimezone(timezone.get_default_timezone()).year
    request = InformationRequest(
        number=request_number_format(year, request_sequence_take(year=year)),
        tracking_hash=tracking_hash,
        requester_name=demo.name,
        requester_address="Jl. Contoh No. %d, Jember (fiktif)" % (len(demo.key) + 1),
        requester_email="%s@contoh.example.id" % demo.key,
        information=demo.information,
        purpose=demo.purpose,
        delivery=demo.delivery,
        language="id",
        stage=demo.stage,
        received_at=received,
        due_on=request_due_on(received),
        decided_at=decided,
        decision_note=demo.note if demo.stage != RequestStage.WITHDRAWN else "",
        refusal_ground=demo.ground,
    )
    if demo.extension_days:
        request.extended_due_on = extension_due_on(request=request, days=demo.extension_days)
        request.extension_reason = demo.extension_reason
    request.full_clean(exclude=["tracking_hash"])
    request.save()
    _event(request, received, kind=RequestEventKind.RECEIVED, to_stage=RequestStage.RECEIVED)
    if demo.extension_days:
        _event(
            request,
            received + timedelta(days=1),
            kind=RequestEventKind.EXTENDED,
            public_note=demo.extension_reason,
        )
    if decided is not None:
        kind = (
            RequestEventKind.WITHDRAWN
            if demo.stage == RequestStage.WITHDRAWN
            else RequestEventKind.DECIDED
        )
        _event(
            request,
            decided,
            kind=kind,
            from_stage=RequestStage.RECEIVED,
            to_stage=demo.stage,
            public_note=demo.note,
        )
    if demo.objection:
        reason, statement, filed_ago, outcome, answer = demo.objection
        filed = _at(_working_days_before(today, filed_ago, calendar), 10)
        answered = filed + timedelta(days=14) if outcome else None
        Objection.objects.create(
            request=request,
            reason=reason,
            statement=statement,
            filed_at=filed,
            due_on=objection_due_on(filed),
            outcome=outcome,
            answer=answer,
            answered_at=answered,
        )
        _event(request, filed, kind=RequestEventKind.OBJECTION_FILED, public_note=statement)
        if outcome:
            _event(request, answered, kind=RequestEventKind.OBJECTION_ANSWERED, public_note=answer)


def seed_requests() -> None:
    today = local_today()
    calendar = HolidayCalendar()
    for demo in REQUESTS:
        _seed_one(demo, today, calendar)
