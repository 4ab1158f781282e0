"""The tracking code is never lost on the normal path (issue 12, item 1), in a real Chromium at
phone width: file, add two photos from the receipt, reload twice, and the code is still there;
copy and print work; another browser never sees it; "Saya sudah menyimpan kode" removes it
and its cookie. axe-core (no rule disabled) passes on the receipt and the tracking form."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from complaints.models import Complaint, Evidence
from complaints.session import RECEIPT_KEY_COOKIE
from tests.browser.test_smoke import horizontal_overflow
from tests.complaints.factories import election_create, office_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
AXE = Axe()


def violations(page) -> list[str]:
    """Every axe-core violation, whatever its impact."""
    results = AXE.run(page)
    return [
        results.generate_report(violation["id"]) for violation in results.response["violations"]
    ]


def photo(tmp_path, name: str, colour: tuple[int, int, int]) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, format="PNG")
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return str(path)


def file_a_complaint(page, url: str) -> None:
    page.goto(url + reverse("complaints:create"))
    page.get_by_label("Nama lengkap").fill("Siti Pelapor")
    page.get_by_label("Nomor telepon atau WhatsApp").fill("0812 3456 7890")
    page.get_by_label("Alamat", exact=True).fill("Jl. Mawar 1, Kencong")
    page.get_by_label("Politik uang").check()
    page.get_by_label("Judul singkat").fill("Pembagian amplop")
    page.get_by_label("Uraian kejadian").fill("Ada pembagian amplop di balai desa.")
    page.get_by_label("Tanggal kejadian").fill("2026-01-01")
    page.get_by_label("Tanggal Anda mengetahuinya").fill("2026-01-02")
    page.get_by_label("Desa/kelurahan tempat kejadian").select_option("35.09.01.2001")
    page.get_by_label("Saya setuju").check()
    page.get_by_role("button", name="Kirim pengaduan").click()
    page.wait_for_url("**" + reverse("complaints:receipt"))


def test_code_survives_uploads_and_reloads_then_goes_when_saved(
    browser, live_server, settings, tmp_path
):
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    office_create()
    election_create()
    context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    console_errors: list[str] = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )

    # An anonymous reporter without e-mail: the page is the only place the code ever is.
    file_a_complaint(page, live_server.url)
    secret = page.locator(".receipt__secret").inner_text()
    assert len(secret.replace("-", "")) == 26
    assert secret.replace("-", "") not in page.url.replace("-", "")
    assert violations(page) == []
    width, viewport = horizontal_overflow(page)
    assert width <= viewport

    # Two photos, each from the receipt, then two reloads (what a phone does after the camera).
    for name, colour in (("satu.png", (200, 30, 30)), ("dua.png", (30, 30, 200))):
        page.get_by_label("Pilih foto, video atau PDF").set_input_files(
            photo(tmp_path, name, colour)
        )
        page.get_by_role("button", name="Unggah bukti").click()
        assert page.get_by_text("%s tersimpan." % name).is_visible()
        assert page.locator(".receipt__secret").inner_text() == secret
    assert Evidence.objects.filter(complaint=Complaint.objects.get()).count() == 2
    for _reload in range(2):
        page.reload()
        assert page.locator(".receipt__secret").inner_text() == secret
    assert Complaint.objects.count() == 1

    key = next(cookie for cookie in context.cookies() if cookie["name"] == RECEIPT_KEY_COOKIE)
    assert key["httpOnly"]
    assert key["sameSite"] == "Strict"
    assert key["path"] == "/pengaduan/"
    assert page.evaluate("() => document.cookie").find(RECEIPT_KEY_COOKIE) == -1

    # Copy (receipt.js): the code reaches the clipboard and the status line says so.
    page.get_by_role("button", name="Salin kode").click()
    expect(page.get_by_text("Kode pelacakan sudah disalin.")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == secret

    # Print: the letterhead (office name and logo), number, code and where to track; no buttons.
    page.emulate_media(media="print")
    letterhead = page.locator(".receipt__letterhead")
    assert letterhead.is_visible()
    assert "Bawaslu Kabupaten Jember" in letterhead.inner_text()
    assert page.locator(".receipt__logo").is_visible()
    assert page.locator(".receipt__number").is_visible()
    assert page.locator(".receipt__secret").is_visible()
    assert "/pengaduan/lacak/" in page.locator(".receipt__where").inner_text()
    assert not page.get_by_role("button", name="Salin kode").is_visible()
    assert not page.locator(".complaint-additions").is_visible()
    page.emulate_media(media="screen")
    assert not letterhead.is_visible()

    # Another browser never sees it.
    other = browser.new_context(viewport=PHONE).new_page()
    other.goto(live_server.url + reverse("complaints:receipt"))
    assert other.locator(".receipt__secret").count() == 0
    assert secret not in other.content()

    # Saved: the code and its cookie are gone, the number and the upload form stay.
    page.get_by_role("button", name="Saya sudah menyimpan kode").click()
    assert page.get_by_text("Kode pelacakan sudah dihapus dari perangkat ini.").is_visible()
    assert page.locator(".receipt__secret").count() == 0
    assert page.locator(".receipt__number").inner_text() == Complaint.objects.get().number
    assert RECEIPT_KEY_COOKIE not in {cookie["name"] for cookie in context.cookies()}
    page.reload()
    assert page.locator(".receipt__secret").count() == 0
    assert secret not in page.content()
    assert violations(page) == []
    assert console_errors == []


def test_show_code_toggle_on_the_tracking_form(browser, live_server):
    office_create()
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + reverse("complaints:track"))
    field = page.get_by_label("Kode pelacakan")
    toggle = page.get_by_role("button", name="Tampilkan kode")

    field.fill("ABCDE-FGHJK")
    assert field.get_attribute("type") == "password"
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert field.get_attribute("type") == "text"
    assert toggle.get_attribute("aria-pressed") == "true"
    assert field.input_value() == "ABCDE-FGHJK"
    toggle.click()
    assert field.get_attribute("type") == "password"
    assert toggle.get_attribute("aria-pressed") == "false"
    assert violations(page) == []
    width, viewport = horizontal_overflow(page)
    assert width <= viewport


def test_without_javascript_the_buttons_stay_hidden_and_the_field_masked(
    browser, live_server, settings
):
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    office_create()
    election_create()
    page = browser.new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(live_server.url + reverse("complaints:track"))
    assert page.get_by_label("Kode pelacakan").get_attribute("type") == "password"
    assert not page.get_by_role("button", name="Tampilkan kode").is_visible()

    file_a_complaint(page, live_server.url)
    assert page.locator(".receipt__secret").is_visible()
    assert not page.get_by_role("button", name="Salin kode").is_visible()
    assert not page.get_by_role("button", name="Cetak tanda terima").is_visible()
    page.get_by_role("button", name="Saya sudah menyimpan kode").click()
    assert page.locator(".receipt__secret").count() == 0
