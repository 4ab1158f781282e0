"""Demo news for Bawaslu Kabupaten Jember: about 30 articles of every kind, published in 2026.

Everything here is fictional demo content: institutional news with no named person, no result
and no claim about a real candidate, party or outlet (the award story included). Covers are
drawn with Pillow on the spot; nothing is downloaded. Every row passes full_clean(), which
sanitises the body. Running it again changes nothing: articles are looked up by slug.

The demo articles are marked as already distributed, so that a demo install with its worker
running does not mail the demo subscribers about thirty old articles.
"""

import textwrap
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from humas_portal.demo_content import demo_author
from humas_portal.uploads import ImageVariants, image_variants
from news.models import (
    Article,
    ArticleKind,
    ArticleStatus,
    Category,
    Tag,
    Verdict,
)

COVER_SIZE = (1600, 900)

CATEGORIES = {
    "pengawasan": "Pengawasan",
    "sosialisasi": "Sosialisasi dan Pendidikan",
    "kelembagaan": "Kelembagaan",
    "penanganan-pelanggaran": "Penanganan Pelanggaran",
    "rekrutmen": "Rekrutmen",
    "cek-fakta": "Cek Fakta",
}
# Cover colours per category: background, accent.
PALETTE = {
    "pengawasan": ((138, 17, 22), (242, 201, 76)),
    "sosialisasi": ((24, 94, 120), (250, 240, 220)),
    "kelembagaan": ((60, 60, 70), (214, 168, 80)),
    "penanganan-pelanggaran": ((94, 11, 15), (255, 255, 255)),
    "rekrutmen": ((32, 110, 72), (250, 240, 200)),
    "cek-fakta": ((25, 25, 25), (230, 57, 70)),
}
KIND_LABELS = {
    ArticleKind.NEWS: "BERITA",
    ArticleKind.PRESS_RELEASE: "SIARAN PERS",
    ArticleKind.ANNOUNCEMENT: "PENGUMUMAN",
    ArticleKind.HOAX_CLARIFICATION: "KLARIFIKASI HOAKS",
}


@dataclass
class DemoArticle:
    title: str
    kind: str
    category: str
    tags: list[str]
    when: tuple[int, int, int, int]  # month, day, hour, minute (2026, office time)
    lead: str
    paragraphs: list[str]
    points: list[str] = field(default_factory=list)
    claim: str = ""
    verdict: str = ""
    evidence: str = ""
    sources: str = ""
    embargo_hours: int = 0


NEWS = ArticleKind.NEWS
PRESS = ArticleKind.PRESS_RELEASE
NOTICE = ArticleKind.ANNOUNCEMENT
HOAX = ArticleKind.HOAX_CLARIFICATION

ARTICLES = [
    DemoArticle(
        "Bawaslu Jember Gelar Sosialisasi Pengawasan Partisipatif bagi Pemilih Pemula",
        NEWS,
        "sosialisasi",
        ["Pengawasan Partisipatif", "Pemilih Pemula"],
        (1, 20, 10, 0),
        "Ratusan pelajar SMA dan SMK se-Kabupaten Jember mengikuti sosialisasi pengawasan "
        "partisipatif yang digelar Bawaslu Kabupaten Jember di aula kantor.",
        [
            "Kegiatan ini mengenalkan cara melaporkan dugaan pelanggaran pemilu, mulai dari "
            "politik uang hingga kampanye di lingkungan sekolah.",
            "Peserta diajak mengenali bentuk pelanggaran yang sering terjadi dan diajari "
            "menyimpan bukti dengan benar sebelum melapor.",
            "Bawaslu Kabupaten Jember berharap pemilih pemula menjadi mata dan telinga "
            "pengawasan di lingkungan masing-masing.",
        ],
        ["Mengenal tahapan pemilu", "Bentuk pelanggaran dan cara melapor", "Simulasi laporan"],
    ),
    DemoArticle(
        "Rapat Koordinasi Pengawasan Pemutakhiran Data Pemilih Berkelanjutan",
        NEWS,
        "pengawasan",
        ["Daftar Pemilih", "Rapat Koordinasi"],
        (1, 28, 13, 30),
        "Bawaslu Kabupaten Jember menggelar rapat koordinasi dengan pemangku kepentingan untuk "
        "mengawasi pemutakhiran data pemilih berkelanjutan.",
        [
            "Rapat membahas data pemilih yang meninggal dunia, pindah domisili, dan pemilih "
            "yang baru berusia 17 tahun.",
            "Pengawas di tingkat kecamatan diminta aktif mencocokkan data dengan kondisi di "
            "lapangan dan mencatat setiap temuan.",
        ],
    ),
    DemoArticle(
        "Siaran Pers: Bawaslu Jember Buka Posko Aduan Masyarakat Sepanjang Tahun",
        PRESS,
        "kelembagaan",
        ["Posko Aduan", "Keterbukaan Informasi"],
        (2, 3, 9, 0),
        "Bawaslu Kabupaten Jember membuka posko aduan masyarakat yang dapat diakses secara "
        "langsung di kantor maupun secara daring melalui portal ini.",
        [
            "Masyarakat dapat menyampaikan informasi awal dugaan pelanggaran pemilu disertai "
            "bukti pendukung. Setiap aduan mendapat nomor dan kode pelacakan.",
            "Identitas pelapor dijaga kerahasiaannya dan hanya dapat diakses oleh petugas yang "
            "berwenang.",
        ],
    ),
    DemoArticle(
        "Pengumuman Jadwal Layanan Informasi Publik Selama Bulan Ramadan",
        NOTICE,
        "kelembagaan",
        ["Keterbukaan Informasi"],
        (2, 16, 8, 0),
        "Selama bulan Ramadan, layanan informasi publik Bawaslu Kabupaten Jember buka pada hari "
        "kerja pukul 08.00 sampai 14.30 WIB.",
        [
            "Permohonan informasi secara daring tetap dapat diajukan setiap saat dan akan "
            "diproses pada hari kerja berikutnya.",
        ],
    ),
    DemoArticle(
        "Hoaks: Surat Suara Sudah Dicoblos Beredar Sebelum Hari Pemungutan",
        HOAX,
        "cek-fakta",
        ["Hoaks", "Surat Suara"],
        (3, 2, 15, 0),
        "Beredar pesan berantai berisi foto surat suara yang disebut sudah dicoblos sebelum hari "
        "pemungutan suara di Jember. Informasi tersebut tidak benar.",
        [
            "Bawaslu Kabupaten Jember menelusuri foto yang beredar dan menemukan bahwa foto "
            "tersebut merupakan dokumentasi lama dari daerah lain.",
            "Masyarakat diimbau tidak meneruskan pesan yang belum jelas sumbernya dan "
            "melaporkan temuan serupa ke posko aduan.",
        ],
        claim="Surat suara di Jember sudah dicoblos sebelum hari pemungutan suara.",
        verdict=Verdict.HOAX,
        evidence="Foto yang beredar adalah dokumentasi lama dari luar Kabupaten Jember; surat "
        "suara disimpan di gudang logistik yang diawasi dan disegel.",
        sources="https://jember.bawaslu.example.id/berita/\nHasil penelusuran tim cek fakta",
    ),
    DemoArticle(
        "Bawaslu Jember Tandatangani Kerja Sama Pengawasan dengan Perguruan Tinggi",
        NEWS,
        "kelembagaan",
        ["Kerja Sama", "Pengawasan Partisipatif"],
        (3, 11, 10, 30),
        "Bawaslu Kabupaten Jember menandatangani nota kesepahaman dengan sejumlah perguruan "
        "tinggi di Jember untuk memperkuat pengawasan partisipatif.",
        [
            "Kerja sama mencakup kuliah kerja nyata tematik pengawasan, penelitian, dan "
            "pelibatan mahasiswa sebagai relawan pengawas.",
            "Mahasiswa diharapkan membawa semangat pengawasan ke desa-desa tempat mereka mengabdi.",
        ],
    ),
    DemoArticle(
        "Pengumuman Rekrutmen Calon Anggota Panwaslu Kecamatan",
        NOTICE,
        "rekrutmen",
        ["Pengawas Ad Hoc", "Panwascam"],
        (3, 25, 8, 0),
        "Bawaslu Kabupaten Jember membuka pendaftaran calon anggota Panitia Pengawas Pemilu "
        "Kecamatan (Panwascam) di 31 kecamatan.",
        [
            "Pendaftar wajib warga negara Indonesia berusia paling rendah 21 tahun, berdomisili "
            "di kecamatan setempat, dan tidak menjadi anggota partai politik.",
            "Berkas pendaftaran diserahkan langsung ke sekretariat Bawaslu Kabupaten Jember "
            "pada hari dan jam kerja.",
        ],
        [
            "Fotokopi KTP elektronik",
            "Ijazah terakhir",
            "Surat pernyataan bermeterai",
            "Pas foto terbaru",
        ],
    ),
    DemoArticle(
        "Tahapan Seleksi Panwascam: Tes Tertulis Berbasis Komputer",
        NOTICE,
        "rekrutmen",
        ["Pengawas Ad Hoc", "Panwascam"],
        (4, 14, 8, 0),
        "Peserta yang lolos seleksi administrasi calon anggota Panwascam mengikuti tes tertulis "
        "berbasis komputer sesuai jadwal yang diumumkan.",
        [
            "Peserta wajib hadir 60 menit sebelum tes dimulai dengan membawa KTP elektronik "
            "asli dan kartu peserta.",
            "Hasil tes diumumkan secara terbuka melalui portal ini dan papan pengumuman kantor.",
        ],
    ),
    DemoArticle(
        "Bawaslu Jember Lantik Anggota Panwaslu Kecamatan",
        NEWS,
        "kelembagaan",
        ["Panwascam", "Pengawas Ad Hoc"],
        (5, 6, 9, 0),
        "Anggota Panwaslu Kecamatan se-Kabupaten Jember yang lolos seleksi resmi dilantik dan "
        "langsung mengikuti bimbingan teknis.",
        [
            "Dalam bimbingan teknis, para anggota mempelajari kode etik, tata cara pengawasan, "
            "dan penanganan temuan.",
            "Panwascam diminta segera membangun komunikasi dengan pemerintah kecamatan dan "
            "tokoh masyarakat.",
        ],
    ),
    DemoArticle(
        "Siaran Pers: Bawaslu Jember Ingatkan Netralitas Aparatur Sipil Negara",
        PRESS,
        "pengawasan",
        ["Netralitas ASN"],
        (5, 19, 10, 0),
        "Bawaslu Kabupaten Jember mengingatkan aparatur sipil negara, anggota TNI dan Polri, "
        "serta kepala desa untuk menjaga netralitas.",
        [
            "Bentuk pelanggaran netralitas antara lain ikut berkampanye, memasang atribut "
            "peserta pemilu, dan mengunggah dukungan di media sosial.",
            "Bawaslu akan meneruskan setiap temuan pelanggaran netralitas kepada instansi yang "
            "berwenang sesuai ketentuan.",
        ],
        embargo_hours=18,
    ),
    DemoArticle(
        "Pengumuman Pendaftaran Pengawas Kelurahan/Desa (PKD)",
        NOTICE,
        "rekrutmen",
        ["Pengawas Ad Hoc", "PKD"],
        (6, 2, 8, 0),
        "Bawaslu Kabupaten Jember melalui Panwaslu Kecamatan membuka pendaftaran Pengawas "
        "Kelurahan/Desa (PKD) di 248 desa dan kelurahan.",
        [
            "Satu orang PKD dibutuhkan di setiap desa dan kelurahan. Pendaftaran dilakukan di "
            "sekretariat Panwaslu Kecamatan masing-masing.",
            "Perempuan dan penyandang disabilitas yang memenuhi syarat didorong untuk mendaftar.",
        ],
    ),
    DemoArticle(
        "Sekolah Kader Pengawasan Partisipatif Angkatan Pertama Ditutup",
        NEWS,
        "sosialisasi",
        ["Pengawasan Partisipatif"],
        (6, 21, 16, 0),
        "Sebanyak 60 peserta menyelesaikan Sekolah Kader Pengawasan Partisipatif yang "
        "diselenggarakan Bawaslu Kabupaten Jember selama tiga hari.",
        [
            "Peserta berasal dari organisasi kepemudaan, komunitas difabel, dan organisasi "
            "kemahasiswaan.",
            "Setelah lulus, para kader diminta membentuk forum pengawasan di lingkungan "
            "masing-masing.",
        ],
    ),
    DemoArticle(
        "Misinformasi: Pemilih Pindahan Tidak Bisa Memilih Sama Sekali",
        HOAX,
        "cek-fakta",
        ["Hoaks", "Daftar Pemilih"],
        (7, 1, 11, 0),
        "Beredar informasi bahwa pemilih yang pindah domisili kehilangan hak pilihnya. "
        "Informasi ini keliru.",
        [
            "Pemilih yang pindah domisili tetap dapat menggunakan hak pilihnya dengan mengurus "
            "pindah memilih sesuai jadwal yang ditetapkan penyelenggara.",
            "Bawaslu Kabupaten Jember membuka layanan informasi bagi pemilih yang membutuhkan "
            "bantuan.",
        ],
        claim="Pemilih yang pindah domisili tidak bisa memilih sama sekali.",
        verdict=Verdict.MISINFORMATION,
        evidence="Ketentuan pemilu menyediakan mekanisme pindah memilih bagi pemilih yang "
        "pindah domisili sebelum hari pemungutan suara.",
        sources="Peraturan tentang penyusunan daftar pemilih",
    ),
    DemoArticle(
        "Patroli Pengawasan Politik Uang Menjelang Masa Tenang",
        NEWS,
        "pengawasan",
        ["Masa Tenang", "Politik Uang"],
        (7, 14, 20, 0),
        "Jajaran pengawas pemilu di Jember menggelar patroli pengawasan untuk mencegah politik "
        "uang menjelang masa tenang.",
        [
            "Patroli menyasar titik rawan di sejumlah kecamatan, antara lain Ambulu, Puger, dan "
            "Kencong.",
            "Masyarakat yang mengetahui praktik politik uang diminta segera melapor dengan "
            "menyertakan bukti.",
        ],
    ),
    DemoArticle(
        "Apel Siaga dan Simulasi Patroli Masa Tenang",
        NEWS,
        "pengawasan",
        ["Masa Tenang"],
        (7, 20, 7, 30),
        "Bawaslu Kabupaten Jember menggelar apel siaga dan simulasi patroli masa tenang yang "
        "diikuti pengawas kecamatan dan desa.",
        [
            "Simulasi meliputi penertiban alat peraga kampanye yang masih terpasang dan "
            "pencegahan kampanye terselubung.",
            "Setiap temuan dicatat dalam formulir hasil pengawasan dan dilaporkan secara "
            "berjenjang.",
        ],
    ),
    DemoArticle(
        "Siaran Pers: Hasil Pengawasan Masa Tenang di Kabupaten Jember",
        PRESS,
        "pengawasan",
        ["Masa Tenang", "Politik Uang"],
        (7, 24, 14, 0),
        "Bawaslu Kabupaten Jember menyampaikan ringkasan hasil pengawasan selama masa tenang "
        "di 31 kecamatan.",
        [
            "Pengawas menertibkan alat peraga kampanye yang masih terpasang bersama pemerintah "
            "daerah dan aparat keamanan.",
            "Seluruh temuan dan laporan ditangani sesuai prosedur penanganan pelanggaran.",
        ],
    ),
    DemoArticle(
        "Pengumuman Rekrutmen Pengawas Tempat Pemungutan Suara (PTPS)",
        NOTICE,
        "rekrutmen",
        ["Pengawas Ad Hoc", "PTPS"],
        (8, 3, 8, 0),
        "Panwaslu Kecamatan se-Kabupaten Jember membuka pendaftaran Pengawas Tempat Pemungutan "
        "Suara (PTPS).",
        [
            "Satu PTPS bertugas di setiap tempat pemungutan suara. Pendaftar berusia paling "
            "rendah 21 tahun dan berdomisili di desa setempat.",
            "Pendaftaran dilakukan di sekretariat Panwaslu Kecamatan atau melalui PKD di desa.",
        ],
        ["KTP elektronik", "Ijazah paling rendah SMA atau sederajat", "Surat keterangan sehat"],
    ),
    DemoArticle(
        "Bimbingan Teknis Pengawas TPS tentang Pengawasan Pemungutan dan Penghitungan Suara",
        NEWS,
        "pengawasan",
        ["PTPS", "Pengawas Ad Hoc"],
        (8, 19, 9, 0),
        "Pengawas TPS mendapat bimbingan teknis tentang tata cara pengawasan pemungutan dan "
        "penghitungan suara.",
        [
            "Materi mencakup pengecekan daftar hadir, penggunaan formulir, dan pencatatan "
            "kejadian khusus di TPS.",
            "Pengawas TPS juga dilatih mendokumentasikan hasil penghitungan suara dengan benar.",
        ],
    ),
    DemoArticle(
        "Disinformasi: Video Penghitungan Suara Disebut Terjadi di Jember",
        HOAX,
        "cek-fakta",
        ["Hoaks", "Penghitungan Suara"],
        (8, 28, 19, 0),
        "Video keributan saat penghitungan suara yang disebut terjadi di Jember ternyata "
        "direkam di daerah lain dan pada pemilihan sebelumnya.",
        [
            "Penelusuran menunjukkan video tersebut pernah diunggah beberapa tahun lalu dengan "
            "keterangan lokasi yang berbeda.",
            "Bawaslu Kabupaten Jember mengimbau warganet memeriksa sumber sebelum membagikan "
            "video.",
        ],
        claim="Video keributan penghitungan suara terjadi di salah satu TPS di Jember.",
        verdict=Verdict.DISINFORMATION,
        evidence="Video identik telah beredar sebelumnya dengan lokasi di luar Jember; tidak "
        "ada laporan kejadian serupa dari pengawas TPS di Jember.",
        sources="Laporan hasil pengawasan TPS\nPenelusuran arsip video",
    ),
    DemoArticle(
        "Bawaslu Jember Perkuat Pengawasan Kampanye di Media Sosial",
        NEWS,
        "pengawasan",
        ["Media Sosial", "Hoaks"],
        (9, 8, 10, 0),
        "Bawaslu Kabupaten Jember membentuk gugus tugas pengawasan konten kampanye di media "
        "sosial bersama pemangku kepentingan.",
        [
            "Gugus tugas memantau konten yang mengandung ujaran kebencian, hoaks, dan kampanye "
            "di luar jadwal.",
            "Konten yang melanggar diteruskan kepada pihak platform melalui mekanisme yang "
            "berlaku.",
        ],
    ),
    DemoArticle(
        "Siaran Pers: Bawaslu Jember Tindak Lanjuti Laporan Dugaan Politik Uang",
        PRESS,
        "penanganan-pelanggaran",
        ["Politik Uang", "Posko Aduan"],
        (9, 17, 15, 0),
        "Bawaslu Kabupaten Jember menindaklanjuti laporan masyarakat tentang dugaan politik uang "
        "dengan mengklarifikasi pelapor dan saksi.",
        [
            "Penanganan laporan dilakukan sesuai tenggat waktu yang diatur dalam peraturan.",
            "Bawaslu belum dapat menyampaikan kesimpulan sebelum seluruh tahapan kajian selesai "
            "dan meminta semua pihak menghormati proses.",
        ],
        embargo_hours=12,
    ),
    DemoArticle(
        "Menyesatkan: Unggahan Sebut Pelapor Pelanggaran Pemilu Wajib Bayar",
        HOAX,
        "cek-fakta",
        ["Hoaks", "Posko Aduan"],
        (9, 30, 12, 0),
        "Sebuah unggahan menyebut masyarakat harus membayar untuk melaporkan pelanggaran "
        "pemilu. Informasi ini menyesatkan.",
        [
            "Layanan pelaporan di Bawaslu Kabupaten Jember tidak dipungut biaya apa pun.",
            "Masyarakat yang dimintai uang dengan mengatasnamakan Bawaslu diminta segera melapor.",
        ],
        claim="Melapor pelanggaran pemilu ke Bawaslu dipungut biaya.",
        verdict=Verdict.MISLEADING,
        evidence="Seluruh layanan posko aduan Bawaslu Kabupaten Jember gratis.",
        sources="Standar layanan posko aduan Bawaslu Kabupaten Jember",
    ),
    DemoArticle(
        "Fakta: Pengawas TPS Berhak Mendapat Salinan Hasil Penghitungan Suara",
        HOAX,
        "cek-fakta",
        ["Penghitungan Suara", "PTPS"],
        (10, 6, 9, 0),
        "Benar bahwa pengawas TPS berhak menerima salinan hasil penghitungan suara di TPS "
        "tempatnya bertugas.",
        [
            "Salinan tersebut menjadi bahan pengawasan rekapitulasi di tingkat berikutnya.",
            "Pengawas TPS wajib mencocokkan salinan dengan hasil yang diumumkan di TPS.",
        ],
        claim="Pengawas TPS berhak mendapat salinan hasil penghitungan suara.",
        verdict=Verdict.FACT,
        evidence="Ketentuan pemungutan dan penghitungan suara mewajibkan salinan hasil "
        "diberikan kepada pengawas TPS.",
        sources="Peraturan tentang pemungutan dan penghitungan suara",
    ),
    DemoArticle(
        "Rapat Koordinasi Pengawasan Logistik Pemilu",
        NEWS,
        "pengawasan",
        ["Logistik", "Rapat Koordinasi"],
        (10, 15, 13, 0),
        "Bawaslu Kabupaten Jember mengawasi penyimpanan dan distribusi logistik pemilu melalui "
        "rapat koordinasi dan peninjauan gudang.",
        [
            "Pengawas memastikan gudang logistik memenuhi standar keamanan dan surat suara "
            "dihitung serta disegel dengan benar.",
        ],
    ),
    DemoArticle(
        "Siaran Pers: Bawaslu Jember Luncurkan Portal Humas dan Layanan Aduan Daring",
        PRESS,
        "kelembagaan",
        ["Keterbukaan Informasi", "Posko Aduan"],
        (10, 27, 10, 0),
        "Bawaslu Kabupaten Jember meluncurkan Portal Humas sebagai pusat informasi publik, "
        "edukasi pemilu, dan layanan aduan daring.",
        [
            "Melalui portal ini masyarakat dapat membaca berita, berlangganan siaran pers, dan "
            "melacak aduan dengan kode pelacakan.",
            "Portal dirancang ringan agar mudah dibuka dari telepon genggam dengan jaringan "
            "terbatas.",
        ],
    ),
    DemoArticle(
        "Humas Bawaslu Jember Raih Penghargaan Keterbukaan Informasi",
        NEWS,
        "kelembagaan",
        ["Keterbukaan Informasi", "Penghargaan"],
        (11, 5, 15, 0),
        "Humas Bawaslu Kabupaten Jember meraih penghargaan keterbukaan informasi publik dari "
        "Bawaslu Provinsi Jawa Timur (contoh berita fiktif untuk demo).",
        [
            "Penilaian meliputi kecepatan layanan permohonan informasi, kelengkapan informasi "
            "berkala di situs, dan keterlibatan masyarakat.",
            "Penghargaan ini menjadi dorongan untuk terus memperbaiki layanan informasi, "
            "termasuk siaran pers yang cepat dan akurat bagi media.",
        ],
    ),
    DemoArticle(
        "Evaluasi Pengawasan Tahapan Bersama Pengawas Ad Hoc",
        NEWS,
        "kelembagaan",
        ["Pengawas Ad Hoc", "Rapat Koordinasi"],
        (11, 12, 9, 0),
        "Bawaslu Kabupaten Jember menggelar evaluasi pengawasan tahapan bersama Panwaslu "
        "Kecamatan dan PKD.",
        [
            "Evaluasi mencatat kendala di lapangan, antara lain akses ke desa terpencil dan "
            "jaringan internet yang terbatas.",
            "Hasil evaluasi menjadi bahan perbaikan pengawasan pada tahapan berikutnya.",
        ],
    ),
    DemoArticle(
        "Siaran Pers: Bawaslu Jember Ajak Media Kawal Informasi Pemilu yang Akurat",
        PRESS,
        "sosialisasi",
        ["Media", "Hoaks"],
        (11, 19, 10, 0),
        "Bawaslu Kabupaten Jember mengajak insan pers di Jember menjadi mitra dalam melawan "
        "hoaks dan menyajikan informasi pemilu yang akurat.",
        [
            "Wartawan dapat mendaftar ke daftar pers untuk menerima siaran pers lebih awal, "
            "termasuk siaran pers berembargo.",
            "Bawaslu juga menyediakan klarifikasi hoaks yang dapat dirujuk oleh media.",
        ],
        embargo_hours=24,
    ),
    DemoArticle(
        "Sosialisasi Pengawasan Partisipatif untuk Komunitas Penyandang Disabilitas",
        NEWS,
        "sosialisasi",
        ["Pengawasan Partisipatif", "Pemilu Inklusif"],
        (11, 24, 10, 0),
        "Bawaslu Kabupaten Jember menggelar sosialisasi pengawasan partisipatif yang ramah "
        "bagi komunitas penyandang disabilitas.",
        [
            "Materi disampaikan dengan juru bahasa isyarat dan dokumen dalam format yang mudah "
            "dibaca.",
            "Peserta menyampaikan masukan tentang aksesibilitas tempat pemungutan suara.",
        ],
    ),
    DemoArticle(
        "Pengumuman Hasil Seleksi Administrasi Calon Pengawas TPS",
        NOTICE,
        "rekrutmen",
        ["PTPS", "Pengawas Ad Hoc"],
        (11, 27, 8, 0),
        "Hasil seleksi administrasi calon Pengawas TPS diumumkan oleh Panwaslu Kecamatan di "
        "wilayah masing-masing.",
        [
            "Calon yang dinyatakan memenuhi syarat mengikuti wawancara sesuai jadwal dari "
            "Panwaslu Kecamatan.",
            "Masukan dan tanggapan masyarakat terhadap calon dapat disampaikan secara tertulis.",
        ],
    ),
]


def _body(article: DemoArticle) -> str:
    parts = ["<p>%s</p>" % escape(text) for text in article.paragraphs]
    if article.points:
        items = "".join("<li>%s</li>" % escape(point) for point in article.points)
        parts.insert(1, "<h2>Poin penting</h2><ul>%s</ul>" % items)
    return "".join(parts)


def _cover_image(article: DemoArticle) -> bytes:
    background, accent = PALETTE[article.category]
    image = Image.new("RGB", COVER_SIZE, background)
    draw = ImageDraw.Draw(image)
    width, height = COVER_SIZE
    draw.ellipse((width - 380, -260, width + 260, 380), fill=accent)
    draw.rectangle((0, height - 48, width, height), fill=accent)
    draw.rectangle((88, 128, 104, 400), fill=accent)
    label_font = ImageFont.load_default(size=44)
    title_font = ImageFont.load_default(size=76)
    draw.text((136, 128), KIND_LABELS[article.kind], fill=accent, font=label_font)
    lines = textwrap.wrap(article.title, width=28)[:5]
    draw.multiline_text((136, 212), "\n".join(lines), fill="white", font=title_font, spacing=18)
    draw.text((136, height - 150), "Bawaslu Kabupaten Jember", fill="white", font=label_font)
    output = BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


def _cover_variants(article: DemoArticle) -> ImageVariants:
    # The same path as an upload in the admin (news.forms): decoded, re-encoded, two widths.
    from news.forms import IMAGE_WIDTHS

    return image_variants(ContentFile(_cover_image(article), name="cover.jpg"), widths=IMAGE_WIDTHS)


def _category(slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        category = Category(slug=slug, name=CATEGORIES[slug])
        category.full_clean()
        category.save()
    return category


def _tag(name: str) -> Tag:
    slug = slugify(name)
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        tag = Tag(slug=slug, name=name)
        tag.full_clean()
        tag.save()
    return tag


@transaction.atomic
def seed_news() -> None:
    author = demo_author()
    existing = set(Article.objects.values_list("slug", flat=True))
    for demo in ARTICLES:
        slug = slugify(demo.title)[:220]
        if slug in existing:
            continue
        month, day, hour, minute = demo.when
        publish_at = datetime(
            2026, month, day, hour, minute, tzinfo=timezone.get_default_timezone()
        )
        # An embargoed release went to the press list some hours before it was published.
        distribute_at = (
            publish_at - timedelta(hours=demo.embargo_hours) if demo.embargo_hours else None
        )
        cover = _cover_variants(demo)
        article = Article(
            title=demo.title,
            slug=slug,
            kind=demo.kind,
            category=_category(demo.category),
            lead=demo.lead,
            body=_body(demo),
            cover_alt="Ilustrasi berwarna bertuliskan %s: %s"
            % (KIND_LABELS[demo.kind].lower(), demo.title),
            cover_credit="Ilustrasi demo Portal Humas",
            author=author,
            status=ArticleStatus.PUBLISHED,
            publish_at=publish_at,
            distribute_at=distribute_at,
            # Distributed long ago, as far as the beat task is concerned (see the docstring).
            press_distributed_at=distribute_at,
            public_distributed_at=publish_at,
            claim=demo.claim,
            verdict=demo.verdict,
            evidence=demo.evidence,
            sources=demo.sources,
        )
        article.cover.save(cover.large.name, cover.large, save=False)
        article.cover_small.save(cover.small.name, cover.small, save=False)
        article.cover_width, article.cover_height = cover.width, cover.height
        article.full_clean()
        article.save()
        # As if written then: otherwise every demo article would read "Diperbarui" today.
        Article.objects.filter(pk=article.pk).update(created_at=publish_at, updated_at=publish_at)
        article.tags.set([_tag(name) for name in demo.tags])
