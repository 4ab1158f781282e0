"""The election-stages timeline and the home page's running stage in Chromium: no sideways
scroll at 320 px, axe-core with no rule disabled, every stop reachable by Tab with a visible
focus ring, and the stage details open from the keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from humas_portal.elections.demo import seed_elections
from tests.browser.test_smoke import FOCUSED, has_focus_ring, horizontal_overflow, watch
from tests.news.factories import published_article_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
PAGES = ["/edukasi/tahapan/", "/"]


@pytest.fixture
def demo_stages(office):
    """The demo's elections (stages running today) and an article published during them."""
    seed_elections()
    published_article_create(title="Bawaslu Jember Awasi Verifikasi Partai Politik")


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_at_320_px_and_axe_finds_nothing(page, live_server, demo_stages, path):
    seen = watch(page)
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(live_server.url + path)
        assert page.locator(".timeline__stage--running, .home-stages").count() > 0
        scroll_width, client_width = horizontal_overflow(page)
        assert scroll_width <= client_width, "horizontal scroll at %d px on %s" % (width, path)
        results = AXE.run(page)
        assert results.response["violations"] == [], [
            results.generate_report(violation["id"]) for violation in results.response["violations"]
        ]
    assert seen.console_errors == []
    assert seen.foreign_requests() == []


def test_every_control_of_the_timeline_is_reachable_by_tab_with_a_visible_focus(
    page, live_server, demo_stages
):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + "/edukasi/tahapan/")
    # The first stage whose details are closed (one done or ahead), found by its anchor: a
    # locator by the closed state would move on to the next one once this one opens.
    stage_id = page.locator(
        "li.timeline__stage:has(details.timeline__more:not([open]))"
    ).first.get_attribute("id")
    closed = page.locator("#%s details.timeline__more" % stage_id)
    assert closed.get_attribute("open") is None
    summary_text = closed.locator("summary").inner_text()

    stops = []
    for _ in range(400):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "body" or (stops and stop["text"] == stops[0]["text"]):
            break
        stops.append(stop)
        if stop["tag"] == "summary" and stop["text"] == summary_text:
            # A closed stage's details open from the keyboard, no script of ours involved.
            page.keyboard.press("Enter")
            assert closed.get_attribute("open") is not None
    tags = {stop["tag"] for stop in stops}
    assert {"a", "summary"} <= tags
    assert any(stop["text"] == "Laporkan dugaan pelanggaran" for stop in stops)
    no_ring = [stop["text"] for stop in stops if not has_focus_ring(stop)]
    assert no_ring == []
