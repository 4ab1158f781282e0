"""axe-core over every public page after real use (issue #12, item 11), in Chromium at phone
(375 px) and desktop (1,280 px) width, with no rule disabled and every impact counted; and
each page has one h1.

The pages are those of tests/site_tour.py, which the Nu HTML checker validates too
(tests/test_html_valid.py): after an article was published through the admin and a complaint
moved a stage. Each is opened for real by the visitor who saw it (the citizen's context carries
the citizen's cookies); a page that cannot be asked for again (the answer to a POST, a used-up
link) is replayed from its saved response at its own address, so CSS, scripts and images still
come from the live server.
"""

from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.site_tour import site_tour

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]
AXE = Axe()
# Set by the server for the visitor who sent the POST; the replay must not change cookies.
NOT_REPLAYED = {"content-length", "set-cookie"}


@pytest.fixture
def tour(settings, tmp_path):
    with site_tour(settings=settings, tmp_path=tmp_path) as taken:
        yield taken


def cookies_of(jar: SimpleCookie, host: str) -> list[dict]:
    return [
        {"name": morsel.key, "value": morsel.value, "domain": host, "path": morsel["path"] or "/"}
        for morsel in jar.values()
    ]


def replay(visited):
    """A route handler answering with the page's saved response."""
    headers = {
        key: value for key, value in visited.headers.items() if key.lower() not in NOT_REPLAYED
    }

    def fulfill(route) -> None:
        route.fulfill(status=visited.status, headers=headers, body=visited.body)

    return fulfill


@pytest.mark.time_limit(900)
def test_axe_finds_nothing_on_any_public_page_at_either_width(browser, live_server, tour):
    host = urlsplit(live_server.url).hostname
    tabs = {}
    for visitor, client in tour.clients.items():
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
        context.add_cookies(cookies_of(client.cookies, host))
        tabs[visitor] = context.new_page()

    found = []
    for visited in tour.pages:
        tab = tabs[visited.visitor]
        url = live_server.url + visited.path
        if not visited.repeatable:
            tab.route(lambda candidate, url=url: candidate == url, replay(visited))
        response = tab.goto(url)
        assert response.status == visited.status, (visited.name, response.status)
        tab.unroute_all()
        headings = tab.locator("h1").count()
        if headings != 1:
            found.append("%s (%s): %d h1 elements" % (visited.name, visited.path, headings))
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 800})
            results = AXE.run(tab)
            assert results.response["passes"], "axe-core checked nothing on %s" % visited.name
            found += [
                "%s at %d px (%s): %s"
                % (visited.name, width, visited.path, results.generate_report(violation["id"]))
                for violation in results.response["violations"]
            ]
    if found:
        pytest.fail("on the public pages:\n" + "\n".join(found), pytrace=False)
