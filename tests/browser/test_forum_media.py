"""Forum Media end to end at phone width (375 px), with a real Celery worker process and an
SMTP sink: a journalist registers, confirms through the link in the e-mail the sink caught, and
receives the ticket e-mail with its calendar file and QR code; a staff member opens the check-in
page at the address the QR code holds and records the attendance; a second scan records nothing
and says when the journalist came. axe-core, with no rule disabled, finds nothing on any page.
"""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from humas_portal.qr import qr_png
from humas_portal.roles import MEDIA_FORUM_COORDINATOR
from media_forum.models import EventAudience, Registration, RegistrationStatus
from media_forum.tickets import ticket_code, ticket_code_display, ticket_path
from tests.browser.test_complaint_desk import mail_text, wait_for_mail
from tests.browser.test_smoke import AXE, horizontal_overflow, watch
from tests.factories import PASSWORD, staff_create
from tests.media_forum.factories import event_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.time_limit(300),
]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def mail_worker(tmp_path, celery_broker, worker_process, smtp_sink, live_server, settings):
    """A worker process on this test's filesystem broker, sending to the SMTP sink, building
    links and the QR code under the live server's address with the site's own key (the
    ticket code is an HMAC under it: web and worker share it, as in production)."""
    settings.PORTAL_BASE_URL = live_server.url
    folders = {name: tmp_path / "broker" / name for name in ("queue", "processed", "control")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    options = {
        "data_folder_in": str(folders["queue"]),
        "data_folder_out": str(folders["queue"]),
        "processed_folder": str(folders["processed"]),
        "control_folder": str(folders["control"]),
        "store_processed": False,
        "polling_interval": 0.2,
    }
    celery_broker("filesystem://", options)
    return worker_process(
        broker_url="filesystem://",
        transport_options=options,
        extra_env={
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_sink.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "5",
            "PORTAL_BASE_URL": live_server.url,
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        },
    )


def check(page) -> None:
    """Every axe-core rule, every impact; nothing wider than the phone."""
    results = AXE.run(page)
    assert results.response["passes"], "axe-core checked nothing"
    assert [v["id"] for v in results.response["violations"]] == []
    width, visible = horizontal_overflow(page)
    assert width <= visible


def attachments(mail) -> dict[str, tuple[str, bytes]]:
    return {
        part.get_filename(): (part.get_content_type(), part.get_payload(decode=True))
        for part in mail.walk()
        if part.get_filename()
    }


def test_journalist_registers_confirms_by_mail_and_is_checked_in_once(
    browser, live_server, settings, smtp_sink, mail_worker, office
):
    settings.FORUM_MEDIA_FORM_MIN_SECONDS = 0
    staff_create("petugas-pintu", role=MEDIA_FORUM_COORDINATOR)
    event = event_create(
        audience=EventAudience.JOURNALISTS,
        title="Forum Media: Pengawasan Kampanye di Media Sosial",
        online_url="https://meet.example.id/forum",
        starts_at=timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2),
        ends_at=timezone.now().replace(second=0, microsecond=0) + timedelta(hours=5),
    )

    # --- The journalist registers on a phone ---
    journalist = browser.new_context(viewport=PHONE).new_page()
    seen = watch(journalist)
    journalist.goto(live_server.url + event.get_absolute_url())
    check(journalist)
    with journalist.expect_navigation():
        journalist.get_by_role("link", name="Daftar", exact=False).first.click()
    check(journalist)
    journalist.get_by_label("Nama lengkap").fill("Rina Wartawati")
    journalist.get_by_label("Alamat e-mail").fill("rina@media.example.id")
    journalist.get_by_label("Nomor telepon atau WhatsApp").fill("0812 3456 7890")
    journalist.locator("#id_outlet").fill("Radar Jember")
    journalist.get_by_label("Jabatan").fill("Wartawan")
    journalist.get_by_label("Saya setuju", exact=False).check()
    with journalist.expect_navigation():
        journalist.get_by_role("button", name="Daftar").click()
    expect(journalist.locator("h1")).to_have_text("Cek e-mail Anda")
    check(journalist)

    # --- The confirmation link, from the e-mail the sink caught ---
    confirmation = mail_text(wait_for_mail(smtp_sink, 1, mail_worker)[0])
    link = re.search(
        r"http://\S+/forum-media/pendaftaran/konfirmasi/[A-Za-z0-9_-]{43}/", confirmation
    )
    assert link, confirmation
    journalist.goto(link.group(0))
    check(journalist)
    with journalist.expect_navigation():
        journalist.get_by_role("button", name="Konfirmasi pendaftaran").click()
    expect(journalist.get_by_role("status")).to_contain_text("Anda mendapat kursi")
    check(journalist)
    registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.CONFIRMED

    # --- The ticket e-mail: the code, the calendar file and the QR code ---
    ticket_mail = wait_for_mail(smtp_sink, 2, mail_worker)[1]
    code = ticket_code(registration.public_id)
    assert ticket_code_display(code) in mail_text(ticket_mail)
    files = attachments(ticket_mail)
    assert set(files) == {"forum-media-%s.ics" % event.slug, "tiket-%s.png" % code}
    calendar_type, calendar_bytes = files["forum-media-%s.ics" % event.slug]
    assert calendar_type == "text/calendar"
    vevent = icalendar.Calendar.from_ical(calendar_bytes).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == event.starts_at
    assert vevent.decoded("dtstart").tzinfo == ZoneInfo(settings.TIME_ZONE)
    assert event.online_url in str(vevent["location"])  # a seat holder's own file
    qr_type, qr_bytes = files["tiket-%s.png" % code]
    checkin_url = live_server.url + ticket_path(registration)
    # The QR encoder is deterministic: the attachment is exactly the QR code of this address.
    assert qr_type == "image/png"
    assert qr_bytes == qr_png(checkin_url)

    # --- At the door: a staff member's phone opens the QR code's address ---
    staff = browser.new_context(viewport=PHONE).new_page()
    staff.goto(live_server.url + reverse("admin:login") + "?next=" + ticket_path(registration))
    staff.fill("#id_username", "petugas-pintu")
    staff.fill("#id_password", PASSWORD)
    with staff.expect_navigation():
        staff.locator("input[type=submit]").click()
    assert staff.url == checkin_url
    expect(staff.get_by_text("Rina Wartawati")).to_be_visible()
    expect(staff.get_by_text("Radar Jember")).to_be_visible()
    check(staff)
    registration.refresh_from_db()
    assert registration.attended_at is None  # opening the page records nothing
    with staff.expect_navigation():
        staff.get_by_role("button", name="Catat hadir").click()
    expect(staff.get_by_role("status")).to_contain_text("Hadir, tercatat pukul")
    check(staff)
    registration.refresh_from_db()
    attended_at = registration.attended_at
    assert attended_at is not None

    # --- A second scan records nothing and says when ---
    staff.goto(checkin_url)
    local = timezone.localtime(attended_at, ZoneInfo(settings.TIME_ZONE))
    expect(staff.get_by_role("status")).to_contain_text(
        "sudah hadir pukul %s" % local.strftime("%H.%M")
    )
    expect(staff.get_by_role("button", name="Catat hadir")).to_have_count(0)
    check(staff)
    registration.refresh_from_db()
    assert registration.attended_at == attended_at
    assert seen.console_errors == []
