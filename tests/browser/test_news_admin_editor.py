"""The article body in the admin is a real writing area on a 1,280 px screen (issue 12, item
14): it used to open 31 px tall."""

import pytest

from humas_portal.roles import EDITOR
from humas_portal.siteprofile.demo import seed_office
from tests.browser.test_news_editor import log_in, page_errors
from tests.browser.test_smoke import watch
from tests.factories import staff_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_body_editor_opens_at_least_20rem_tall(browser, live_server):
    seed_office()
    staff_create("penulis", role=EDITOR)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    seen = watch(page)
    log_in(page, live_server, "penulis")
    page.goto(live_server.url + "/admin/news/article/add/")

    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.wait_for()
    root_font = page.evaluate(
        "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    assert editor.bounding_box()["height"] >= 20 * root_font
    # The stylesheet comes from the portal's own origin, so the admin's CSP lets it apply.
    assert page_errors(seen) == []
