"""Demo press list: two of the demo "siaran pers" subscribers (notifications.demo) registered
as journalists, one of them verified, so an embargoed release in a demo install has a reader.

Demo events: two upcoming and three past ones, registrations from the demo journalists and a
few example.id addresses, and a press kit (a PDF and an image written on the spot, through the
admin's upload hygiene) on a past press conference."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from humas_portal.notifications.subscriptions import subscriber_find
from humas_portal.uploads import image_reencode, pdf_sanitize
from media_forum.models import (
    Event,
    EventAudience,
    EventKind,
    EventMaterial,
    EventSpeaker,
    EventStatus,
    JournalistProfile,
    Registration,
    RegistrationStatus,
)

DEMO_JOURNALISTS = {
    "redaksi.suarajember@example.id": ("Redaksi Suara Jember", "Suara Jember (demo)", True),
    "kontributor.tvlokal@example.id": ("Kontributor TV Lokal", "TV Lokal Jember (demo)", False),
}


@transaction.atomic
def seed_press() -> None:
    for email, (name, outlet, verified) in DEMO_JOURNALISTS.items():
        subscriber = subscriber_find(email=email)
        if subscriber is None or JournalistProfile.objects.filter(subscriber=subscriber).exists():
            continue
        profile = JournalistProfile(
            subscriber=subscriber,
            name=name,
            outlet=outlet,
            beat="Politik dan Pemilu",
            phone="+6281100000000",
            verified=verified,
            verified_at=subscriber.confirmed_at if verified else None,
        )
        profile.full_clean()
        profile.save()


# --- Demo events (issue 16) --------------------------------------------------------------------

# Registrants who are not on the demo press list (example.id: nothing reaches a person).
DEMO_PUBLIC_REGISTRANTS = [
    ("Warga Pemantau Sumbersari", "pemantau.sumbersari@example.id"),
    ("Mahasiswa Relawan Demokrasi", "relawan.demokrasi@example.id"),
    ("Pewarta Warga Kaliwates", "pewarta.kaliwates@example.id"),
]
DEMO_VENUE = "Aula Bawaslu Kabupaten Jember"
DEMO_ADDRESS = "Jl. Letjen Panjaitan No. 00, Sumbersari, Jember"
DEMO_MAP_URL = "https://www.openstreetmap.org/?mlat=-8.1724&mlon=113.7005#map=17/-8.1724/113.7005"
MATERIAL_MAX_SIDE = 1600


@dataclass(frozen=True)
class DemoEvent:
    slug: str
    title: str
    kind: str
    audience: str
    # Days from today (the office's) and the hour the event starts; it lasts ``hours``.
    days: int
    hour: int
    hours: int
    capacity: int
    status: str
    description: str
    speakers: tuple[tuple[str, str], ...]
    # (name, e-mail, status, attended) per registration.
    registrations: tuple[tuple[str, str, str, bool], ...] = ()
    approval_required: bool = False
    online: bool = False
    materials: bool = False


def _demo_events() -> list[DemoEvent]:
    journalists = list(DEMO_JOURNALISTS.items())
    (verified_email, (verified_name, _o, _v)), (other_email, (other_name, _o2, _v2)) = journalists
    (public_a, email_a), (public_b, email_b), (public_c, email_c) = DEMO_PUBLIC_REGISTRANTS
    return [
        DemoEvent(
            slug="forum-media-pengawasan-masa-kampanye",
            title="Forum Media: Pengawasan Masa Kampanye di Jember",
            kind=EventKind.FORUM,
            audience=EventAudience.JOURNALISTS,
            days=7,
            hour=9,
            hours=3,
            capacity=2,
            status=EventStatus.PUBLISHED,
            description=(
                "<p>Diskusi bersama wartawan tentang temuan pengawasan masa kampanye: alat "
                "peraga, kampanye di tempat ibadah dan pendidikan, serta dugaan politik "
                "uang.</p><p>Kursi terbatas; pendaftar berikutnya masuk daftar tunggu.</p>"
            ),
            speakers=(
                ("Ketua Bawaslu Kabupaten Jember", "Bawaslu Kabupaten Jember"),
                ("Koordinator Divisi Pencegahan", "Bawaslu Kabupaten Jember"),
            ),
            registrations=(
                (verified_name, verified_email, RegistrationStatus.CONFIRMED, False),
                (other_name, other_email, RegistrationStatus.CONFIRMED, False),
                (public_a, email_a, RegistrationStatus.WAITLISTED, False),
            ),
        ),
        DemoEvent(
            slug="bimtek-pengawas-tps-pemungutan-suara",
            title="Bimtek Pengawas TPS: Pengawasan Pemungutan dan Penghitungan Suara",
            kind=EventKind.ADHOC_TRAINING,
            audience=EventAudience.ADHOC,
            days=14,
            hour=8,
            hours=6,
            capacity=60,
            status=EventStatus.PUBLISHED,
            description=(
                "<p>Bimbingan teknis untuk Pengawas TPS: prosedur pemungutan dan "
                "penghitungan suara, formulir pengawasan dan cara melaporkan temuan. "
                "Dapat diikuti di aula atau secara daring.</p>"
            ),
            speakers=(("Koordinator Divisi Penanganan Pelanggaran", "Bawaslu Kabupaten Jember"),),
            registrations=(
                (public_b, email_b, RegistrationStatus.PENDING_APPROVAL, False),
                (public_c, email_c, RegistrationStatus.CONFIRMED, False),
            ),
            approval_required=True,
            online=True,
        ),
        DemoEvent(
            slug="konferensi-pers-hasil-pengawasan-pemutakhiran-data-pemilih",
            title="Konferensi Pers: Hasil Pengawasan Pemutakhiran Data Pemilih",
            kind=EventKind.PRESS_CONFERENCE,
            audience=EventAudience.JOURNALISTS,
            days=-10,
            hour=13,
            hours=2,
            capacity=30,
            status=EventStatus.FINISHED,
            description=(
                "<p>Bawaslu Kabupaten Jember menyampaikan hasil pengawasan pencocokan dan "
                "penelitian data pemilih di 31 kecamatan, beserta saran perbaikan kepada "
                "KPU.</p>"
            ),
            speakers=(("Ketua Bawaslu Kabupaten Jember", "Bawaslu Kabupaten Jember"),),
            registrations=(
                (verified_name, verified_email, RegistrationStatus.CONFIRMED, True),
                (other_name, other_email, RegistrationStatus.CONFIRMED, False),
            ),
            materials=True,
        ),
        DemoEvent(
            slug="sosialisasi-pengawasan-partisipatif-kampus",
            title="Sosialisasi Pengawasan Partisipatif untuk Mahasiswa",
            kind=EventKind.OUTREACH,
            audience=EventAudience.PUBLIC,
            days=-21,
            hour=9,
            hours=3,
            capacity=100,
            status=EventStatus.FINISHED,
            description=(
                "<p>Mengajak mahasiswa menjadi pemantau: cara mengenali pelanggaran dan "
                "melaporkannya ke posko aduan.</p>"
            ),
            speakers=(("Koordinator Divisi Humas", "Bawaslu Kabupaten Jember"),),
            registrations=((public_a, email_a, RegistrationStatus.CONFIRMED, True),),
        ),
        DemoEvent(
            slug="kunjungan-media-redaksi-harian",
            title="Kunjungan Media ke Redaksi Harian Lokal",
            kind=EventKind.MEDIA_VISIT,
            audience=EventAudience.JOURNALISTS,
            days=-3,
            hour=10,
            hours=2,
            capacity=10,
            status=EventStatus.CANCELLED,
            description="<p>Kunjungan dibatalkan karena jadwal rapat pleno yang berubah.</p>",
            speakers=(),
            registrations=((verified_name, verified_email, RegistrationStatus.CANCELLED, False),),
        ),
    ]


def _demo_pdf(title: str) -> bytes:
    """A one-page text PDF written on the spot (nothing is downloaded)."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    lines = [title, "", "Bahan siaran pers (demo).", "Bawaslu Kabupaten Jember"]
    commands = ["BT", "/F1 14 Tf", "18 TL", "60 780 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        commands.append("(%s) '" % escaped)
    commands.append("ET")
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pdf.make_stream("\n".join(commands).encode("latin-1")),
            )
        )
    )
    output = BytesIO()
    pdf.save(output)
    return output.getvalue()


def _demo_png() -> bytes:
    image = Image.new("RGB", (1200, 675), (138, 17, 22))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 600, 1200, 675), fill=(242, 183, 5))
    draw.text(
        (80, 280),
        "Konferensi Pers Bawaslu Jember",
        fill="white",
        font=ImageFont.load_default(size=56),
    )
    output = BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def _materials_attach(event: Event) -> None:
    """A PDF and an image through the upload hygiene the admin uses (humas_portal.uploads)."""
    document = pdf_sanitize(ContentFile(_demo_pdf(event.title), name="siaran-pers.pdf"))
    material = EventMaterial(event=event, title="Siaran pers dan data pengawasan", kind="pdf")
    material.file.save(document.name, document, save=False)
    material.size = document.size
    material.full_clean()
    material.save()
    image = image_reencode(ContentFile(_demo_png(), name="foto.png"), max_side=MATERIAL_MAX_SIDE)
    material = EventMaterial(
        event=event,
        title="Foto konferensi pers",
        kind="image",
        image_alt="Spanduk konferensi pers Bawaslu Kabupaten Jember",
        order=1,
    )
    material.file.save(image.name, image, save=False)
    material.size = image.size
    material.full_clean()
    material.save()


def _event_create(demo: DemoEvent, *, today, author) -> Event:
    office_zone = ZoneInfo(settings.TIME_ZONE)
    starts_at = datetime.combine(
        today + timedelta(days=demo.days), time(demo.hour), tzinfo=office_zone
    )
    ends_at = starts_at + timedelta(hours=demo.hours)
    published_at = min(starts_at - timedelta(days=14), timezone.now())
    event = Event(
        title=demo.title,
        slug=demo.slug,
        kind=demo.kind,
        audience=demo.audience,
        description=demo.description,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=DEMO_VENUE,
        address=DEMO_ADDRESS,
        map_url=DEMO_MAP_URL,
        online_url="https://meet.example.id/bawaslu-jember-bimtek" if demo.online else "",
        capacity=demo.capacity,
        registration_closes_at=starts_at - timedelta(hours=12),
        approval_required=demo.approval_required,
        status=demo.status,
        published_at=published_at,
        cancelled_at=published_at + timedelta(days=1)
        if demo.status == EventStatus.CANCELLED
        else None,
        created_by=author,
    )
    event.full_clean()
    event.save()
    for order, (name, role) in enumerate(demo.speakers):
        EventSpeaker.objects.create(event=event, name=name, role=role, order=order)
    for number, (name, email, status, attended) in enumerate(demo.registrations):
        # Each confirmed its address a few minutes after the previous: the queue's order.
        confirmed_at = published_at + timedelta(hours=1, minutes=5 * number)
        registration = Registration(
            event=event,
            name=name,
            email=email,
            journalist=JournalistProfile.objects.filter(subscriber__email=email).first(),
            outlet=DEMO_JOURNALISTS.get(email, ("", "", False))[1],
            status=status,
            email_confirmed_at=confirmed_at,
            decided_at=confirmed_at if status != RegistrationStatus.PENDING_APPROVAL else None,
            cancelled_at=confirmed_at + timedelta(days=1)
            if status == RegistrationStatus.CANCELLED
            else None,
            attended_at=starts_at + timedelta(minutes=10) if attended else None,
        )
        registration.full_clean()
        registration.save()
    if demo.materials:
        _materials_attach(event)
    return event


@transaction.atomic
def seed_events() -> None:
    """Two upcoming events (one full with a waitlist, one needing approval) and three past ones
    (one with materials, one cancelled); each made once, by its slug."""
    from humas_portal.demo_content import demo_author

    author = demo_author()
    today = timezone.localdate()
    for demo in _demo_events():
        if not Event.objects.filter(slug=demo.slug).exists():
            _event_create(demo, today=today, author=author)
