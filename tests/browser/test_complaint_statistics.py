"""The complaint statistics on a 375 px phone, with the demo's election year: each breakdown is
shown once (a chart with its numbers; the table behind a <details>), the page stays short, and
axe-core finds nothing serious with the tables closed or open."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.test_smoke import horizontal_overflow, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Before: 9,500 px (every breakdown twice, 31 kecamatan twice). Now the four charts take about
# 2,100 px at 375 px (31 kecamatan one line each), the explanations and the site's header and
# footer about 1,600 px; 4,000 px leaves room for a longer office name or footer, not for a
# breakdown shown twice again.
MAX_HEIGHT = 4000


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())


def test_statistics_fit_a_phone_and_pass_axe(page, live_server, demo):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + reverse("complaints:statistics"))

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < MAX_HEIGHT, height
    width, viewport = horizontal_overflow(page)
    assert width <= viewport
    # Every table is closed; each chart shows its numbers.
    assert page.locator("details.complaint-stats__details").count() == 4
    assert page.locator("details[open]").count() == 0
    assert page.locator("table").first.is_visible() is False
    assert page.locator("svg .stat-chart__value").first.is_visible()
    assert serious_violations(page) == []

    for summary in page.locator("details summary").all():
        summary.click()
    assert page.locator("table").last.is_visible()
    width, viewport = horizontal_overflow(page)
    assert width <= viewport
    assert serious_violations(page) == []
