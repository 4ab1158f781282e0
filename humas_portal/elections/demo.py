"""Demo elections, their stages (tahapan) and the fixed national holidays.

Every date is relative to the day the demo is seeded, so the demo never asks a citizen to pick
an election that is long over, nor shows a timeline that ended long ago: two past elections,
closed to new complaints; one coming re-vote with stages running, one done and one still
ahead, the only one open (the complaint form then chooses it by itself); and the next regional
election and the next general election, whose first stages run today (the timeline,
/edukasi/tahapan/, and the home page show them). These two are not open on the complaint form
yet: the office opens an election there when it chooses. Every name ends in "(contoh)", so
that no screenshot of the demo can pass for a real schedule; their stages cite the regulations
of the last cycle (Pemilu 2024, Pilkada 2024), as the next cycle's are not issued yet.
Idempotent: a second run finds every row by its name (or date) and changes nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from humas_portal.elections.dates import local_today
from humas_portal.elections.models import Election, ElectionKind, ElectionStage, Holiday

# (name, kind, voting day: days from today); past, so closed to new complaints.
PAST_ELECTIONS = [
    ("Pemilihan Bupati dan Wakil Bupati Jember (contoh)", ElectionKind.PILKADA, -400),
    ("Pemilu Presiden dan Legislatif (contoh)", ElectionKind.PEMILU, -700),
]

REPORT_WITHIN_7_DAYS = (
    "Laporkan paling lambat 7 hari sejak Anda mengetahui kejadiannya. Sertakan apa yang "
    "terjadi, kapan, di mana, siapa yang terlibat, dan bukti seperti foto, video atau saksi."
)


@dataclass(frozen=True)
class DemoStage:
    order: int
    name: str
    first: int  # days from today
    last: int
    legal_basis: str = ""
    description: str = ""
    watch_points: str = ""
    report_hint: str = REPORT_WITHIN_7_DAYS


@dataclass(frozen=True)
class DemoElection:
    name: str
    kind: str
    voting_in_days: int
    is_open: bool
    stages: list[DemoStage]


# The re-vote whose stages run now, overlapping as real stages do.
REVOTE = DemoElection(
    name="Pemungutan Suara Ulang Pilkada Jember (contoh)",
    kind=ElectionKind.PILKADA,
    voting_in_days=40,
    is_open=True,
    stages=[
        DemoStage(
            1,
            "Pemutakhiran data pemilih",
            -60,
            -10,
            "PKPU Nomor 7 Tahun 2024",
            "Pencocokan dan penelitian data pemilih.",
            "Petugas mendatangi setiap rumah. Pemilih yang memenuhi syarat tercatat. "
            "Pemilih yang sudah meninggal atau pindah dicoret.",
        ),
        DemoStage(
            2,
            "Pencalonan",
            -30,
            5,
            "PKPU Nomor 8 Tahun 2024",
            "Pendaftaran dan verifikasi pasangan calon.",
            "Syarat calon dan dukungan diperiksa dengan benar. Tidak ada mahar politik.",
        ),
        DemoStage(
            3,
            "Kampanye",
            -5,
            36,
            "PKPU Nomor 13 Tahun 2024",
            "Kampanye pasangan calon, termasuk rapat umum dan iklan.",
            "Politik uang. Kampanye di tempat ibadah, sekolah atau kantor pemerintah. "
            "ASN, TNI, Polri dan kepala desa yang tidak netral. Hoaks dan ujaran kebencian.",
        ),
        DemoStage(
            4,
            "Masa tenang",
            37,
            39,
            "PKPU Nomor 13 Tahun 2024",
            "Tidak ada kegiatan kampanye.",
            "Kampanye terselubung. Pembagian uang atau barang menjelang pemungutan suara.",
        ),
        DemoStage(
            5,
            "Pemungutan dan penghitungan suara",
            40,
            42,
            "PKPU Nomor 17 Tahun 2024",
            "Di setiap TPS, lalu rekapitulasi.",
            "Pemilih yang memilih lebih dari sekali. Intimidasi di TPS. Salinan hasil "
            "penghitungan untuk saksi dan pengawas.",
        ),
    ],
)

NEXT_PILKADA = DemoElection(
    name="Pemilihan Bupati dan Wakil Bupati Jember Berikutnya (contoh)",
    kind=ElectionKind.PILKADA,
    voting_in_days=260,
    is_open=False,
    stages=[
        DemoStage(
            1,
            "Perencanaan program dan anggaran",
            -45,
            15,
            "PKPU Nomor 2 Tahun 2024",
            "Penyusunan anggaran dan penandatanganan naskah perjanjian hibah daerah.",
            "Anggaran pengawasan tersedia tepat waktu. Tidak ada pemotongan yang menghambat "
            "tahapan.",
        ),
        DemoStage(
            2,
            "Pembentukan PPK, PPS dan KPPS",
            10,
            230,
            "PKPU Nomor 2 Tahun 2024",
            "Rekrutmen penyelenggara ad hoc di kecamatan, desa dan TPS.",
            "Anggota yang diangkat tidak menjadi anggota partai politik. Seleksi terbuka.",
        ),
        DemoStage(
            3,
            "Pemutakhiran dan penyusunan daftar pemilih",
            70,
            185,
            "PKPU Nomor 7 Tahun 2024",
            "Coklit, daftar pemilih sementara, lalu daftar pemilih tetap.",
            "Pemilih pemula, penyandang disabilitas dan warga di pelosok tercatat. "
            "Tidak ada pemilih ganda atau fiktif.",
        ),
        DemoStage(
            4,
            "Pendaftaran pasangan calon",
            160,
            162,
            "PKPU Nomor 8 Tahun 2024",
            "Partai politik atau gabungan partai mendaftarkan pasangan calon.",
            "Mahar politik. Dukungan partai yang ganda.",
        ),
        DemoStage(
            5,
            "Penelitian persyaratan dan penetapan pasangan calon",
            163,
            185,
            "PKPU Nomor 8 Tahun 2024",
            "KPU meneliti syarat, lalu menetapkan pasangan calon dan nomor urutnya.",
            "Dokumen syarat yang palsu. Keputusan yang tidak sesuai hasil penelitian.",
        ),
        DemoStage(
            6,
            "Kampanye",
            188,
            256,
            "PKPU Nomor 13 Tahun 2024",
            "Pertemuan tatap muka, rapat umum, debat publik dan iklan.",
            "Politik uang. Kampanye di tempat ibadah, sekolah atau kantor pemerintah. "
            "ASN, TNI, Polri dan kepala desa yang tidak netral. Hoaks dan ujaran kebencian.",
        ),
        DemoStage(
            7,
            "Masa tenang",
            257,
            259,
            "PKPU Nomor 13 Tahun 2024",
            "Alat peraga kampanye diturunkan; tidak ada kampanye.",
            "Kampanye terselubung. Serangan fajar: uang atau barang untuk memengaruhi pilihan.",
        ),
        DemoStage(
            8,
            "Pemungutan dan penghitungan suara",
            260,
            260,
            "PKPU Nomor 17 Tahun 2024",
            "Pemungutan suara di TPS, lalu penghitungan terbuka.",
            "Pemilih yang memilih lebih dari sekali. Intimidasi di TPS. Salinan hasil "
            "penghitungan untuk saksi dan pengawas.",
        ),
        DemoStage(
            9,
            "Rekapitulasi hasil penghitungan suara",
            261,
            279,
            "PKPU Nomor 18 Tahun 2024",
            "Rekapitulasi berjenjang di kecamatan dan kabupaten.",
            "Angka yang berubah antara TPS dan rekapitulasi. Keberatan saksi dicatat.",
        ),
    ],
)

NEXT_PEMILU = DemoElection(
    name="Pemilu Serentak Berikutnya (contoh)",
    kind=ElectionKind.PEMILU,
    voting_in_days=430,
    is_open=False,
    stages=[
        DemoStage(
            1,
            "Perencanaan program dan anggaran serta penyusunan peraturan pelaksanaan",
            -120,
            300,
            "UU Nomor 7 Tahun 2017; PKPU Nomor 3 Tahun 2022",
            "KPU menyusun anggaran, jadwal dan peraturan setiap tahapan.",
            "Uji publik rancangan peraturan KPU. Jadwal yang sesuai undang-undang.",
        ),
        DemoStage(
            2,
            "Pendaftaran, verifikasi dan penetapan partai politik peserta pemilu",
            -20,
            110,
            "PKPU Nomor 4 Tahun 2022",
            "Partai politik mendaftar; KPU memverifikasi pengurus dan anggotanya.",
            "Warga yang dicatut sebagai anggota partai tanpa izin. ASN, TNI, Polri dan "
            "penyelenggara yang terdaftar sebagai anggota partai.",
            "Cek nama Anda di Sipol. Jika dicatut sebagai anggota partai, laporkan dengan "
            "salinan KTP dan tangkapan layar. Laporkan paling lambat 7 hari sejak Anda "
            "mengetahuinya.",
        ),
        DemoStage(
            3,
            "Penetapan jumlah kursi dan daerah pemilihan",
            60,
            180,
            "PKPU Nomor 6 Tahun 2022",
            "Pembagian daerah pemilihan dan jumlah kursi DPRD.",
            "Daerah pemilihan disusun sesuai jumlah penduduk dan prinsip yang adil.",
        ),
        DemoStage(
            4,
            "Pemutakhiran data pemilih dan penyusunan daftar pemilih",
            100,
            340,
            "PKPU Nomor 7 Tahun 2022",
            "Coklit dari rumah ke rumah, daftar pemilih sementara, lalu daftar pemilih tetap.",
            "Pemilih pemula, penyandang disabilitas dan warga di pelosok tercatat. "
            "Tidak ada pemilih ganda atau fiktif.",
        ),
        DemoStage(
            5,
            "Pencalonan anggota DPR, DPD dan DPRD",
            150,
            330,
            "PKPU Nomor 10 Tahun 2023; PKPU Nomor 11 Tahun 2023",
            "Pendaftaran dan verifikasi bakal calon, daftar calon sementara, lalu tetap.",
            "Keterwakilan perempuan paling sedikit 30 persen. Mantan terpidana yang tidak "
            "mengumumkan statusnya. Dokumen syarat yang palsu.",
        ),
        DemoStage(
            6,
            "Pencalonan Presiden dan Wakil Presiden",
            300,
            335,
            "PKPU Nomor 19 Tahun 2023",
            "Pendaftaran, pemeriksaan kesehatan dan penetapan pasangan calon.",
            "Mahar politik. Syarat dukungan partai yang terpenuhi.",
        ),
        DemoStage(
            7,
            "Masa kampanye",
            345,
            426,
            "PKPU Nomor 15 Tahun 2023",
            "Pertemuan, rapat umum, debat, iklan dan kampanye di media sosial.",
            "Politik uang. Kampanye di tempat ibadah, sekolah atau kantor pemerintah. "
            "ASN, TNI, Polri dan kepala desa yang tidak netral. Hoaks dan ujaran kebencian.",
        ),
        DemoStage(
            8,
            "Masa tenang",
            427,
            429,
            "PKPU Nomor 15 Tahun 2023",
            "Alat peraga kampanye diturunkan; tidak ada kampanye.",
            "Kampanye terselubung. Serangan fajar: uang atau barang untuk memengaruhi pilihan.",
        ),
        DemoStage(
            9,
            "Pemungutan dan penghitungan suara",
            430,
            431,
            "PKPU Nomor 25 Tahun 2023",
            "Lima surat suara di setiap TPS, lalu penghitungan terbuka.",
            "Pemilih yang memilih lebih dari sekali. Intimidasi di TPS. Salinan hasil "
            "penghitungan untuk saksi dan pengawas.",
        ),
        DemoStage(
            10,
            "Rekapitulasi hasil penghitungan suara",
            431,
            465,
            "PKPU Nomor 5 Tahun 2024",
            "Rekapitulasi berjenjang dari kecamatan sampai nasional.",
            "Angka yang berubah antara TPS dan rekapitulasi. Keberatan saksi dicatat.",
        ),
        DemoStage(
            11,
            "Penetapan hasil pemilu",
            466,
            500,
            "PKPU Nomor 5 Tahun 2024",
            "Penetapan perolehan suara, kursi dan calon terpilih.",
            "Penetapan sesuai hasil rekapitulasi dan putusan perselisihan hasil.",
        ),
    ],
)

DEMO_ELECTIONS = [REVOTE, NEXT_PILKADA, NEXT_PEMILU]


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
    for demo in DEMO_ELECTIONS:
        election, _created = Election.objects.get_or_create(
            name=demo.name,
            defaults={
                "kind": demo.kind,
                "voting_day": today + timedelta(days=demo.voting_in_days),
                "is_open": demo.is_open,
            },
        )
        for stage in demo.stages:
            ElectionStage.objects.get_or_create(
                election=election,
                name=stage.name,
                defaults={
                    "order": stage.order,
                    "start_date": today + timedelta(days=stage.first),
                    "end_date": today + timedelta(days=stage.last),
                    "legal_basis": stage.legal_basis,
                    "description": stage.description,
                    "watch_points": stage.watch_points,
                    "report_hint": stage.report_hint,
                },
            )
