"""The demo register of public information (manage.py seed_demo): what a Bawaslu regency office
publishes in each of the four categories of UU 14/2008, and what it withholds, with its ground.

Entries are made as the admin makes them: validated by the model (the exempt rules included)
and, for a document, a PDF written on the spot and cleaned by pdf_sanitize. Looked up by slug:
running the seeder again changes nothing. The years follow the office's today, so the register
looks current whenever the demo is loaded.
"""

from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from humas_portal.demo_content import demo_pdf
from humas_portal.elections.dates import local_today
from humas_portal.uploads import pdf_sanitize
from ppid.models import EntryStatus, ExemptGround, InformationCategory, InformationEntry
from ppid.register_selectors import service_links

PERIODIC = InformationCategory.PERIODIC
IMMEDIATE = InformationCategory.IMMEDIATE
ANY_TIME = InformationCategory.ANY_TIME
EXEMPT = InformationCategory.EXEMPT


@dataclass(frozen=True)
class DemoEntry:
    slug: str
    title: str
    category: str
    summary: str
    unit: str
    format: str
    period: str
    # Years before the current one: 0 this year, 1 last year.
    years_ago: int = 0
    # Lines of the PDF's pages; none: no document.
    pages: tuple[tuple[str, ...], ...] = ()
    # A URL name of the portal (reversed when seeding), "service:<name>" for one of the
    # service's own pages (register_selectors.service_links) or an https address.
    link: str = ""
    ground: str = ""
    # (years ago, month, day) of the consequence test.
    tested: tuple[int, int, int] | None = None
    status: str = EntryStatus.PUBLISHED


SECRETARIAT = "Sekretariat Bawaslu Kabupaten Jember"
PPID = "PPID Bawaslu Kabupaten Jember"
HPP = "Divisi Penanganan Pelanggaran dan Penyelesaian Sengketa"
PREVENTION = "Divisi Pencegahan, Partisipasi Masyarakat dan Humas"
HR = "Divisi SDM, Organisasi, Pendidikan dan Pelatihan"
LAW = "Divisi Hukum dan Diklat"

ENTRIES = (
    # --- Berkala (Pasal 9): published regularly, at least every six months ---
    DemoEntry(
        slug="daftar-informasi-publik",
        title="Daftar Informasi Publik Bawaslu Kabupaten Jember",
        category=PERIODIC,
        summary="Daftar seluruh informasi publik yang dikuasai Bawaslu Kabupaten Jember, "
        "termasuk informasi yang dikecualikan beserta dasar pengecualiannya.",
        unit=PPID,
        format="Laman portal, CSV",
        period="Selama berlaku, diperbarui setiap ada perubahan",
        link="ppid:index",
    ),
    DemoEntry(
        slug="profil-dan-struktur-organisasi",
        title="Profil, tugas, wewenang dan struktur organisasi",
        category=PERIODIC,
        summary="Kedudukan, tugas, wewenang dan kewajiban Bawaslu Kabupaten Jember menurut "
        "UU 7/2017, susunan pimpinan dan pembagian divisi, serta alamat kantor.",
        unit=SECRETARIAT,
        format="PDF",
        period="Selama berlaku",
        pages=(
            (
                "Profil Bawaslu Kabupaten Jember",
                "Tugas: mengawasi penyelenggaraan pemilu di Kabupaten Jember.",
                "Pimpinan: Ketua dan empat Anggota, masing-masing memimpin satu divisi.",
            ),
        ),
    ),
    DemoEntry(
        slug="rencana-strategis",
        title="Rencana Strategis Bawaslu Kabupaten Jember 2025-2029",
        category=PERIODIC,
        summary="Visi, misi, tujuan, sasaran strategis dan indikator kinerja lima tahun, "
        "turunan dari Renstra Bawaslu RI.",
        unit=SECRETARIAT,
        format="PDF",
        period="5 tahun",
        pages=(
            ("Rencana Strategis 2025-2029", "Visi: menjadi pengawas pemilu yang dipercaya."),
            ("Sasaran strategis", "1. Meningkatnya kualitas pencegahan pelanggaran."),
        ),
    ),
    DemoEntry(
        slug="laporan-kinerja",
        title="Laporan Kinerja Instansi Pemerintah (LKjIP)",
        category=PERIODIC,
        summary="Capaian indikator kinerja tahun anggaran yang lalu dibandingkan dengan "
        "targetnya, dengan analisis dan rencana perbaikan.",
        unit=SECRETARIAT,
        format="PDF",
        period="10 tahun",
        years_ago=1,
        pages=(("Laporan Kinerja", "Capaian indikator kinerja utama: 96 persen."),),
    ),
    DemoEntry(
        slug="laporan-keuangan",
        title="Laporan Keuangan: realisasi anggaran, neraca dan catatan",
        category=PERIODIC,
        summary="Laporan Realisasi Anggaran, Neraca dan Catatan atas Laporan Keuangan tahun "
        "anggaran yang lalu, setelah direviu.",
        unit=SECRETARIAT,
        format="PDF",
        period="10 tahun",
        years_ago=1,
        pages=(
            ("Laporan Realisasi Anggaran", "Pagu, realisasi dan persentase per jenis belanja."),
            ("Neraca", "Aset, kewajiban dan ekuitas per 31 Desember."),
        ),
    ),
    DemoEntry(
        slug="ringkasan-dipa",
        title="Ringkasan DIPA dan rencana kerja anggaran",
        category=PERIODIC,
        summary="Ringkasan Daftar Isian Pelaksanaan Anggaran tahun berjalan: pagu per program "
        "dan kegiatan, termasuk anggaran pengawasan tahapan.",
        unit=SECRETARIAT,
        format="PDF",
        period="10 tahun",
        pages=(("Ringkasan DIPA", "Program dukungan manajemen dan program pengawasan."),),
    ),
    DemoEntry(
        slug="lhkpn-pimpinan",
        title="LHKPN Ketua dan Anggota Bawaslu Kabupaten Jember",
        category=PERIODIC,
        summary="Laporan Harta Kekayaan Penyelenggara Negara pimpinan, diumumkan lewat e-LHKPN "
        "Komisi Pemberantasan Korupsi.",
        unit=SECRETARIAT,
        format="Laman e-LHKPN KPK",
        period="Selama menjabat",
        years_ago=1,
        link="https://elhkpn.kpk.go.id/portal/user/check_form_announ",
    ),
    DemoEntry(
        slug="laporan-layanan-informasi-publik",
        title="Laporan Layanan Informasi Publik",
        category=PERIODIC,
        summary="Jumlah permohonan informasi, yang dikabulkan, ditolak beserta alasannya, "
        "keberatan dan waktu rata-rata menjawab, setiap tahun.",
        unit=PPID,
        format="Laman portal, CSV, XLSX",
        period="Setiap tahun",
        years_ago=1,
        link="service:report",
    ),
    DemoEntry(
        slug="statistik-pengaduan",
        title="Statistik pengaduan dugaan pelanggaran",
        category=PERIODIC,
        summary="Jumlah pengaduan menurut kategori, tahap penanganan, bulan dan kecamatan, "
        "tanpa identitas pelapor.",
        unit=HPP,
        format="Laman portal, CSV",
        period="Diperbarui setiap hari",
        link="complaints:statistics",
    ),
    DemoEntry(
        slug="laporan-hasil-pengawasan",
        title="Laporan hasil pengawasan tahapan pemilihan",
        category=PERIODIC,
        summary="Temuan pengawasan setiap tahapan: pemutakhiran data pemilih, pencalonan, "
        "kampanye, pemungutan dan penghitungan suara.",
        unit=PREVENTION,
        format="PDF",
        period="10 tahun",
        pages=(("Laporan Hasil Pengawasan", "Tahapan pemutakhiran data pemilih: 31 kecamatan."),),
    ),
    # --- Serta-merta (Pasal 10): at once, when lives or public order are at stake ---
    DemoEntry(
        slug="indeks-kerawanan-pemilu",
        title="Peringatan dini: pemetaan kerawanan pemilu dan TPS rawan",
        category=IMMEDIATE,
        summary="Indeks Kerawanan Pemilu Kabupaten Jember dan daftar TPS rawan per kecamatan "
        "(akses, politik uang, netralitas, bencana), sebagai peringatan dini.",
        unit=PREVENTION,
        format="PDF",
        period="Selama tahapan berlangsung",
        pages=(
            ("Pemetaan TPS Rawan", "Variabel: akses, politik uang, netralitas, bencana."),
            ("Rekomendasi", "Patroli pengawasan di TPS dengan kerawanan tinggi."),
        ),
    ),
    DemoEntry(
        slug="informasi-bencana-saat-tahapan",
        title="Informasi bencana dan gangguan saat tahapan: TPS terdampak banjir",
        category=IMMEDIATE,
        summary="TPS yang dipindahkan atau diundur karena banjir dan tanah longsor, beserta "
        "lokasi pengganti dan jadwalnya, disampaikan segera lewat berita portal.",
        unit=PREVENTION,
        format="Berita portal",
        period="Selama tahapan berlangsung",
        link="news:article_list",
    ),
    DemoEntry(
        slug="imbauan-masa-tenang",
        title="Imbauan larangan politik uang pada masa tenang",
        category=IMMEDIATE,
        summary="Larangan kampanye dan pemberian uang atau barang pada masa tenang dan hari "
        "pemungutan suara, serta cara melapor ke posko aduan.",
        unit=PREVENTION,
        format="Materi edukasi di portal",
        period="Selama tahapan berlangsung",
        link="education:item_list",
    ),
    # --- Setiap saat (Pasal 11): available on request at any time ---
    DemoEntry(
        slug="daftar-pengawas-ad-hoc",
        title="Daftar pengawas pemilu ad hoc: Panwaslu Kecamatan, PKD dan Pengawas TPS",
        category=ANY_TIME,
        summary="Nama dan wilayah tugas anggota Panwaslu Kecamatan, Pengawas Kelurahan/Desa dan "
        "Pengawas TPS yang ditetapkan, tanpa data pribadinya.",
        unit=HR,
        format="PDF",
        period="Selama masa tugas",
        pages=(("Daftar Panwaslu Kecamatan", "31 kecamatan, 3 anggota per kecamatan."),),
    ),
    DemoEntry(
        slug="sop-penanganan-pelanggaran",
        title="SOP penanganan pelanggaran pemilu",
        category=ANY_TIME,
        summary="Langkah dan jangka waktu sejak laporan atau temuan diterima: kajian awal, "
        "registrasi, klarifikasi, kajian dan penerusan.",
        unit=HPP,
        format="PDF",
        period="Selama berlaku",
        pages=(("SOP Penanganan Pelanggaran", "Laporan paling lambat 7 hari sejak diketahui."),),
    ),
    DemoEntry(
        slug="sop-pelayanan-informasi-publik",
        title="SOP pelayanan informasi publik",
        category=ANY_TIME,
        summary="Tata cara permohonan informasi dan keberatan, jangka waktu 10 hari kerja dan "
        "perpanjangan 7 hari kerja, serta biaya salinan.",
        unit=PPID,
        format="PDF",
        period="Selama berlaku",
        pages=(("SOP Pelayanan Informasi Publik", "Jawaban paling lambat 10 hari kerja."),),
    ),
    DemoEntry(
        slug="putusan-pelanggaran-administratif",
        title="Putusan pelanggaran administratif yang berkekuatan tetap",
        category=ANY_TIME,
        summary="Putusan penanganan pelanggaran administratif pemilu yang telah berkekuatan "
        "hukum tetap, dengan identitas saksi disamarkan.",
        unit=HPP,
        format="PDF",
        period="Permanen",
        years_ago=1,
        pages=(("Putusan", "Amar putusan: terbukti melanggar tata cara dan prosedur."),),
    ),
    DemoEntry(
        slug="mou-pengawasan-partisipatif",
        title="Nota kesepahaman pengawasan partisipatif dengan perguruan tinggi",
        category=ANY_TIME,
        summary="Nota kesepahaman dengan perguruan tinggi di Jember tentang pendidikan "
        "pengawasan partisipatif dan pemantauan pemilu oleh mahasiswa.",
        unit=PREVENTION,
        format="PDF",
        period="Selama berlaku",
        years_ago=1,
        pages=(("Nota Kesepahaman", "Ruang lingkup: pendidikan pengawasan partisipatif."),),
    ),
    DemoEntry(
        slug="regulasi-pengawasan",
        title="Peraturan Bawaslu dan regulasi pengawasan pemilu",
        category=ANY_TIME,
        summary="Undang-undang, Peraturan Bawaslu dan keputusan yang menjadi dasar pengawasan, "
        "di Jaringan Dokumentasi dan Informasi Hukum Bawaslu.",
        unit=LAW,
        format="Laman JDIH Bawaslu",
        period="Selama berlaku",
        link="https://jdih.bawaslu.go.id/",
    ),
    DemoEntry(
        slug="notulen-rapat-koordinasi",
        title="Notulen rapat koordinasi pengawasan dengan pemangku kepentingan",
        category=ANY_TIME,
        summary="Notulen rapat koordinasi dengan KPU, kepolisian, kejaksaan dan pemerintah "
        "daerah; salinan diberikan atas permohonan.",
        unit=SECRETARIAT,
        format="Cetak",
        period="5 tahun",
    ),
    # --- Dikecualikan (Pasal 17): the ground and the consequence test, never the content ---
    DemoEntry(
        slug="identitas-pelapor-dan-saksi",
        title="Identitas pelapor dan saksi dalam penanganan pelanggaran",
        category=EXEMPT,
        summary="Nama, alamat dan kontak pelapor, saksi dan korban dalam laporan dugaan "
        "pelanggaran (Pasal 17 huruf a angka 2: mengungkap identitas pelapor dan saksi).",
        unit=HPP,
        format="Berkas penanganan",
        period="Selama berkas disimpan",
        ground=ExemptGround.LAW_ENFORCEMENT,
        tested=(1, 3, 12),
    ),
    DemoEntry(
        slug="data-pribadi-pengawas-ad-hoc",
        title="Data pribadi pengawas pemilu ad hoc",
        category=EXEMPT,
        summary="Nomor induk kependudukan, alamat rumah, nomor telepon, rekening dan riwayat "
        "kesehatan pengawas ad hoc yang dikumpulkan saat seleksi.",
        unit=HR,
        format="Berkas seleksi",
        period="5 tahun",
        ground=ExemptGround.PRIVACY,
        tested=(1, 3, 12),
    ),
    DemoEntry(
        slug="berkas-penanganan-yang-berproses",
        title="Berkas penanganan pelanggaran yang masih berproses",
        category=EXEMPT,
        summary="Kajian awal, hasil klarifikasi dan kajian dugaan pelanggaran sebelum "
        "diputus atau diteruskan; terbuka setelah penanganannya selesai.",
        unit=HPP,
        format="Berkas penanganan",
        period="Sampai penanganan selesai",
        ground=ExemptGround.LAW_ENFORCEMENT,
        tested=(1, 3, 12),
    ),
    DemoEntry(
        slug="telaah-internal-rapat-pleno",
        title="Telaah internal untuk rapat pleno yang dirahasiakan",
        category=EXEMPT,
        summary="Memorandum dan telaah staf yang disiapkan untuk rapat pleno pimpinan sebelum "
        "keputusan diambil.",
        unit=SECRETARIAT,
        format="Memorandum",
        period="Sampai keputusan diumumkan",
        ground=ExemptGround.INTERNAL_MEMO,
        tested=(1, 11, 20),
    ),
    # A draft: written, not yet published (not on the public pages).
    DemoEntry(
        slug="laporan-kinerja-semester-pertama",
        title="Laporan kinerja semester pertama",
        category=PERIODIC,
        summary="Capaian indikator kinerja enam bulan pertama tahun berjalan.",
        unit=SECRETARIAT,
        format="PDF",
        period="10 tahun",
        status=EntryStatus.DRAFT,
    ),
)


def _link(value: str) -> str:
    if not value or value.startswith("https://"):
        return value
    if value.startswith("service:"):
        return service_links()[value.removeprefix("service:")]
    return reverse(value)


def _entry_create(demo: DemoEntry, *, today: date) -> InformationEntry:
    entry = InformationEntry(
        slug=demo.slug,
        title=demo.title,
        category=demo.category,
        summary=demo.summary,
        responsible_unit=demo.unit,
        format=demo.format,
        period=demo.period,
        year=today.year - demo.years_ago,
        link=_link(demo.link),
        exempt_ground=demo.ground,
        consequence_test_on=(
            date(today.year - demo.tested[0], demo.tested[1], demo.tested[2])
            if demo.tested
            else None
        ),
        status=demo.status,
    )
    if demo.pages:
        document = pdf_sanitize(
            ContentFile(demo_pdf([list(lines) for lines in demo.pages]), name="dokumen.pdf")
        )
        entry.document_size = document.size
        entry.document.save(document.name, document, save=False)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def seed_register() -> None:
    today = local_today()
    existing = set(InformationEntry.objects.values_list("slug", flat=True))
    for demo in ENTRIES:
        if demo.slug not in existing:
            _entry_create(demo, today=today)
