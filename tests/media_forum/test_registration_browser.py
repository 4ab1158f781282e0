"""Registering on a phone (375 px): the form, the answer, the confirmation and the
registrant's own page with the ticket, then a cancellation; axe-core finds nothing serious on
any of them, and nothing is wider than the screen."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from media_forum.models import EventAudience, Registration, RegistrationStatus
from tests.browser.test_smoke import horizontal_overflow, serious_violations, watch
from tests.media_forum.factories import event_create
from tests.media_forum.registration_support import (
    confirm_token,
    link_token,
    registration_site,  # noqa: F401  (fixture)
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("office", "registration_site"),
    pytest.mark.time_limit(300),
]

PHONE = {"width": 375, "height": 800}


def check(page) -> None:
    assert serious_violations(page) == []
    width, visible = horizontal_overflow(page)
    assert width <= visible


def test_a_journalist_registers_confirms_sees_the_ticket_and_cancels(page, live_server):
    event = event_create(
        audience=EventAudience.JOURNALISTS,
        title="Forum Media: Pengawasan Kampanye di Media Sosial Menjelang Pemungutan Suara",
    )
    page.set_viewport_size(PHONE)
    seen = watch(page)

    page.goto(live_server.url + reverse("forum_media:register", kwargs={"slug": event.slug}))
    expect(page.locator("h1")).to_contain_text("Pengawasan Kampanye")
    check(page)
    page.get_by_label("Nama lengkap").fill("Rina Wartawati")
    page.get_by_label("Alamat e-mail").fill("rina@media.example.id")
    page.get_by_label("Nomor telepon atau WhatsApp").fill("0812 3456 7890")
    page.locator("#id_outlet").fill("Radar Jember")
    page.get_by_label("Jabatan").fill("Wartawan")
    page.get_by_label("Saya setuju", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Daftar").click()
    expect(page.locator("h1")).to_have_text("Cek e-mail Anda")
    check(page)

    registration = Registration.objects.get(event=event)
    confirm = reverse("forum_media:registration_confirm", args=[confirm_token(registration)])
    page.goto(live_server.url + confirm)
    check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Konfirmasi pendaftaran").click()
    expect(page.get_by_role("status")).to_contain_text("Anda mendapat kursi")
    check(page)

    registration.refresh_from_db()
    manage = reverse(
        "forum_media:registration_manage",
        args=[link_token(registration, "event_ticket", "pendaftaran/")],
    )
    page.goto(live_server.url + manage)
    ticket = page.get_by_role("img", name="Kode QR tiket", exact=False)
    expect(ticket).to_be_visible()
    assert ticket.evaluate("image => image.naturalWidth") > 0
    check(page)

    page.get_by_label("Ya, saya ingin membatalkan pendaftaran ini.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Batalkan pendaftaran").click()
    expect(page.get_by_role("status")).to_contain_text("sudah dibatalkan")
    check(page)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert seen.console_errors == []
