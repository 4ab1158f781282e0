"""Browser smoke test of the base site: layout, keyboard, language switch and axe-core.

Drives the system Chromium (see ``browser_type_launch_args`` in tests/conftest.py) against
pytest-django's live server, with the office built so header and footer carry real content.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
OFFICE_NAME = "Bawaslu Kabupaten Jember"
SKIP_LINK = "Langsung ke konten utama"
BRAND_RED = "rgb(138, 17, 22)"  # --color-brand on .site-header: portal.css loaded and applied

AXE = Axe()

# What the focused element looks like. ringContrast is the WCAG contrast ratio between the
# outline colour and the background actually painted behind the ring, sampled at the middle of
# each side of the ring (elementFromPoint, so absolutely positioned elements such as the skip
# link are measured against what they sit on, not against their DOM parent). A ring with no
# side on screen counts as contrast 0.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const rgba = (colour) => (colour.match(/[\\d.]+/g) || []).map(Number);
  const channel = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const backgroundAt = (x, y) => {
    for (let node = document.elementFromPoint(x, y); node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] > 0) return colour;
    }
    return [255, 255, 255];
  };
  const width = parseFloat(style.outlineWidth) || 0;
  const d = (parseFloat(style.outlineOffset) || 0) + width / 2;
  const cx = (box.left + box.right) / 2, cy = (box.top + box.bottom) / 2;
  const samples = [[cx, box.top - d], [cx, box.bottom + d], [box.left - d, cy], [box.right + d, cy]]
    .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
  const ring = rgba(style.outlineColor);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: el.innerText.trim(),
    inMain: Boolean(el.closest("main")),
    outlineStyle: style.outlineStyle,
    outlineWidth: width,
    ringContrast: samples.length
      ? Math.min(...samples.map(([x, y]) => contrast(ring, backgroundAt(x, y))))
      : 0,
    top: box.top,
    bottom: box.bottom,
  };
}"""


@dataclass
class Watch:
    """Everything the page said or fetched, collected from the moment it is attached."""

    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append("%s (at %s)" % (message.text, message.location.get("url")))

    def foreign_requests(self) -> list[str]:
        """Requests that would leave the machine (data: and blob: URLs never do)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob"}
            and urlsplit(url).hostname not in LOCAL_HOSTS
        ]


def watch(page) -> Watch:
    collected = Watch()
    page.on("console", collected.on_console)
    page.on("pageerror", lambda error: collected.console_errors.append("pageerror: %s" % error))
    page.on("request", lambda request: collected.requests.append(request.url))
    return collected


def serious_violations(page) -> list[str]:
    """axe-core with its default rule set (nothing disabled); serious and critical only."""
    results = AXE.run(page)
    return [
        results.generate_report(violation["id"])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def horizontal_overflow(page) -> tuple[int, int]:
    return tuple(
        page.evaluate(
            "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
    )


def has_focus_ring(focused: dict) -> bool:
    """An outline at least 2 px wide, 3:1 against its background (WCAG 1.4.11 / 2.4.13)."""
    return (
        focused["outlineStyle"] != "none"
        and focused["outlineWidth"] >= 2
        and focused["ringContrast"] >= 3
    )


# Marks every element Tab reached; then lists the visible controls of the page it never did. A
# group of radio buttons is one Tab stop (the arrow keys move within it): reached when one is.
MARK_FOCUSED = "() => document.activeElement.setAttribute('data-tab-reached', '')"
NOT_REACHED = """() => [...document.querySelectorAll(
    'a[href], button, select, input:not([type=hidden]), textarea, summary, [tabindex="0"]')]
  .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
    && !el.closest('[hidden]') && !el.hasAttribute('data-tab-reached')
    && !(el.type === 'radio' && el.form && [...el.form.elements].some((other) =>
      other.name === el.name && other.hasAttribute('data-tab-reached'))))
  .map((el) => el.outerHTML.slice(0, 120))"""


def keyboard_problems(page) -> list[str]:
    """Tab through the page once: each stop without a visible focus ring, and each visible
    control Tab never reached."""
    stops = []
    for _ in range(200):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "body" or (stops and stop["text"] == stops[0]["text"]):
            break
        page.evaluate(MARK_FOCUSED)
        stops.append(stop)
    problems = [
        "no visible focus on %r (%s %s px, contrast %.2f)"
        % (stop["text"][:40], stop["outlineStyle"], stop["outlineWidth"], stop["ringContrast"])
        for stop in stops
        if not has_focus_ring(stop)
    ]
    return problems + ["Tab never reached %s" % html for html in page.evaluate(NOT_REACHED)]


@pytest.mark.parametrize("width", WIDTHS)
def test_home_page(page, live_server, office, width):
    page.set_viewport_size({"width": width, "height": 800})
    seen = watch(page)

    response = page.goto(live_server.url + "/")

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == OFFICE_NAME
    assert page.locator(".brand__name").inner_text() == OFFICE_NAME
    assert page.locator("footer address").inner_text().startswith("Jl. Letjen Panjaitan")
    background = page.locator(".site-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == BRAND_RED
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width, "horizontal scroll at %d px wide" % width
    assert serious_violations(page) == []
    assert seen.console_errors == []
    assert live_server.url + "/static/css/portal.css" in seen.requests
    assert seen.foreign_requests() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_navigation(page, live_server, office, width):
    page.set_viewport_size({"width": width, "height": 800})
    seen = watch(page)
    page.goto(live_server.url + "/")

    # The first Tab lands on the skip link, which becomes visible and shows a focus ring.
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert (skip["tag"], skip["text"]) == ("a", SKIP_LINK)
    assert skip["top"] >= 0, "the focused skip link is off screen"
    assert skip["bottom"] <= 800, "the focused skip link is off screen"
    assert has_focus_ring(skip)

    # Activating it moves focus to <main id="konten">, and the next Tab continues inside main.
    page.keyboard.press("Enter")
    landed = page.evaluate(FOCUSED)
    assert (landed["tag"], landed["id"]) == ("main", "konten")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"]

    # From the top again, through the whole page: every stop shows a focus ring that stands out,
    # and the stops include "Beranda" and the language switch at the end of the menu row (in
    # that order, issue 12 item 3), then the footer.
    page.goto(live_server.url + "/")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "body" or (stops and stop["text"] == SKIP_LINK):
            break  # focus left the document, or went round
        stops.append(stop)
    order = [stop["text"] for stop in stops]
    assert order[0] == SKIP_LINK
    for name, tag in (("Beranda", "a"), ("English", "button"), ("Facebook", "a")):
        assert name in order, "Tab never reached %r, only %r" % (name, order)
        assert stops[order.index(name)]["tag"] == tag
    assert order.index("Beranda") < order.index("English") < order.index("Facebook")
    no_ring = [
        (stop["text"], stop["outlineStyle"], stop["outlineWidth"], round(stop["ringContrast"], 2))
        for stop in stops
        if not has_focus_ring(stop)
    ]
    assert no_ring == [], "focus not visible enough on: %r" % no_ring
    assert seen.console_errors == []


def test_language_switch(new_context, live_server, office):
    # A browser set to English still gets Indonesian: only the switch's cookie counts.
    context = new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    page = context.new_page()
    seen = watch(page)
    home = live_server.url + "/"

    response = page.goto(home)
    assert response.headers["content-language"] == "id"
    assert page.locator("html").get_attribute("lang") == "id"

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="English").click()
    response = navigation.value
    assert response.url == home
    assert response.headers["content-language"] == "en"
    assert page.locator("html").get_attribute("lang") == "en"
    assert {c["name"]: c["value"] for c in context.cookies()}.get("bahasa") == "en"

    # The choice sticks on the next visit.
    response = page.reload()
    assert response.headers["content-language"] == "en"
    assert page.locator("html").get_attribute("lang") == "en"

    # And back, this time with the keyboard.
    back = page.get_by_role("button", name="Bahasa Indonesia")
    assert back.get_attribute("lang") == "id"
    with page.expect_navigation() as navigation:
        back.press("Enter")
    response = navigation.value
    assert response.url == home
    assert response.headers["content-language"] == "id"
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("button", name="English").is_visible()
    assert {c["name"]: c["value"] for c in context.cookies()}.get("bahasa") == "id"

    assert seen.console_errors == []
    assert any(urlsplit(url).path == "/bahasa/" for url in seen.requests)
    assert seen.foreign_requests() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_not_found_page(page, live_server, office, width):
    page.set_viewport_size({"width": width, "height": 800})
    seen = watch(page)
    url = live_server.url + "/tidak-ada/"

    response = page.goto(url)

    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == "Halaman tidak ditemukan"
    assert page.locator(".brand__name").inner_text() == OFFICE_NAME
    assert page.get_by_role("link", name="Kembali ke beranda").get_attribute("href") == "/"
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width, "horizontal scroll at %d px wide" % width
    assert serious_violations(page) == []
    # Chromium reports the 404 status of the document itself; nothing else may be an error.
    expected = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert [e for e in seen.console_errors if e != "%s (at %s)" % (expected, url)] == []
    assert seen.foreign_requests() == []
