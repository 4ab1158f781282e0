"""Check-in at the door on a 375 px phone: a staff member opens the ticket's page, records the
attendance with the big button, and a second scan says when the registrant came. axe-core
(every rule) finds nothing on the ticket page or the search page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from humas_portal.roles import MEDIA_FORUM_COORDINATOR
from media_forum.tickets import ticket_path
from tests.browser.test_smoke import AXE, horizontal_overflow, watch
from tests.factories import PASSWORD, staff_create
from tests.media_forum.factories import event_create, registration_create_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def violations(page) -> list[str]:
    results = AXE.run(page)
    assert results.response["passes"], "axe-core checked nothing"
    return [results.generate_report(v["id"]) for v in results.response["violations"]]


def signed_in(page, live_server, next_url: str) -> None:
    page.goto(live_server.url + "/admin/login/?next=" + next_url)
    page.fill("#id_username", "petugas-pintu")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()


def test_a_scan_records_once_on_a_phone(page, live_server, office):
    staff_create("petugas-pintu", role=MEDIA_FORUM_COORDINATOR)
    event = event_create(starts_in=timedelta(minutes=-5), title="Forum Media Pengawasan Pemilu")
    registration = registration_create_row(
        event, name="Siti Aminah Nurhayati Wulandari", outlet="Radar Jember Online"
    )
    page.set_viewport_size(PHONE)
    seen = watch(page)

    signed_in(page, live_server, ticket_path(registration))
    expect(page.get_by_role("heading", name="Check-in peserta")).to_be_visible()
    expect(page.get_by_text("Siti Aminah Nurhayati Wulandari")).to_be_visible()
    assert horizontal_overflow(page)[0] <= PHONE["width"]
    assert violations(page) == []
    button = page.get_by_role("button", name="Catat hadir")
    assert button.bounding_box()["height"] >= 44

    with page.expect_navigation():
        button.click()
    expect(page.get_by_role("status")).to_contain_text("Hadir, tercatat pukul")
    assert violations(page) == []

    page.goto(live_server.url + ticket_path(registration))
    expect(page.get_by_role("status")).to_contain_text("sudah hadir pukul")
    expect(page.get_by_role("button", name="Catat hadir")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.attended_at is not None

    page.goto(live_server.url + "/forum-media/hadir/?acara=%d&cari=siti" % event.pk)
    expect(page.get_by_role("link", name="Siti Aminah", exact=False)).to_be_visible()
    assert horizontal_overflow(page)[0] <= PHONE["width"]
    assert violations(page) == []
    assert seen.console_errors == []
