"""A search that finds nothing, on a 375 px phone: the way forward (the complaint desk first)
is on the page and axe-core finds nothing serious."""

import pytest
from django.urls import reverse

from humas_portal.siteprofile.demo import seed_office
from tests.browser.test_smoke import horizontal_overflow, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_nothing_found_leads_to_the_complaint_desk(page, live_server):
    seed_office()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + reverse("search") + "?q=zzzzqqq")

    forward = page.locator("section.search__forward")
    desk = forward.get_by_role("link", name="Posko Aduan: sampaikan pengaduan dugaan pelanggaran")
    desk.scroll_into_view_if_needed()
    assert desk.is_visible()
    width, viewport = horizontal_overflow(page)
    assert width <= viewport
    assert serious_violations(page) == []

    desk.click()
    page.wait_for_url(live_server.url + reverse("complaints:index"))
