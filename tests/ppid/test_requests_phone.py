"""The request desk on a 375 px phone: request, receipt, tracking, objection. axe-core (every
rule) finds nothing on any of them, and nothing scrolls sideways. (The form needs no
JavaScript: tests/ppid/test_request_pages.py posts it as a browser without any would.)"""

import pytest
from playwright.sync_api import expect

from ppid.models import InformationRequest
from ppid.services import request_decide
from tests.browser.test_smoke import AXE, horizontal_overflow
from tests.ppid.request_factories import holidays_set, officer_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def violations(page) -> list[str]:
    results = AXE.run(page)
    assert results.response["passes"], "axe-core checked nothing"
    return [results.generate_report(v["id"]) for v in results.response["violations"]]


def checked(page) -> None:
    assert violations(page) == []
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width


@pytest.mark.time_limit(300)
def test_request_receipt_tracking_and_objection_on_a_phone(page, live_server, office, settings):
    settings.PPID_FORM_MIN_SECONDS = 0
    holidays_set(())
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/informasi-publik/permohonan/")
    expect(page.get_by_role("heading", name="Permohonan informasi publik")).to_be_visible()
    checked(page)

    # Refused first: no contact at all.
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.locator("#id_requester_address").fill("Jl. Kalimantan 12, Jember")
    page.get_by_label("Informasi yang diminta").fill("Daftar pemilih tetap Kecamatan Sumbersari.")
    page.get_by_label("Tujuan penggunaan informasi").fill("Penelitian.")
    page.get_by_label("Diambil langsung di kantor").check()
    page.get_by_role("checkbox").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.get_by_role("alert")).to_contain_text("Isi alamat e-mail atau nomor telepon")
    checked(page)

    page.get_by_label("Nomor telepon atau WhatsApp").fill("081234567890")
    page.get_by_role("checkbox").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.get_by_role("heading", name="Permohonan Anda sudah kami terima")).to_be_visible()
    request = InformationRequest.objects.get()
    expect(page.get_by_text(request.number)).to_be_visible()
    checked(page)

    request_decide(
        request_id=request.pk,
        actor=officer_create(),
        stage="refused",
        note="",
        refusal_ground="17h",
    )
    with page.expect_navigation():
        page.get_by_role("link", name="Lihat perkembangan permohonan").click()
    expect(page.get_by_role("heading", name="Permohonan %s" % request.number)).to_be_visible()
    expect(page.get_by_text("Pasal 17 huruf h", exact=False).first).to_be_visible()
    checked(page)

    page.get_by_label("Permohonan ditolak berdasarkan alasan pengecualian Pasal 17").check()
    page.get_by_label("Uraian keberatan").fill("Data itu tidak memuat rahasia pribadi.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan keberatan").click()
    expect(page.get_by_role("status")).to_contain_text("Keberatan Anda sudah diterima")
    checked(page)
