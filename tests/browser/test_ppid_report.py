"""The annual report's pages (ppid.report_views) at phone width: axe-core with no rule disabled
and every impact counted, no sideways scrolling, one h1."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from ppid.models import ExemptGround, ObjectionOutcome, RequestStage
from tests.browser.test_smoke import horizontal_overflow
from tests.ppid.staff_factories import at, objection_make, request_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()


@pytest.fixture
def reported_year(office):
    request_make(received_at=at(date(2025, 3, 3)), stage=RequestStage.GRANTED)
    refused = request_make(
        received_at=at(date(2025, 5, 5)),
        stage=RequestStage.REFUSED,
        decided_at=at(date(2025, 5, 9)),
        refusal_ground=ExemptGround.INTERNAL_MEMO,
    )
    objection_make(refused, outcome=ObjectionOutcome.REJECTED)
    return 2025


def test_the_report_pages_pass_axe_at_375_px(page, live_server, reported_year):
    page.set_viewport_size({"width": 375, "height": 800})
    found = []
    for path in (reverse("ppid:report"), reverse("ppid:report_year", args=[reported_year])):
        response = page.goto(live_server.url + path)
        assert response.status == 200
        assert page.locator("h1").count() == 1
        width, viewport = horizontal_overflow(page)
        assert width <= viewport, path
        results = AXE.run(page)
        assert results.response["passes"]
        found += [
            "%s: %s" % (path, results.generate_report(violation["id"]))
            for violation in results.response["violations"]
        ]
    assert found == []
