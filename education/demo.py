"""Demo election education for Bawaslu Kabupaten Jember: the audiences (segments) and themes,
items of every format for every segment and theme, and two regional-language versions (Basa
Jawa, Basa Madura).

Fictional demo content: no named person, candidate or party. Images are drawn with Pillow and
the PDF is written with pikepdf on the spot (nothing is downloaded), then go through the same
upload hygiene as in the admin. The video is a YouTube id with its transcript, not a file.
Dates are relative to the day of seeding, so the section never looks stale. Idempotent:
segments, themes and items are looked up by slug, and a second run changes nothing.

The items are marked as already distributed, so a demo install with its worker running does
not mail the demo subscribers.
"""

import textwrap
from dataclasses import dataclass, field
from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageDraw, ImageFont

from education.forms import IMAGE_WIDTHS
from education.models import (
    ContentLanguage,
    EducationItem,
    ItemFormat,
    ItemStatus,
    Segment,
    Theme,
)
from humas_portal.demo_content import demo_author, demo_pdf
from humas_portal.elections.models import ElectionStage
from humas_portal.uploads import image_variants, pdf_sanitize

# (slug, name, what its page says to that audience)
SEGMENTS = [
    (
        "pemilih-pemula",
        "Pemilih Pemula",
        "Baru 17 tahun atau baru pertama kali memilih? Di sini kamu belajar memastikan namamu "
        "terdaftar, apa yang dibawa ke TPS, dan cara menolak politik uang.",
    ),
    (
        "pelajar-mahasiswa",
        "Pelajar dan Mahasiswa",
        "Materi untuk kelas, organisasi kampus dan obrolan di grup: cek fakta sebelum berbagi, "
        "dan ikut mengawasi pemilu di lingkunganmu.",
    ),
    (
        "perempuan",
        "Perempuan",
        "Suara perempuan menentukan. Kenali hak Anda sebagai pemilih, cara menolak tekanan dan "
        "politik uang, dan cara melapor bila melihat pelanggaran.",
    ),
    (
        "penyandang-disabilitas",
        "Penyandang Disabilitas",
        "Anda berhak memilih secara mandiri dan rahasia. Di sini dijelaskan pendampingan, alat "
        "bantu di TPS, dan apa yang bisa dilakukan bila TPS tidak mudah diakses.",
    ),
    (
        "masyarakat-adat-desa",
        "Masyarakat Adat dan Desa",
        "Untuk warga desa dan masyarakat adat: cara memastikan semua warga terdaftar, menolak "
        "serangan fajar, dan melapor lewat pengawas desa.",
    ),
    (
        "lansia",
        "Lansia",
        "Untuk Bapak dan Ibu yang sudah sepuh: langkah mencoblos yang sederhana, hak untuk "
        "didampingi, dan ke mana bertanya bila bingung.",
    ),
    (
        "asn-tni-polri-kepala-desa",
        "ASN, TNI, Polri dan Kepala Desa",
        "Aparatur negara dan kepala desa wajib netral. Kenali batasnya: apa yang boleh, apa "
        "yang dilarang, dan sanksinya.",
    ),
    (
        "umum",
        "Umum",
        "Materi dasar untuk semua warga Kabupaten Jember: hak pilih, tahapan pemilihan, dan "
        "cara ikut mengawasi.",
    ),
]

THEMES = [
    ("hak-pilih", "Hak Pilih"),
    ("tahapan", "Tahapan"),
    ("politik-uang", "Politik Uang"),
    ("netralitas", "Netralitas"),
    ("hoaks-literasi-digital", "Hoaks dan Literasi Digital"),
    ("cara-melapor", "Cara Melapor"),
    ("pengawasan-partisipatif", "Pengawasan Partisipatif"),
]


@dataclass
class DemoItem:
    slug: str
    title: str
    format: str
    segments: list[str]
    themes: list[str]
    days_ago: int
    lead: str
    easy_read: list[str]
    paragraphs: list[str] = field(default_factory=list)
    # Infographic: the lines drawn on it, and its full description as text.
    panels: list[str] = field(default_factory=list)
    image_description: str = ""
    youtube_id: str = ""
    transcript: str = ""
    # Document: the pages' text.
    pages: list[list[str]] = field(default_factory=list)
    # A stage whose name contains this (the demo elections'), if one exists.
    stage: str = ""
    language: str = ContentLanguage.INDONESIAN
    version_of: str = ""


ITEMS = [
    DemoItem(
        slug="cek-nama-di-daftar-pemilih",
        title="Cek Namamu di Daftar Pemilih Sebelum Hari Pemungutan Suara",
        format=ItemFormat.ARTICLE,
        segments=["pemilih-pemula", "pelajar-mahasiswa", "umum"],
        themes=["hak-pilih", "tahapan"],
        days_ago=20,
        stage="pemutakhiran",
        lead="Hak pilih hanya bisa dipakai bila namamu terdaftar. Begini cara memeriksanya dan "
        "apa yang dilakukan bila namamu belum ada.",
        easy_read=[
            "Kamu bisa memilih bila namamu ada di daftar pemilih.",
            "Cek namamu di situs cekdptonline.kpu.go.id dengan NIK.",
            "Nama belum ada? Lapor ke PPS di desa atau kelurahanmu.",
            "Bawa KTP-el saat ke TPS.",
        ],
        paragraphs=[
            "Daftar pemilih disusun KPU dari data kependudukan lalu dicocokkan dari rumah ke "
            "rumah oleh petugas pemutakhiran. Pemilih pemula yang baru berusia 17 tahun, warga "
            "yang pindah domisili, dan warga yang baru pulang dari luar daerah paling sering "
            "belum tercatat.",
            "Periksa namamu lewat layanan cek daftar pemilih KPU dengan Nomor Induk "
            "Kependudukan. Bila namamu belum ada atau datanya keliru, datangi Panitia "
            "Pemungutan Suara (PPS) di desa atau kelurahan selama masa perbaikan daftar.",
            "Bawaslu Kabupaten Jember mengawasi pemutakhiran ini. Bila petugas menolak "
            "mencatatmu tanpa alasan, sampaikan lewat Posko Aduan di portal ini.",
        ],
    ),
    DemoItem(
        slug="lima-langkah-mencoblos-di-tps",
        title="Lima Langkah Mencoblos di TPS",
        format=ItemFormat.INFOGRAPHIC,
        segments=["pemilih-pemula", "lansia", "penyandang-disabilitas"],
        themes=["hak-pilih"],
        days_ago=15,
        stage="pemungutan",
        lead="Dari datang ke TPS sampai mencelupkan jari ke tinta: lima langkah yang perlu "
        "diketahui setiap pemilih.",
        easy_read=[
            "Datang ke TPS dan tunjukkan undangan serta KTP-el.",
            "Tunggu namamu dipanggil.",
            "Coblos surat suara di bilik, tidak ada yang boleh melihat.",
            "Masukkan surat suara ke kotak.",
            "Celupkan jari ke tinta, lalu pulang.",
        ],
        panels=[
            "1. Tunjukkan undangan dan KTP-el",
            "2. Tunggu namamu dipanggil",
            "3. Coblos di bilik suara",
            "4. Masukkan ke kotak suara",
            "5. Celupkan jari ke tinta",
        ],
        image_description=(
            "Infografis berjudul Lima Langkah Mencoblos di TPS, lima kotak bernomor dari atas "
            "ke bawah.\n"
            "Langkah 1: datang ke TPS, tunjukkan surat undangan memilih dan KTP-el kepada "
            "petugas. Pemilih yang tidak membawa undangan tetap boleh memilih dengan KTP-el "
            "bila namanya terdaftar.\n"
            "Langkah 2: duduk dan tunggu sampai nama Anda dipanggil petugas.\n"
            "Langkah 3: terima surat suara, periksa bahwa surat suara tidak rusak, lalu coblos "
            "pilihan Anda di bilik suara. Pemilih penyandang disabilitas dan lansia boleh "
            "didampingi orang yang dipilihnya sendiri; pendamping wajib merahasiakan pilihan.\n"
            "Langkah 4: lipat kembali surat suara dan masukkan ke kotak suara yang sesuai.\n"
            "Langkah 5: celupkan jari ke tinta sebagai tanda sudah memilih.\n"
            "Di bagian bawah: bila melihat pelanggaran di TPS, laporkan kepada Pengawas TPS atau "
            "lewat Posko Aduan Bawaslu Kabupaten Jember."
        ),
    ),
    DemoItem(
        slug="tolak-politik-uang",
        title="Tolak Politik Uang: Apa yang Harus Dilakukan",
        format=ItemFormat.VIDEO,
        segments=["pemilih-pemula", "masyarakat-adat-desa", "perempuan"],
        themes=["politik-uang", "cara-melapor"],
        days_ago=10,
        stage="kampanye",
        lead="Video dua menit: mengapa amplop menjelang hari pemungutan suara merugikan warga, "
        "dan cara melaporkannya dengan aman.",
        easy_read=[
            "Politik uang adalah memberi uang atau barang supaya orang memilih calon tertentu.",
            "Pemberi dan penerima bisa dipidana.",
            "Tolak dengan sopan.",
            "Catat waktu, tempat dan siapa yang memberi.",
            "Laporkan ke Bawaslu paling lambat 7 hari setelah kejadian.",
        ],
        paragraphs=[
            "Video ini dibuat untuk diputar di pertemuan warga, kelas dan grup percakapan. "
            "Transkrip lengkapnya ada di bawah video.",
        ],
        youtube_id="contohVideo",
        transcript=(
            "[Musik pembuka]\n"
            "Narator: Menjelang hari pemungutan suara, ada yang datang membawa amplop. "
            "Katanya, sekadar uang transpor.\n"
            "Narator: Itu politik uang. Memberi uang atau barang supaya orang memilih calon "
            "tertentu dilarang undang-undang. Pemberi bisa dipidana, dan dalam pemilihan kepala "
            "daerah penerimanya juga.\n"
            "Warga (perempuan): Jadi saya harus bagaimana?\n"
            "Narator: Tolak dengan sopan. Lalu catat: kapan, di mana, siapa yang memberi, dan "
            "apa yang diberikan. Foto atau rekaman membantu, asal aman bagi Anda.\n"
            "Narator: Laporkan ke Bawaslu paling lambat tujuh hari setelah kejadian, lewat "
            "Posko Aduan di portal Bawaslu Kabupaten Jember, ke kantor, atau kepada pengawas "
            "desa. Identitas pelapor dilindungi.\n"
            "Teks di layar: Tolak. Catat. Laporkan.\n"
            "[Musik penutup]"
        ),
    ),
    DemoItem(
        slug="panduan-netralitas-asn-tni-polri-kepala-desa",
        title="Panduan Netralitas ASN, TNI, Polri dan Kepala Desa",
        format=ItemFormat.DOCUMENT,
        segments=["asn-tni-polri-kepala-desa"],
        themes=["netralitas"],
        days_ago=25,
        stage="kampanye",
        lead="Dokumen ringkas tentang apa yang boleh dan dilarang bagi aparatur negara dan "
        "kepala desa selama pemilihan, dengan contoh kasus.",
        easy_read=[
            "ASN, TNI, Polri dan kepala desa harus netral.",
            "Mereka tidak boleh ikut kampanye atau memihak calon.",
            "Mereka juga tidak boleh membuat keputusan yang menguntungkan calon.",
            "Unggahan dan tanda suka di media sosial juga diawasi.",
            "Pelanggaran bisa dilaporkan ke Bawaslu.",
        ],
        paragraphs=[
            "Panduan ini disusun untuk sosialisasi kepada aparatur sipil negara, anggota TNI "
            "dan Polri, serta kepala desa dan perangkatnya di Kabupaten Jember. Unduh dan "
            "bagikan di lingkungan kerja Anda.",
        ],
        pages=[
            [
                "Panduan Netralitas ASN, TNI, Polri dan Kepala Desa",
                "Bawaslu Kabupaten Jember (contoh)",
                "",
                "Aparatur negara dan kepala desa wajib netral dalam pemilihan.",
                "Dilarang: ikut kampanye, memakai atribut calon, memasang foto",
                "bersama calon dengan pesan dukungan, dan membuat keputusan",
                "yang menguntungkan atau merugikan salah satu calon.",
            ],
            [
                "Media sosial",
                "",
                "Mengunggah, membagikan, mengomentari atau menyukai kampanye",
                "calon dapat dinilai tidak netral.",
                "",
                "Melapor",
                "Dugaan pelanggaran dilaporkan ke Bawaslu paling lambat 7 hari",
                "setelah diketahui, lewat Posko Aduan atau kantor Bawaslu.",
            ],
        ],
    ),
    DemoItem(
        slug="kenali-hoaks-pemilu",
        title="Kenali Hoaks Pemilu Sebelum Membagikannya",
        format=ItemFormat.ARTICLE,
        segments=["pelajar-mahasiswa", "perempuan", "umum"],
        themes=["hoaks-literasi-digital"],
        days_ago=8,
        lead="Pesan berantai tentang TPS pindah atau surat suara tercoblos sering beredar "
        "menjelang pemungutan suara. Tiga langkah memeriksanya.",
        easy_read=[
            "Tidak semua pesan di grup itu benar.",
            "Lihat siapa yang pertama menulis pesan itu.",
            "Cari beritanya di situs resmi KPU atau Bawaslu.",
            "Ragu? Jangan dibagikan.",
        ],
        paragraphs=[
            "Hoaks pemilu biasanya memancing rasa takut atau marah: TPS dipindahkan, pemilih "
            "tertentu tidak boleh datang, atau surat suara sudah tercoblos. Tujuannya membuat "
            "orang batal memilih atau tidak percaya pada hasilnya.",
            "Periksa sumbernya: siapa yang pertama menulis, dan apakah lembaga resmi "
            "menyatakan hal yang sama. Cari kata kuncinya di situs KPU, Bawaslu atau kanal "
            "klarifikasi hoaks portal ini. Foto lama sering diberi keterangan baru.",
            "Bila Anda ragu, jangan bagikan. Kirim pesannya ke Bawaslu untuk diperiksa.",
        ],
    ),
    DemoItem(
        slug="cara-melapor-pelanggaran-pemilu",
        title="Cara Melapor Dugaan Pelanggaran Pemilu ke Bawaslu",
        format=ItemFormat.ARTICLE,
        segments=["umum", "masyarakat-adat-desa", "lansia"],
        themes=["cara-melapor", "pengawasan-partisipatif"],
        days_ago=5,
        lead="Siapa pun boleh melapor. Ini yang perlu disiapkan dan batas waktunya.",
        easy_read=[
            "Semua warga boleh melapor pelanggaran pemilu.",
            "Lapor paling lambat 7 hari setelah kejadian.",
            "Siapkan bukti: foto, video, atau saksi.",
            "Lapor lewat Posko Aduan di portal ini atau datang ke kantor Bawaslu.",
        ],
        paragraphs=[
            "Laporan dugaan pelanggaran disampaikan paling lambat tujuh hari sejak kejadian "
            "diketahui. Sebutkan apa yang terjadi, kapan, di mana, dan siapa yang terlibat.",
            "Bukti membantu: foto, video, tangkapan layar, atau nama saksi yang melihat "
            "sendiri. Anda bisa melapor lewat Posko Aduan di portal ini, boleh tanpa nama, "
            "atau datang ke kantor Bawaslu Kabupaten Jember dan pengawas kecamatan.",
            "Setiap laporan diberi nomor untuk dilacak, dan Anda diberi tahu setiap kali "
            "tahapannya berubah.",
        ],
    ),
    DemoItem(
        slug="hak-pemilih-disabilitas-di-tps",
        title="Hak Pemilih Penyandang Disabilitas di TPS",
        format=ItemFormat.INFOGRAPHIC,
        segments=["penyandang-disabilitas", "lansia"],
        themes=["hak-pilih", "pengawasan-partisipatif"],
        days_ago=12,
        lead="TPS harus bisa dijangkau kursi roda, dan pemilih tunanetra berhak atas alat "
        "bantu. Kenali hak-hak ini dan awasi pemenuhannya.",
        easy_read=[
            "TPS harus mudah dimasuki, juga dengan kursi roda.",
            "Pemilih tunanetra boleh memakai alat bantu huruf Braille.",
            "Anda boleh memilih sendiri pendamping Anda.",
            "Pendamping harus merahasiakan pilihan Anda.",
        ],
        panels=[
            "TPS tanpa tangga dan pintu lebar",
            "Alat bantu Braille",
            "Pendamping pilihan sendiri",
            "Pilihan tetap rahasia",
        ],
        image_description=(
            "Infografis berjudul Hak Pemilih Penyandang Disabilitas di TPS, empat kotak.\n"
            "Kotak 1: TPS dibangun tanpa tangga atau dengan bidang miring, pintu dan jalur "
            "cukup lebar untuk kursi roda, dan meja bilik yang bisa dijangkau dari kursi roda.\n"
            "Kotak 2: pemilih tunanetra berhak atas alat bantu coblos berhuruf Braille.\n"
            "Kotak 3: pemilih boleh didampingi orang yang dipilihnya sendiri, termasuk "
            "keluarga atau petugas.\n"
            "Kotak 4: pendamping wajib merahasiakan pilihan dan menandatangani surat "
            "pernyataan.\n"
            "Di bagian bawah: TPS yang tidak memenuhi hak ini dapat dilaporkan kepada Pengawas "
            "TPS atau Bawaslu Kabupaten Jember."
        ),
    ),
    DemoItem(
        slug="jadi-pengawas-partisipatif-di-desa",
        title="Ayo Jadi Pengawas Partisipatif di Desamu",
        format=ItemFormat.ARTICLE,
        segments=["masyarakat-adat-desa", "perempuan", "pelajar-mahasiswa"],
        themes=["pengawasan-partisipatif", "tahapan"],
        days_ago=3,
        stage="kampanye",
        lead="Pengawasan pemilu bukan hanya tugas Bawaslu. Warga desa bisa ikut mengawasi "
        "setiap tahapan, dari kampanye sampai penghitungan suara.",
        easy_read=[
            "Warga bisa ikut mengawasi pemilu.",
            "Perhatikan kampanye di desamu: di mana, kapan, siapa.",
            "Datang saat penghitungan suara di TPS, itu terbuka untuk umum.",
            "Ceritakan yang kamu lihat kepada pengawas desa.",
        ],
        paragraphs=[
            "Pengawas partisipatif adalah warga yang ikut memperhatikan jalannya pemilihan di "
            "sekitarnya dan menyampaikan temuannya kepada pengawas. Tidak perlu mendaftar "
            "untuk mulai; Bawaslu juga membuka sekolah kader pengawasan setiap tahun.",
            "Selama kampanye, perhatikan kegiatan di tempat ibadah, sekolah dan kantor "
            "pemerintah, yang dilarang dipakai untuk kampanye. Pada hari pemungutan suara, "
            "penghitungan di TPS terbuka untuk ditonton siapa saja.",
        ],
    ),
    DemoItem(
        slug="carane-lapor-pelanggaran-pemilu",
        title="Carane Lapor Pelanggaran Pemilu marang Bawaslu",
        format=ItemFormat.ARTICLE,
        segments=["umum", "masyarakat-adat-desa", "lansia"],
        themes=["cara-melapor", "pengawasan-partisipatif"],
        days_ago=4,
        language=ContentLanguage.JAVANESE,
        version_of="cara-melapor-pelanggaran-pemilu",
        lead="Sapa wae oleh lapor. Iki sing kudu disiapake lan wates wektune.",
        easy_read=[
            "Kabeh warga oleh lapor pelanggaran pemilu.",
            "Lapor paling suwe 7 dina sawise kedadeyan.",
            "Siapake bukti: foto, video, utawa seksi.",
            "Lapor lewat Posko Aduan ing portal iki utawa teka menyang kantor Bawaslu.",
        ],
        paragraphs=[
            "Laporan pelanggaran kudu dikirim paling suwe pitung dina wiwit kedadeyan "
            "dingerteni. Critakna apa sing kedadeyan, kapan, ing ngendi, lan sapa sing melu.",
            "Bukti mbiyantu: foto, video, utawa jeneng seksi sing weruh dhewe. Sampeyan bisa "
            "lapor lewat Posko Aduan ing portal iki, ora nganggo jeneng uga oleh.",
        ],
    ),
    DemoItem(
        slug="pareksa-nyama-e-daftar-pamilih",
        title="Pareksa Nyama Ajunan e Daftar Pamilih",
        format=ItemFormat.ARTICLE,
        segments=["pemilih-pemula", "pelajar-mahasiswa", "umum"],
        themes=["hak-pilih", "tahapan"],
        days_ago=18,
        language=ContentLanguage.MADURESE,
        version_of="cek-nama-di-daftar-pemilih",
        lead="Ajunan ollè milè mon nyama ajunan bâdâ e daftar pamilih. Kantoèn carana marèksa.",
        easy_read=[
            "Pareksa nyama ajunan sabelluna arè coblosan.",
            "Pareksa bân NIK e situs cekdptonline.kpu.go.id.",
            "Mon nyama ta' bâdâ, laporaghi ka PPS e dhisa ajunan.",
            "Bâktâ KTP-el ka TPS.",
        ],
        paragraphs=[
            "Daftar pamilih èsoson KPU dâri data kependudukan. Pamilih anyar sè ghi' omor 17 "
            "taon ban warga sè ngallè roma kadhâng ghi' ta' tacatet.",
            "Mon nyama ajunan ta' bâdâ otabâ salah, dhâtengngaghi PPS e dhisa otabâ kalorahan.",
        ],
    ),
]


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _infographic_png(item: DemoItem) -> bytes:
    """A tall infographic: the title, then one numbered panel per line."""
    width, panel_height = 1080, 190
    height = 330 + panel_height * len(item.panels) + 120
    image = Image.new("RGB", (width, height), (250, 246, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 280), fill=(138, 17, 22))
    title = "\n".join(textwrap.wrap(item.title, width=26)[:3])
    draw.multiline_text((60, 60), title, fill="white", font=_font(56), spacing=12)
    for index, panel in enumerate(item.panels):
        top = 330 + index * panel_height
        draw.rounded_rectangle(
            (60, top, width - 60, top + panel_height - 30), radius=24, fill=(255, 255, 255)
        )
        draw.ellipse((90, top + 35, 180, top + 125), fill=(242, 201, 76))
        draw.text((122, top + 55), str(index + 1), fill=(94, 11, 15), font=_font(44))
        text = "\n".join(textwrap.wrap(panel, width=30)[:2])
        draw.multiline_text((210, top + 45), text, fill=(40, 40, 40), font=_font(40), spacing=8)
    draw.text(
        (60, height - 90), "Bawaslu Kabupaten Jember (contoh)", fill=(94, 11, 15), font=_font(36)
    )
    output = BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def _thumbnail_jpeg(item: DemoItem) -> bytes:
    """The video's thumbnail: its title on a dark frame with a play mark."""
    width, height = 1280, 720
    image = Image.new("RGB", (width, height), (25, 25, 25))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - 40, width, height), fill=(230, 57, 70))
    draw.polygon([(560, 250), (560, 470), (760, 360)], fill=(255, 255, 255))
    title = "\n".join(textwrap.wrap(item.title, width=34)[:2])
    draw.multiline_text((80, 520), title, fill="white", font=_font(52), spacing=10)
    output = BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


def _body(item: DemoItem) -> str:
    return "".join("<p>%s</p>" % escape(paragraph) for paragraph in item.paragraphs)


def _stage(name_part: str) -> ElectionStage | None:
    if not name_part:
        return None
    return ElectionStage.objects.filter(name__icontains=name_part).order_by("-start_date").first()


def _files_attach(item: EducationItem, demo: DemoItem) -> None:
    """The files as the admin form stores them (education.forms): cleaned, under new names."""
    image = None
    if demo.format == ItemFormat.INFOGRAPHIC:
        image = ContentFile(_infographic_png(demo), name="infografis.png")
        item.image_alt = "Infografis: %s" % demo.title
    elif demo.format == ItemFormat.VIDEO:
        image = ContentFile(_thumbnail_jpeg(demo), name="video.jpg")
        item.image_alt = "Cuplikan video: %s" % demo.title
    if image is not None:
        variants = image_variants(image, widths=IMAGE_WIDTHS)
        item.image.save(variants.large.name, variants.large, save=False)
        item.image_small.save(variants.small.name, variants.small, save=False)
        item.image_width, item.image_height = variants.width, variants.height
    if demo.format == ItemFormat.DOCUMENT:
        import pikepdf

        document = pdf_sanitize(ContentFile(demo_pdf(demo.pages), name="panduan.pdf"))
        with pikepdf.open(BytesIO(document.read())) as pdf:
            item.document_pages = len(pdf.pages)
        document.seek(0)
        item.document_size = document.size
        item.document.save(document.name, document, save=False)


def _segments() -> dict[str, Segment]:
    found = {}
    for order, (slug, name, description) in enumerate(SEGMENTS, start=1):
        segment = Segment.objects.filter(slug=slug).first()
        if segment is None:
            segment = Segment(slug=slug, name=name, description=description, order=order)
            segment.full_clean()
            segment.save()
        found[slug] = segment
    return found


def _themes() -> dict[str, Theme]:
    found = {}
    for order, (slug, name) in enumerate(THEMES, start=1):
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            theme = Theme(slug=slug, name=name, order=order)
            theme.full_clean()
            theme.save()
        found[slug] = theme
    return found


@transaction.atomic
def seed_education() -> None:
    segments, themes = _segments(), _themes()
    author = demo_author()
    now = timezone.now()
    existing = set(EducationItem.objects.values_list("slug", flat=True))
    # Originals before their versions (ITEMS lists them so).
    for demo in ITEMS:
        if demo.slug in existing:
            continue
        publish_at = now - timedelta(days=demo.days_ago)
        item = EducationItem(
            title=demo.title,
            slug=demo.slug,
            format=demo.format,
            lead=demo.lead,
            easy_read="\n".join(demo.easy_read),
            body=_body(demo),
            image_description=demo.image_description,
            youtube_id=demo.youtube_id,
            transcript=demo.transcript,
            stage=_stage(demo.stage),
            language=demo.language,
            version_of=(
                EducationItem.objects.get(slug=demo.version_of) if demo.version_of else None
            ),
            author=author,
            status=ItemStatus.PUBLISHED,
            publish_at=publish_at,
            # Distributed long ago, as far as the beat task is concerned (see the docstring).
            distributed_at=publish_at,
        )
        _files_attach(item, demo)
        item.full_clean()
        item.save()
        # As if written then: otherwise every demo item would read "Diperbarui" today.
        EducationItem.objects.filter(pk=item.pk).update(
            created_at=publish_at, updated_at=publish_at
        )
        item.segments.set([segments[slug] for slug in demo.segments])
        item.themes.set([themes[slug] for slug in demo.themes])
