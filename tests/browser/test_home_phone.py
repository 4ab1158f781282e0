"""The home page on a 375 px phone: the complaint desk on the first screen, a compact header.

With the demo's news (seven cards), the complaint desk used to sit about 4,100 px down, below
the news, under a 210 px header and a heading that repeated the office's name.
"""

import pytest
from django.core.management import call_command

from tests.browser.test_smoke import horizontal_overflow, serious_violations, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
# The name with a search link, then the menu with the language switch, whose sections wrap
# onto more lines on a phone: six sections (the sixth, Informasi Publik, since issue 17) take
# three rows of 46 px touch targets beside the switch, so the header is about 191 px, under a
# quarter of the screen. A menu row scrolling sideways was lower, but hid its last sections
# behind the edge.
HEADER_MAX_HEIGHT = 195


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)


def test_phone_opens_on_the_tasks(page, live_server, demo):
    page.set_viewport_size(PHONE)
    seen = watch(page)
    page.goto(live_server.url + "/")

    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= HEADER_MAX_HEIGHT
    report = page.get_by_role("link", name="Buat pengaduan").bounding_box()
    assert report["y"] + report["height"] <= PHONE["height"], "the call to action is below the fold"
    track = page.get_by_role("link", name="Lacak pengaduan").bounding_box()
    assert track["y"] + track["height"] <= PHONE["height"]
    # Then the news: the desk comes before the first news card in the page.
    news = page.locator(".home-news").bounding_box()
    assert report["y"] < news["y"]

    # The language switch sits in the menu row, at its end.
    switch = page.get_by_role("button", name="English").bounding_box()
    menu = page.locator(".site-menu").bounding_box()
    assert menu["y"] <= switch["y"]
    assert switch["y"] + switch["height"] <= menu["y"] + menu["height"]

    # Every section of the menu is on the screen, none behind its edge.
    for link in page.locator(".site-nav__link").all():
        box = link.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"], link.inner_text()

    # No visible heading repeats the name the header shows; the one h1 is for screen readers.
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == "Bawaslu Kabupaten Jember"
    assert page.locator("h1").bounding_box()["height"] <= 1

    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width
    assert serious_violations(page) == []
    assert seen.console_errors == []


def test_search_from_the_phone_header(page, live_server, demo):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    assert not page.locator("#site-search-q").is_visible()
    page.get_by_role("link", name="Cari").click()
    page.wait_for_url(live_server.url + "/cari/")
    assert page.locator("h1").inner_text() == "Cari"
