"""Demo content for the complaint desk: complaints at every kind of stage and ready replies,
about the demo elections (humas_portal.elections.demo, seeded first).

Every reporter is clearly fictional ("(fiktif)" in the name, example.id addresses, unassigned
numbers). Fixed form tokens make the seeder idempotent: a second run finds each complaint by
its token and moves nothing again.
"""

import uuid
from datetime import timedelta

from django.conf import settings

from complaints.models import CannedReply, Category, Complaint, Stage
from complaints.services import complaint_submit, complaint_transition
from humas_portal.elections.dates import local_today
from humas_portal.elections.models import Election
from humas_portal.siteprofile.models import Region, RegionLevel

DEMO_NAMESPACE = uuid.UUID("5d1c6a0e-3f2b-4c1e-9a57-2c0f4b7d9e10")

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
        .filter(code__startswith="35.09.")
        .order_by("code")[::40][: len(COMPLAINTS)]
    )


def seed_complaints() -> None:
    for title, stage, body in CANNED_REPLIES:
        CannedReply.objects.get_or_create(title=title, defaults={"stage": stage, "body": body})
    elections = list(Election.objects.filter(is_open=True).order_by("pk"))
    villages = _villages()
    if not villages or not elections:
        return  # the office's regions or the elections are not loaded: nothing to file about
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
