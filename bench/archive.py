"""The archive size of the bench: 5,000 articles and 20,000 complaints on top of the demo data.

Run by the bench as ``python -m bench.archive`` with the size's environment, after migrate and
seed_demo. It creates the rows once per database, in one transaction, and does nothing when
they are there (the marker: the number of articles whose slug starts with ``arsip-``). Prints
one line ``BENCH-RESULT {json}``.

The text is drawn from a fixed seed out of a few hundred Indonesian words in sentence patterns,
so full-text search has varied words of realistic frequency to index, and lengths are those of
the demo articles (a lead of 25-40 words, a body of 350-700). Publication times spread over
five years; complaints over the demo region's villages, the elections and every stage. Rows are
bulk-created: no e-mail, no outbox row, no cover image (the demo articles keep theirs).
"""

import json
import os
import random
import uuid
from datetime import timedelta

import django

ARTICLES = 5_000
COMPLAINTS = 20_000
SLUG_PREFIX = "arsip-"
SEED = 1405
YEARS = 5
BATCH = 1_000
NAMESPACE = uuid.UUID("6f1d3c2e-0b7a-4c55-9d0e-14a0be7c0014")
RESULT_PREFIX = "BENCH-RESULT "

SUBJECTS = [
    "Bawaslu Kabupaten Jember", "Panwaslu Kecamatan", "Pengawas Kelurahan dan Desa",
    "Pengawas TPS", "Sentra Gakkumdu", "Tim hukum Bawaslu", "Koordinator divisi pencegahan",
    "Relawan pengawas partisipatif", "Forum warga peduli pemilu", "Pemantau pemilu independen",
    "Pelajar dan mahasiswa", "Tokoh agama dan tokoh masyarakat", "Komunitas pemilih pemula",
]  # fmt: skip
VERBS = [
    "mengawasi", "menelusuri", "mencermati", "menindaklanjuti", "mensosialisasikan",
    "memeriksa", "mencatat", "mengkaji", "menertibkan", "mengingatkan", "mendampingi",
    "mengevaluasi", "memetakan", "melaporkan", "mengklarifikasi", "menyosialisasikan",
]  # fmt: skip
OBJECTS = [
    "pemutakhiran data pemilih", "distribusi logistik pemilu", "kampanye di media sosial",
    "pemasangan alat peraga kampanye", "netralitas aparatur sipil negara", "politik uang",
    "rekapitulasi hasil penghitungan suara", "pencocokan dan penelitian data pemilih",
    "pembentukan badan ad hoc", "laporan dana kampanye", "pemungutan suara ulang",
    "daftar pemilih tetap", "penyebaran hoaks pemilu", "kampanye di tempat ibadah",
    "keterlibatan kepala desa", "penggunaan fasilitas negara", "surat suara cadangan",
    "pemilih disabilitas", "tempat pemungutan suara khusus", "ujaran kebencian",
]  # fmt: skip
PLACES = [
    "Kaliwates", "Sumbersari", "Patrang", "Ambulu", "Puger", "Wuluhan", "Balung", "Tanggul",
    "Bangsalsari", "Kalisat", "Ledokombo", "Sumberjambe", "Mayang", "Silo", "Tempurejo",
    "Mumbulsari", "Jenggawah", "Ajung", "Rambipuji", "Arjasa", "Jelbuk", "Sukowono",
    "Pakusari", "Kencong", "Gumukmas", "Umbulsari", "Semboro", "Jombang", "Sumberbaru",
]  # fmt: skip
TIMES = [
    "pada tahapan kampanye", "menjelang hari pemungutan suara", "selama masa tenang",
    "sepanjang tahapan pencalonan", "setelah rapat pleno terbuka", "di awal tahun anggaran",
    "pada masa pendaftaran pemilih", "dalam rapat koordinasi bulanan",
]  # fmt: skip
CLAUSES = [
    "agar setiap warga dapat menggunakan hak pilihnya dengan aman",
    "sehingga potensi pelanggaran dapat dicegah sejak dini",
    "dengan melibatkan perwakilan partai politik dan pemantau",
    "sesuai ketentuan peraturan perundang-undangan yang berlaku",
    "karena laporan masyarakat meningkat dalam beberapa pekan terakhir",
    "serta membuka ruang pengaduan bagi warga yang menemukan kejanggalan",
    "setelah menerima informasi awal dari jajaran pengawas di lapangan",
    "untuk memastikan hasil pemilu dapat dipertanggungjawabkan",
    "tanpa mengganggu pelayanan kepada masyarakat",
    "dengan menyimpan bukti berupa foto, video, dan keterangan saksi",
]  # fmt: skip
REMARKS = [
    "Menurutnya, keterbukaan informasi menjadi kunci kepercayaan publik.",
    "Hasil pengawasan akan dibahas dalam rapat pleno pekan depan.",
    "Warga diminta tidak mudah percaya pada pesan berantai tanpa sumber yang jelas.",
    "Setiap temuan dicatat dalam formulir hasil pengawasan dan dilaporkan secara berjenjang.",
    "Kegiatan ditutup dengan diskusi dan tanya jawab bersama peserta.",
    "Pengawas juga mengingatkan larangan memberikan uang atau barang kepada pemilih.",
    "Data yang dihimpun menjadi bahan evaluasi untuk tahapan berikutnya.",
    "Masyarakat dapat menyampaikan aduan melalui posko maupun portal ini.",
]  # fmt: skip

# Complaint stages by age: old complaints are finished one way or another.
OLD_STAGES = [("closed", 8), ("stopped", 1), ("forwarded", 1), ("not_registered", 1)]
RECENT_STAGES = [
    ("received", 3), ("assessment", 3), ("registered", 2), ("clarification", 2),
    ("deliberation", 1), ("forwarded", 1), ("closed", 2),
]  # fmt: skip
COMPLAINT_CATEGORIES = [
    ("money_politics", 24), ("neutrality", 16), ("campaign_props", 15),
    ("campaign_time_place", 12), ("hoax_hate", 11), ("voter_list", 9), ("organiser", 6),
    ("intimidation", 4), ("other", 3),
]  # fmt: skip


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _sentence(rng: random.Random) -> str:
    sentence = "%s %s %s di %s %s %s." % (
        rng.choice(SUBJECTS),
        rng.choice(VERBS),
        rng.choice(OBJECTS),
        rng.choice(PLACES),
        rng.choice(TIMES),
        rng.choice(CLAUSES),
    )
    return rng.choice(REMARKS) if rng.random() < 0.2 else sentence


def article_text(rng: random.Random) -> tuple[str, str, str]:
    """(title, lead, body HTML) of one article."""
    title = "%s %s %s di %s" % (
        rng.choice(SUBJECTS),
        rng.choice(VERBS).capitalize(),
        rng.choice(OBJECTS).title(),
        rng.choice(PLACES),
    )
    lead = " ".join(_sentence(rng) for _ in range(2))
    paragraphs = [
        " ".join(_sentence(rng) for _ in range(rng.randint(3, 5))) for _ in range(rng.randint(5, 9))
    ]
    body = "".join("<p>%s</p>" % paragraph for paragraph in paragraphs)
    return title[:200], lead[:500], body


def _articles(rng: random.Random, now) -> list:
    from django.contrib.auth import get_user_model
    from django.utils.text import slugify

    from humas_portal.demo_content import DEMO_AUTHOR_USERNAME
    from news.models import Article, ArticleKind, ArticleStatus, Category, Tag, Verdict

    author = get_user_model().objects.get(username=DEMO_AUTHOR_USERNAME)
    categories = list(Category.objects.order_by("pk"))
    tags = list(Tag.objects.order_by("pk"))
    kinds = [
        (ArticleKind.NEWS, 70),
        (ArticleKind.PRESS_RELEASE, 12),
        (ArticleKind.ANNOUNCEMENT, 10),
        (ArticleKind.HOAX_CLARIFICATION, 8),
    ]
    articles, tag_sets = [], []
    span = timedelta(days=365 * YEARS)
    for number in range(ARTICLES):
        title, lead, body = article_text(rng)
        kind = _weighted(rng, kinds)
        publish_at = now - span + span * (number + rng.random()) / ARTICLES - timedelta(days=1)
        articles.append(
            Article(
                title=title,
                slug=("%s%05d-%s" % (SLUG_PREFIX, number, slugify(title)))[:220],
                kind=kind,
                category=rng.choice(categories),
                lead=lead,
                body=body,
                author=author,
                status=ArticleStatus.ARCHIVED if rng.random() < 0.03 else ArticleStatus.PUBLISHED,
                publish_at=publish_at,
                # Already distributed: a worker must not mail subscribers about the archive.
                press_distributed_at=publish_at,
                public_distributed_at=publish_at,
                claim=lead if kind == ArticleKind.HOAX_CLARIFICATION else "",
                verdict=Verdict.HOAX if kind == ArticleKind.HOAX_CLARIFICATION else "",
                created_at=publish_at,
                updated_at=publish_at,
            )
        )
        tag_sets.append(rng.sample(tags, k=min(len(tags), rng.randint(1, 3))))
    Article.objects.bulk_create(articles, batch_size=BATCH)
    through = Article.tags.through
    through.objects.bulk_create(
        [
            through(article_id=article.pk, tag_id=tag.pk)
            for article, chosen in zip(articles, tag_sets, strict=True)
            for tag in chosen
        ],
        batch_size=BATCH,
    )
    # auto_now(_add) overwrote the dates on insert; the archive's pages sort and filter by them.
    for start in range(0, len(articles), BATCH):
        chunk = articles[start : start + BATCH]
        Article.objects.bulk_update(chunk, ["created_at", "updated_at"], batch_size=BATCH)
    return articles


def _complaints(rng: random.Random, now) -> int:
    from complaints.models import Complaint, ComplaintEvent, EventKind, Stage
    from complaints.services import complaint_number_format, complaint_sequence_take
    from humas_portal.elections.dates import local_date
    from humas_portal.elections.models import Election
    from humas_portal.siteprofile.models import Region, RegionLevel
    from humas_portal.tracking import tracking_secret_hash

    elections = list(Election.objects.order_by("pk"))
    villages = list(
        Region.objects.filter(level__in=[RegionLevel.VILLAGE, RegionLevel.URBAN_VILLAGE]).order_by(
            "code"
        )
    )
    if not elections or not villages:
        raise SystemExit("bench.archive: seed_demo has not loaded elections and regions")
    span = timedelta(days=365 * YEARS)
    complaints = []
    for number in range(COMPLAINTS):
        received = now - span + span * (number + rng.random()) / COMPLAINTS - timedelta(hours=1)
        age_days = (now - received).days
        stage = _weighted(rng, RECENT_STAGES if age_days < 60 else OLD_STAGES)
        anonymous = rng.random() < 0.4
        occurred = local_date(received) - timedelta(days=rng.randrange(1, 7))
        village = rng.choice(villages)
        title = "%s di %s" % (rng.choice(OBJECTS).capitalize(), village.name.title())
        identity = (
            {}
            if anonymous
            else {
                "reporter_name": "Pelapor Arsip %d (fiktif)" % number,
                "reporter_phone": "+62812%08d" % number,
                "reporter_email": "arsip%d@contoh.example.id" % number,
                "reporter_address": "Jl. Arsip No. %d, Kabupaten Jember (fiktif)" % number,
            }
        )
        complaints.append(
            Complaint(
                election=rng.choice(elections),
                form_token=uuid.uuid5(NAMESPACE, "complaint-%d" % number),
                # Not a usable secret: nobody tracks an archive complaint.
                tracking_hash=tracking_secret_hash("ARSIP%020d" % number),
                anonymous=anonymous,
                consent=True,
                category=_weighted(rng, COMPLAINT_CATEGORIES),
                title=title[:150],
                description=" ".join(_sentence(rng) for _ in range(rng.randint(2, 6))),
                occurred_on=occurred,
                known_on=occurred + timedelta(days=rng.randrange(0, 2)),
                location=village,
                reported_party="Belum diketahui",
                stage=stage,
                stage_changed_at=received + (now - received) * 0.5,
                # Past Diterima and Kajian Awal the handling clock runs (or ran).
                handling_started_at=received + timedelta(days=2)
                if stage not in (Stage.RECEIVED, Stage.ASSESSMENT, Stage.NOT_REGISTERED)
                else None,
                forwarded_to="kpu" if stage == Stage.FORWARDED else "",
                created_at=received,
                **identity,
            )
        )
    by_year: dict[int, list] = {}
    for complaint in complaints:  # already in the order received
        by_year.setdefault(local_date(complaint.created_at).year, []).append(complaint)
    for year, of_year in by_year.items():
        first = complaint_sequence_take(year=year, count=len(of_year))
        for offset, complaint in enumerate(of_year):
            complaint.year, complaint.sequence = year, first + offset
            complaint.number = complaint_number_format(year, complaint.sequence)
    Complaint.objects.bulk_create(complaints, batch_size=BATCH)
    events = []
    for complaint in complaints:
        events.append(
            ComplaintEvent(complaint=complaint, kind=EventKind.STAGE, to_stage=Stage.RECEIVED)
        )
        if complaint.stage != Stage.RECEIVED:
            events.append(
                ComplaintEvent(
                    complaint=complaint,
                    kind=EventKind.STAGE,
                    from_stage=Stage.RECEIVED,
                    to_stage=complaint.stage,
                )
            )
    ComplaintEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(complaints)


def archive_present() -> int:
    from news.models import Article

    return Article.objects.filter(slug__startswith=SLUG_PREFIX).count()


def archive_create() -> dict:
    from django.db import transaction
    from django.utils import timezone

    from complaints.deadlines import complaints_due_recompute

    present = archive_present()
    if present == ARTICLES:
        return {"created": False, "articles": ARTICLES, "complaints": COMPLAINTS}
    if present:
        raise SystemExit(
            "bench.archive: %d archive articles where %d or none were expected; drop the "
            "database to start again" % (present, ARTICLES)
        )
    # Repeatable on purpose (bench data, not a secret): every machine gets the same archive.
    rng = random.Random(SEED)
    now = timezone.now()
    with transaction.atomic():
        _articles(rng, now)
        complaints = _complaints(rng, now)
    complaints_due_recompute()
    return {"created": True, "articles": ARTICLES, "complaints": complaints}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humas_portal.settings")
    django.setup()
    print(RESULT_PREFIX + json.dumps(archive_create()), flush=True)


if __name__ == "__main__":
    main()
