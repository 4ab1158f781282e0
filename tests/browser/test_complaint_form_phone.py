"""The complaint desk's forms on a phone (issue 12 item 8): "anonim" hides the name and the
address, a refused form puts focus on its error summary, the "Di halaman ini" list wraps under
its bullets."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.test_smoke import horizontal_overflow, serious_violations, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
NAME = "#id_reporter_name"
ADDRESS = "#id_reporter_address"


@pytest.fixture
def demo(settings):
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    call_command("seed_demo", verbosity=0)


def test_anonymous_hides_name_and_address(page, live_server, demo):
    page.set_viewport_size(PHONE)
    seen = watch(page)
    page.goto(live_server.url + "/pengaduan/buat/")
    name, address = page.locator(NAME), page.locator(ADDRESS)
    expect(name).to_be_visible()
    expect(address).to_be_visible()
    # The note for browsers without JavaScript is not needed here.
    expect(page.locator("[data-identity-note]")).to_be_hidden()

    page.get_by_label("Saya melapor tanpa nama (anonim)").check()
    expect(name).to_be_hidden()
    expect(address).to_be_hidden()
    # Contacts stay: an anonymous reporter may still leave a phone number or an e-mail.
    expect(page.get_by_label("Nomor telepon atau WhatsApp", exact=False)).to_be_visible()
    expect(page.get_by_label("Alamat e-mail (tidak wajib)")).to_be_visible()

    page.get_by_label("Saya melapor tanpa nama (anonim)").uncheck()
    expect(name).to_be_visible()
    assert serious_violations(page) == []
    assert seen.console_errors == []


def test_without_javascript_the_fields_stay_with_a_note(new_context, live_server, demo):
    page = new_context(java_script_enabled=False, viewport=PHONE).new_page()
    page.goto(live_server.url + "/pengaduan/buat/")
    page.get_by_label("Saya melapor tanpa nama (anonim)").check()
    expect(page.locator(NAME)).to_be_visible()
    expect(page.locator("[data-identity-note]")).to_be_visible()
    expect(page.locator("[data-identity-note]")).to_contain_text("tidak perlu diisi")


def test_a_refused_form_focuses_its_error_summary_linked_to_the_fields(page, live_server, demo):
    page.set_viewport_size(PHONE)
    seen = watch(page)
    page.goto(live_server.url + "/pengaduan/buat/")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengaduan").click()

    summary = page.locator(".form-errors")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    assert links.count() >= 3
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        assert target.startswith("#")
        assert page.locator(target).count() == 1, target
    # Following a link lands on its field.
    summary.get_by_role("link", name="Judul singkat").click()
    expect(page.get_by_label("Judul singkat", exact=False)).to_be_focused()
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width
    assert serious_violations(page) == []
    assert seen.console_errors == []


@pytest.mark.parametrize("width", [320, 375])
def test_on_this_page_items_wrap_under_their_bullet(page, live_server, demo, width):
    page.set_viewport_size({**PHONE, "width": width})
    page.goto(live_server.url + "/pengaduan/")
    # A link that wraps must flow as text (one box per line), so the bullet stays beside its
    # first line; an inline-block is one box and drags the bullet down to its last line.
    lines = page.locator(".complaint-info__toc li a").evaluate_all(
        """links => links.map(link => {
          const height = parseFloat(getComputedStyle(link).lineHeight);
          return [link.getBoundingClientRect().height > height * 1.5, link.getClientRects().length];
        })"""
    )
    wrapped = [boxes for wraps, boxes in lines if wraps]
    assert wrapped, "no item wraps at %d px: the test shows nothing" % width
    assert all(boxes > 1 for boxes in wrapped)
