"""The complaint desk end to end in a real Chromium at phone width (375 px): a citizen files a
complaint, adds a photo on the receipt page and tracks it; a complaint officer moves it to
Kajian Awal with a public note in the admin; the citizen sees the change, and both e-mails
(receipt and update) reach an SMTP sink through a real Celery worker process. axe-core, with
no rule disabled, checks the form, receipt and tracking pages.

The receipt and tracking pages are sent with ``Referrer-Policy: no-referrer``, under which
Chromium sends ``Origin: null`` with their forms; this test fails if those POSTs are refused.
"""

import io
import time
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from complaints.models import Complaint, EventKind, Evidence, Stage
from humas_portal.roles import COMPLAINT_OFFICER
from tests.browser.test_smoke import horizontal_overflow, serious_violations
from tests.complaints.factories import election_create
from tests.factories import PASSWORD, staff_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_NOTE = "Laporan Anda sedang dikaji oleh petugas kami."


@pytest.fixture
def mail_worker(tmp_path, celery_broker, worker_process, smtp_sink):
    """A worker process on a filesystem broker of this test, sending to the SMTP sink."""
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
        },
    )


def mail_text(mail) -> str:
    for part in mail.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset())
    raise AssertionError("no text part")


def wait_for_mail(sink, count: int, worker, timeout: float = 30.0) -> list:
    deadline = time.monotonic() + timeout
    while len(sink.received) < count:
        assert worker.poll() is None, Path(worker.log_path).read_text()
        assert time.monotonic() < deadline, "the sink got %d of %d e-mails\n%s" % (
            len(sink.received),
            count,
            Path(worker.log_path).read_text()[-4000:],
        )
        time.sleep(0.2)
    return list(sink.received)


def test_citizen_files_and_tracks_officer_moves_citizen_sees_it_and_gets_mail(
    browser, live_server, settings, tmp_path, smtp_sink, mail_worker, office
):
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    election_create()
    staff_create("petugas", role=COMPLAINT_OFFICER)
    photo = tmp_path / "foto.png"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 60)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())

    citizen = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    origins: list[str | None] = []
    citizen.on(
        "request",
        lambda request: (
            origins.append(request.all_headers().get("origin"))
            if request.method == "POST"
            else None
        ),
    )
    console_errors: list[str] = []
    citizen.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )

    # --- The citizen files a complaint ---
    citizen.goto(live_server.url + reverse("complaints:create"))
    assert serious_violations(citizen) == []
    width, viewport = horizontal_overflow(citizen)
    assert width <= viewport
    citizen.get_by_label("Nama lengkap").fill("Siti Pelapor")
    citizen.get_by_label("Nomor telepon atau WhatsApp").fill("0812 3456 7890")
    citizen.get_by_label("E-mail").fill("siti@contoh.id")
    citizen.get_by_label("Alamat", exact=True).fill("Jl. Mawar 1, Kencong")
    citizen.get_by_label("Politik uang").check()
    citizen.get_by_label("Judul singkat").fill("Pembagian amplop")
    citizen.get_by_label("Uraian kejadian").fill("Ada pembagian amplop di balai desa.")
    citizen.get_by_label("Tanggal kejadian").fill("2026-01-01")
    citizen.get_by_label("Tanggal Anda mengetahuinya").fill("2026-01-02")
    citizen.get_by_label("Desa/kelurahan tempat kejadian").select_option("35.09.01.2001")
    citizen.get_by_label("Saya setuju").check()
    citizen.get_by_role("button", name="Kirim pengaduan").click()

    # --- The receipt, and a photo added on it ---
    assert citizen.locator("h1").inner_text() == "Tanda terima pengaduan"
    number = citizen.locator(".receipt__number").inner_text()
    secret = citizen.locator(".receipt__secret").inner_text()
    complaint = Complaint.objects.get()
    assert number == complaint.number
    # receipt.js shows it once it has run (deferred): wait for it rather than race it.
    expect(citizen.get_by_role("button", name="Cetak tanda terima")).to_be_visible()
    assert serious_violations(citizen) == []
    width, viewport = horizontal_overflow(citizen)
    assert width <= viewport

    citizen.get_by_label("Pilih foto, video atau PDF").set_input_files(str(photo))
    citizen.get_by_role("button", name="Unggah bukti").click()
    assert citizen.get_by_text("foto.png tersimpan.").is_visible()
    assert Evidence.objects.filter(complaint=complaint).count() == 1

    receipt_mail = mail_text(wait_for_mail(smtp_sink, 1, mail_worker)[0])
    assert number in receipt_mail
    assert secret in receipt_mail

    # --- Tracking ---
    citizen.goto(live_server.url + reverse("complaints:track"))
    assert serious_violations(citizen) == []
    citizen.get_by_label("Nomor pengaduan").fill(number)
    citizen.get_by_label("Kode pelacakan").fill(secret.lower())
    citizen.get_by_role("button", name="Lacak", exact=True).click()
    assert citizen.locator("h1").inner_text() == "Pengaduan %s" % number
    assert citizen.get_by_text("Tahap: Diterima").is_visible()
    assert serious_violations(citizen) == []

    citizen.get_by_label("Informasi tambahan").fill("Pelakunya memakai kaos biru.")
    citizen.get_by_role("button", name="Kirim informasi tambahan").click()
    assert citizen.get_by_text("Informasi tambahan sudah terkirim.").is_visible()
    assert complaint.events.filter(kind=EventKind.REPORTER_INFO).count() == 1

    # --- An officer moves it to Kajian Awal, with a note for the reporter ---
    officer = browser.new_context().new_page()
    officer.goto(live_server.url + "/admin/login/?next=/admin/")
    officer.fill("#id_username", "petugas")
    officer.fill("#id_password", PASSWORD)
    with officer.expect_navigation():
        officer.locator("input[type=submit]").click()
    officer.goto(
        live_server.url + reverse("admin:complaints_complaint_change", args=[complaint.pk])
    )
    assert "Siti Pelapor" not in officer.content()  # a Petugas never sees identity
    officer.select_option("#id_transition_to", label="Kajian Awal")
    officer.fill("#id_transition_public_note", PUBLIC_NOTE)
    with officer.expect_navigation():
        officer.get_by_role("button", name="Pratinjau perpindahan tahap").click()
    # The preview shows the note as the reporter will read it; only "Kirim" sends it.
    assert PUBLIC_NOTE in officer.locator(".complaint-preview__note").inner_text()
    complaint.refresh_from_db()
    assert complaint.stage == Stage.RECEIVED
    with officer.expect_navigation():
        officer.get_by_role("button", name="Kirim", exact=True).click()
    assert "dipindah ke tahap Kajian Awal" in officer.locator(".messagelist").inner_text()
    complaint.refresh_from_db()
    assert complaint.stage == Stage.ASSESSMENT

    # --- The citizen sees the change, and the e-mail arrives ---
    citizen.reload()
    assert citizen.get_by_text("Tahap: Kajian Awal").is_visible()
    assert citizen.get_by_text(PUBLIC_NOTE).is_visible()
    update_mail = mail_text(wait_for_mail(smtp_sink, 2, mail_worker)[1])
    assert number in update_mail
    assert "Kajian Awal" in update_mail
    assert PUBLIC_NOTE in update_mail
    assert secret not in update_mail

    # Every citizen form above was posted from a no-referrer page, so with "Origin: null".
    assert origins
    assert set(origins) == {"null"}
    assert console_errors == []
