"""A tour of every public page after real use, for the whole-site checks (issue #12, item 11):
the Nu HTML checker (tests/test_html_valid.py) and axe-core in Chromium
(tests/browser/test_site_checks.py) look at the same pages.

The site holds the demo content; then a chief editor logs in to the admin and publishes an
article with the "Terbitkan" action and adds a Ralat note, publishes an education item the
same way, a citizen files a complaint and adds a photo, a complaint officer moves it to Kajian
Awal with the officers' action, and an officer adds an entry with a PDF to the register of
public information. Times written by these steps carry microseconds, as in production (the
seed's times do not), so the pages are checked in the state that once broke them.

Each page is kept with the response that showed it. Pages that answer a POST, and those behind
a link a later step used up, cannot be asked for again, so the browser test replays their saved
response; every other page it opens for real, as the same visitor (anonymous, or the citizen
with the session cookie).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty

from complaints.models import Complaint, Stage, evidence_storage
from education.models import (
    ContentLanguage,
    EducationItem,
    ItemFormat,
    ItemStatus,
    Question,
    Quiz,
    Segment,
    Theme,
)
from humas_portal.demo_content import demo_pdf
from humas_portal.notifications.models import Subscriber, TokenPurpose
from humas_portal.notifications.registry import topics_all
from humas_portal.notifications.subscriptions import subscriber_token_issue
from humas_portal.publicforms import HONEYPOT_FIELD
from humas_portal.roles import CHIEF_EDITOR, COMPLAINT_OFFICER
from media_forum.models import Event, EventAudience, EventKind, EventSpeaker, EventStatus
from news.models import Article, ArticleKind, ArticleStatus, Category, Tag
from ppid.models import InformationEntry
from tests.complaints.factories import action_url, png_upload
from tests.complaints.test_filing import NUMBER, SECRET, form_data
from tests.factories import PASSWORD, staff_create
from tests.news.factories import article_create

TITLE = "Bawaslu Jember Buka Posko Pengaduan di 31 Kecamatan"
PUBLIC_NOTE = "Pengaduan Anda sedang dikaji oleh petugas kami."
EDUCATION_TITLE = "Ditawari Uang untuk Memilih? Jangan Takut Melapor"


@dataclass
class TourPage:
    name: str  # the file name the checker reports, without ".html"
    path: str
    visitor: str  # "visitor" (anonymous) or "citizen" (the complaint's session)
    repeatable: bool  # False: asking again would not show it (a POST's answer, a used link)
    status: int
    headers: dict[str, str]
    body: bytes


class Tour:
    def __init__(self) -> None:
        self.clients = {"visitor": Client(), "citizen": Client()}
        self.pages: list[TourPage] = []

    def visit(self, name: str, path: str, *, status: int = 200, visitor: str = "visitor",
              data: dict | None = None, once: bool = False) -> str:  # fmt: skip
        """GET ``path`` (POST ``data`` to it, following a redirect) and keep the page shown;
        ``once``: a later step uses up the link."""
        client = self.clients[visitor]
        response = client.get(path) if data is None else client.post(path, data, follow=True)
        assert response.status_code == status, (name, path, response.status_code)
        assert response["Content-Type"].startswith("text/html"), (name, response["Content-Type"])
        request = response.request
        query = request["QUERY_STRING"]
        self.pages.append(
            TourPage(
                name=name,
                path=request["PATH_INFO"] + ("?" + query if query else ""),
                visitor=visitor,
                # A POST answered with a redirect shows a page that can be opened again.
                repeatable=not once and (data is None or bool(response.redirect_chain)),
                status=response.status_code,
                headers=dict(response.items()),
                body=response.content,
            )
        )
        return response.text


def staff_client(username: str, role: str) -> Client:
    """A staff member logged in through the admin's login form (the second factor is optional
    outside production, as in the other admin tests)."""
    staff_create(username, role=role)
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302, response.content[:2000]
    return client


def article_publish_through_admin() -> Article:
    category = Category.objects.get(slug="pengawasan")
    tag = Tag.objects.order_by("pk").first()
    chief = staff_client("pemred.tur", CHIEF_EDITOR)
    article = article_create(
        author=staff_create("penulis.tur"),
        title=TITLE,
        category=category,
        status=ArticleStatus.REVIEW,
        lead="Warga dapat menyampaikan pengaduan di kantor kecamatan terdekat.",
    )
    article.tags.add(tag)
    published = chief.post(
        reverse("admin:news_article_changelist") + "?status__exact=review",
        {"action": "publish", "_selected_action": [article.pk], "index": 0},
        follow=True,
    )
    assert "1 artikel diterbitkan." in published.text
    corrected = chief.post(
        reverse("admin:news_article_correction", args=[article.pk]),
        {"note": "Jumlah posko semula tertulis 30; yang benar 31."},
        follow=True,
    )
    assert "Ralat ditambahkan" in corrected.text
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.publish_at.microsecond or article.updated_at.microsecond
    return article


def faq_question_publish_through_admin() -> Question:
    """The chief editor adds a published FAQ question in the admin (the demo has the rest)."""
    chief = staff_client("pemred.tanya", CHIEF_EDITOR)
    response = chief.post(
        reverse("admin:education_question_add"),
        {
            "theme": Theme.objects.get(slug="cara-melapor").pk,
            "question": "Bisakah saya melapor lewat WhatsApp?",
            "slug": "melapor-lewat-whatsapp",
            "answer": "Bisa. Kirim kronologi dan bukti ke nomor WhatsApp kantor.\nKami membalas.",
            "order": "99",
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return Question.objects.get(slug="melapor-lewat-whatsapp", published=True)


def education_item_publish_through_admin() -> EducationItem:
    """A writer's item waiting for review, published by the chief editor with the "Terbitkan"
    action (which also queues its e-mail to the topic's subscribers)."""
    chief = staff_client("pemred.edukasi.tur", CHIEF_EDITOR)
    item = EducationItem(
        title=EDUCATION_TITLE,
        slug="ditawari-uang-untuk-memilih-jangan-takut-melapor",
        format=ItemFormat.ARTICLE,
        lead="Politik uang dapat dilaporkan ke Bawaslu, dan identitas pelapor dilindungi.",
        easy_read="Ada yang memberi uang agar kamu memilih?\nItu politik uang.\nLaporkan.",
        body="<p>Laporkan ke posko aduan Bawaslu paling lambat 7 hari setelah kejadian.</p>",
        author=staff_create("penulis.edukasi.tur"),
        status=ItemStatus.REVIEW,
    )
    item.full_clean()
    item.save()
    item.segments.set(Segment.objects.order_by("order", "name")[:2])
    item.themes.set(Theme.objects.filter(slug="politik-uang"))
    published = chief.post(
        reverse("admin:education_educationitem_changelist") + "?status__exact=review",
        {"action": "publish", "_selected_action": [item.pk], "index": 0},
        follow=True,
    )
    assert "1 materi diterbitkan." in published.text
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    return item


def forum_event_create() -> Event:
    """An open event with an online part and two speakers. Made through the ORM: the events'
    admin (its add form and the publish action) is another branch's (issue 16, check-in); its
    times carry microseconds, as the admin's would."""
    starts_at = timezone.now() + timedelta(days=3, microseconds=123456)
    event = Event(
        title="Forum Media: Netralitas ASN dan Kepala Desa",
        slug="forum-media-netralitas-asn",
        kind=EventKind.FORUM,
        audience=EventAudience.JOURNALISTS,
        description="<p>Diskusi <strong>terbuka</strong> tentang netralitas.</p>"
        "<table><tr><th>Sesi</th><th>Waktu</th></tr><tr><td>Paparan</td><td>09.00</td></tr></table>",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        venue="Aula Bawaslu Kabupaten Jember",
        address="Jl. Letjen Panjaitan No. 00\nSumbersari, Jember",
        map_url="https://www.openstreetmap.org/#map=17/-8.17/113.70",
        online_url="https://meet.example.id/forum-netralitas",
        capacity=40,
        status=EventStatus.PUBLISHED,
        published_at=timezone.now(),
        created_by=staff_create("koordinator.forum.tur"),
    )
    event.full_clean()
    event.save()
    EventSpeaker.objects.create(event=event, name="Ketua Bawaslu", role="Bawaslu Jember", order=0)
    EventSpeaker.objects.create(event=event, name="Akademisi", role="Universitas Jember", order=1)
    return event


def information_entry_add_through_admin() -> InformationEntry:
    """An officer adds a published entry with a PDF in the admin (the demo register has the
    rest); the page then offers the cleaned document with its size."""
    officer = staff_create("petugas.informasi.tur")
    officer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="ppid", codename__endswith="_informationentry"
        )
    )
    client = Client()
    client.force_login(officer)
    response = client.post(
        reverse("admin:ppid_informationentry_add"),
        {
            "title": "Laporan Pengawasan Pemungutan Suara Ulang",
            "slug": "laporan-pengawasan-psu",
            "category": "setiap_saat",
            "summary": "Hasil pengawasan pemungutan suara ulang di dua TPS, dengan rekomendasi.",
            "status": "published",
            "responsible_unit": "Divisi Pencegahan, Partisipasi Masyarakat dan Humas",
            "format": "PDF",
            "period": "10 tahun",
            "year": str(timezone.localdate().year),
            "link": "",
            "exempt_ground": "",
            "consequence_test_on": "",
            "document": SimpleUploadedFile(
                "laporan.pdf", demo_pdf([["Laporan PSU", "TPS 03 dan TPS 07"]])
            ),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return InformationEntry.objects.get(slug="laporan-pengawasan-psu")


@contextmanager
def site_tour(*, settings, tmp_path) -> Iterator[Tour]:
    """Build the state described above and visit every public page: ``tour.pages`` in order,
    ``tour.clients`` the visitors who saw them (their cookies say who they were).

    Uploads and evidence go to ``tmp_path``; the evidence storage is lazy, so it is made again
    for this folder and forgotten afterwards (as in tests/complaints/conftest.py).
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COMPLAINT_EVIDENCE_ROOT = tmp_path / "evidence"
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    evidence_storage._wrapped = empty
    try:
        yield _tour_taken()
    finally:
        evidence_storage._wrapped = empty


def _tour_taken() -> Tour:
    call_command("seed_demo", stdout=StringIO())
    tour = Tour()

    # --- The chief editor publishes, the citizen files, the officer moves it ---
    article = article_publish_through_admin()
    education_item = education_item_publish_through_admin()
    create = reverse("complaints:create")
    receipt_page = tour.visit(
        "pengaduan-tanda-terima-baru", create, visitor="citizen",
        data=form_data(tour.clients["citizen"]),
    )  # fmt: skip
    secret = SECRET.search(receipt_page).group(1)
    complaint = Complaint.objects.get(number=NUMBER.search(receipt_page).group(1))
    uploaded = tour.clients["citizen"].post(
        reverse("complaints:evidence_add"), {"back": "filed", "files": [png_upload()]}
    )
    assert uploaded.status_code == 302
    assert complaint.evidence.count() == 1
    officer = staff_client("petugas.tur", COMPLAINT_OFFICER)
    moved = officer.post(
        action_url(complaint, "transition"),
        {
            "expected_stage": Stage.RECEIVED,
            "to": Stage.ASSESSMENT,
            "public_note": PUBLIC_NOTE,
            "_send": "1",
        },
    )
    assert moved.status_code == 302
    complaint.refresh_from_db()
    assert complaint.stage == Stage.ASSESSMENT

    # --- News ---
    home = tour.visit("beranda", "/")
    # The demo's stages run today: the home page shows them (issue 15).
    assert 'class="home-stages"' in home
    tour.visit("berita", reverse("news:article_list"))
    tour.visit("berita-halaman-2", reverse("news:article_list") + "?halaman=2")
    tour.visit("berita-siaran-pers", reverse("news:article_list") + "?jenis=siaran-pers")
    tour.visit("berita-diterbitkan", reverse("news:article_detail", args=[article.slug]))
    for kind in ArticleKind:
        other = (
            Article.objects.filter(kind=kind, status=ArticleStatus.PUBLISHED)
            .exclude(pk=article.pk)
            .order_by("-publish_at")
            .first()
        )
        tour.visit("artikel-%s" % kind.value, reverse("news:article_detail", args=[other.slug]))
    tour.visit("kategori", reverse("news:category", args=[article.category.slug]))
    tour.visit("tag", reverse("news:tag", args=[article.tags.get().slug]))
    tour.visit("cari", reverse("search"))
    tour.visit("cari-hasil", reverse("search") + "?q=posko")
    tour.visit("cari-kosong", reverse("search") + "?q=zzqx")

    # --- Education: the list, filtered and not, a segment's page, an item of each format ---
    education = reverse("education:item_list")
    tour.visit("edukasi", education)
    tour.visit("edukasi-saring", education + "?tema=politik-uang&format=artikel")
    tour.visit("edukasi-pilihan-tidak-dikenal", education + "?tema=tidak-ada", status=404)
    segment = education_item.segments.order_by("order", "name").first()
    tour.visit("edukasi-untuk", reverse("education:segment", args=[segment.slug]))
    tour.visit("edukasi-diterbitkan", reverse("education:item_detail", args=[education_item.slug]))
    public_items = EducationItem.objects.public().exclude(pk=education_item.pk)
    for item_format in ItemFormat:
        other = public_items.filter(format=item_format).order_by("-publish_at").first()
        tour.visit(
            "edukasi-%s" % item_format.value,
            reverse("education:item_detail", args=[other.slug]),
        )
    for language in (ContentLanguage.JAVANESE, ContentLanguage.MADURESE):
        version = public_items.filter(language=language).order_by("pk").first()
        tour.visit(
            "edukasi-versi-%s" % language, reverse("education:item_detail", args=[version.slug])
        )

    # --- Education: FAQ, glossary and quizzes ---
    question = faq_question_publish_through_admin()
    tour.visit("tanya-jawab", reverse("education:faq"))
    tour.visit("tanya-jawab-cari", reverse("education:faq") + "?q=" + question.question[:6])
    tour.visit("tanya-jawab-cari-kosong", reverse("education:faq") + "?q=zzqx")
    tour.visit("glosarium", reverse("education:glossary"))
    tour.visit("kuis", reverse("education:quiz_list"))
    quiz = Quiz.objects.filter(published=True).order_by("order").first()
    tour.visit("kuis-soal", reverse("education:quiz", args=[quiz.slug]))
    answers = {
        "jawaban-%d" % item.pk: str(item.choices.filter(is_correct=True).first().pk)
        for item in quiz.questions.all()
    }
    result = reverse("education:quiz_result", args=[quiz.slug])
    tour.visit("kuis-hasil", result, data=answers)
    tour.visit("kuis-galat", result, data={}, status=400)

    # --- The complaint desk ---
    tour.visit("pengaduan", reverse("complaints:index"))
    tour.visit("pengaduan-formulir", create)
    tour.visit("pengaduan-formulir-galat", create, data={"title": "Amplop"})
    tour.visit("pengaduan-tidak-disimpan", create, data={HONEYPOT_FIELD: "https://spam.example"})
    tour.visit("pengaduan-tanda-terima", reverse("complaints:receipt"), visitor="citizen")
    tour.visit("pengaduan-sesi-habis", reverse("complaints:receipt"), status=403)
    track = reverse("complaints:track")
    tour.visit("pengaduan-lacak-formulir", track)
    tour.visit("pengaduan-lacak-galat", track, data={"number": complaint.number, "secret": "SALAH"})
    tour.visit(
        "pengaduan-lacak", track, visitor="citizen",
        data={"number": complaint.number, "secret": secret},
    )  # fmt: skip
    assert PUBLIC_NOTE in tour.pages[-1].body.decode()
    tour.visit(
        "pengaduan-lacak-tambah-galat", reverse("complaints:info_add"), visitor="citizen",
        data={"back": "tracked", "text": ""},
    )  # fmt: skip
    reset = reverse("complaints:secret_reset")
    tour.visit("pengaduan-kode-baru", reset)
    tour.visit("pengaduan-kode-baru-galat", reset, data={"number": "", "email": "bukan"})
    tour.visit(
        "pengaduan-kode-baru-terkirim", reset,
        data={"number": complaint.number, "email": "orang.lain@contoh.id"},
    )  # fmt: skip
    tour.visit("statistik", reverse("complaints:statistics"))

    # --- Education: the demo's stages run today; the article just published is news of them ---
    stages = tour.visit("edukasi-tahapan", reverse("education:stages"))
    assert 'aria-current="step"' in stages
    assert TITLE in stages

    # --- Subscriptions and the press list ---
    subscribe = reverse("subscriptions:subscribe")
    topic = topics_all()[0].slug
    tour.visit("langganan", subscribe)
    tour.visit("langganan-galat", subscribe, data={"email": "bukan-alamat"})
    tour.visit("langganan-terkirim", subscribe, data={"email": "warga@contoh.id", "topics": topic})
    subscriber = Subscriber.objects.get(email="warga@contoh.id")

    def token(purpose: str) -> str:
        return subscriber_token_issue(subscriber=subscriber, purpose=purpose)

    confirm = reverse("subscriptions:confirm", args=[token(TokenPurpose.CONFIRM)])
    tour.visit("langganan-konfirmasi", confirm, once=True)
    tour.visit("langganan-terkonfirmasi", confirm, data={})
    preferences = reverse("subscriptions:preferences", args=[token(TokenPurpose.PREFERENCES)])
    tour.visit("langganan-atur", preferences, once=True)
    tour.visit("langganan-atur-tersimpan", preferences, data={"topics": topic})
    unsubscribe = reverse("subscriptions:unsubscribe", args=[token(TokenPurpose.UNSUBSCRIBE)])
    tour.visit("langganan-berhenti", unsubscribe, once=True)
    tour.visit("langganan-berhenti-selesai", unsubscribe, data={})
    tour.visit(
        "langganan-tautan-tidak-berlaku",
        reverse("subscriptions:preferences", args=["bukan-token"]),
        status=404,
    )
    press = reverse("press:register")
    tour.visit("wartawan", press)
    tour.visit("wartawan-galat", press, data={"name": "", "email": "bukan"})

    # --- Forum Media: the demo's events and one more, open, with speakers ---
    event = forum_event_create()
    tour.visit("forum-media", reverse("forum_media:event_list"))
    tour.visit("forum-media-acara", event.get_absolute_url())
    demo_events = Event.objects.exclude(pk=event.pk)
    full = next(e for e in demo_events if e.registrations.waiting().exists())
    tour.visit("forum-media-penuh", full.get_absolute_url())
    past = demo_events.filter(materials__isnull=False).distinct().get()
    tour.visit("forum-media-materi", past.get_absolute_url())
    cancelled = demo_events.get(status=EventStatus.CANCELLED)
    tour.visit("forum-media-batal", cancelled.get_absolute_url())
    tour.visit("ruang-media", reverse("forum_media:press_room"))

    # --- Layanan Informasi Publik: the register, filtered, an entry of each kind ---
    entry = information_entry_add_through_admin()
    register = reverse("ppid:index")
    tour.visit("informasi-publik", register)
    exempt = InformationEntry.objects.public().filter(category="dikecualikan").order_by("slug")
    filtered = "?kategori=dikecualikan&tahun=%d" % exempt.first().year
    tour.visit("informasi-publik-saring", register + filtered)
    tour.visit("informasi-publik-pilihan-tidak-dikenal", register + "?kategori=rahasia", status=404)
    tour.visit("informasi-publik-dokumen", entry.get_absolute_url())
    public_entries = InformationEntry.objects.public().exclude(pk=entry.pk).order_by("slug")
    tour.visit("informasi-publik-dikecualikan", exempt.first().get_absolute_url())
    tour.visit(
        "informasi-publik-tautan",
        public_entries.filter(link__startswith="https://").first().get_absolute_url(),
    )
    tour.visit(
        "informasi-publik-atas-permohonan",
        public_entries.filter(document="", link="")
        .exclude(category="dikecualikan")
        .first()
        .get_absolute_url(),
    )
    tour.visit("tidak-ditemukan", "/tidak-ada/", status=404)
    return tour
