"""The statistics page with the demo's election year: each breakdown shown once outside a
<details> (a chart with its numbers), the tables behind one each, and figures that are
mostly published as they are, while the small-count suppression still holds."""

import re
from datetime import timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from complaints.demo import ELECTION_YEAR_VOLUME
from complaints.models import TRANSITIONS, Category, Complaint, EventKind, Stage
from complaints.statistics import (
    EXACT,
    figures_derivable,
    statistics_current,
    statistics_tables,
)
from tests.complaints.test_statistics import PAGE, csv_tables, page_tables

DETAILS = re.compile(r"<details\b.*?</details>", re.S)
SECTION = re.compile(r'<section id="(\w+)" class="complaint-stats__section"(.*?)</section>', re.S)
CHART_VALUE = re.compile(r'<text class="stat-chart__value"[^>]*>([^<]*)</text>')
CHART_LABEL = re.compile(r'<text class="stat-chart__label"[^>]*>([^<]*)</text>')


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())


def test_each_breakdown_is_shown_once_outside_details(client, demo):
    html = client.get(PAGE).text
    outside = DETAILS.sub("", html)
    assert "<table" not in outside
    tables = statistics_tables(statistics_current())
    sections = SECTION.findall(html)
    assert [anchor for anchor, _body in sections] == ["kategori", "tahap", "bulan", "kecamatan"]
    for (_anchor, body), table in zip(sections, tables, strict=True):
        [hidden] = DETAILS.findall(body)
        shown = body.replace(hidden, "")
        # The chart carries every figure, once, in the table's order, and every label once.
        assert CHART_VALUE.findall(shown) == [escape(row.figure.text) for row in table.rows]
        labels = " ".join(CHART_LABEL.findall(shown))
        assert labels == " ".join(escape(row.label) for row in table.rows)
        assert "<table" not in shown
        # The full table is behind the <details>: every row and the total.
        assert hidden.count('<th scope="row">') == len(table.rows) + 1
    assert outside.count('class="stat-chart__value"') == sum(len(t.rows) for t in tables)


def test_the_demo_year_publishes_real_figures_and_still_hides_small_ones(client, demo):
    statistics = statistics_current()
    assert statistics.total.state == EXACT
    assert statistics.total.value >= 300
    category, stage, month, district = statistics.breakdowns
    # Every category and every month is published as it is, and none is empty.
    for breakdown in (category, month):
        assert all(cell.figure.state == EXACT and cell.figure.value for cell in breakdown.cells)
    assert len(category.cells) == len(Category.values)
    # Most kecamatan and stages too; whatever is 1 or 2 stays "<3".
    exact = [cell for cell in district.cells if cell.figure.state == EXACT]
    assert len(district.cells) == 31
    assert len(exact) >= 25
    assert sum(cell.figure.state == EXACT and cell.figure.value > 0 for cell in stage.cells) >= 5
    # The suppression still holds: nothing published is 1 or 2, and no suppressed figure can
    # be worked out (the exhaustive search of
    # test_statistics.py stops at 80, below these totals; figures_derivable is checked against
    # it there).
    figures = [[cell.figure for cell in breakdown.cells] for breakdown in statistics.breakdowns]
    assert all(f.value not in (1, 2) for row in figures for f in row if f.state == EXACT)
    assert figures_derivable(statistics.total, figures) == []
    _html, on_page = page_tables(client)
    _text, in_csv = csv_tables(client)
    assert on_page == in_csv


def test_the_demo_year_has_a_consistent_history(demo):
    """Numbers follow the order received; each complaint's events lead, in time, from Diterima
    to its stage, along the stage table."""
    complaints = list(Complaint.objects.order_by("year", "sequence").prefetch_related("events"))
    assert len(complaints) >= ELECTION_YEAR_VOLUME
    received = [complaint.created_at for complaint in complaints]
    assert received == sorted(received)
    for complaint in complaints:
        events = sorted(complaint.events.all(), key=lambda event: (event.created_at, event.pk))
        stages = [event.to_stage for event in events if event.kind == EventKind.STAGE]
        assert stages[0] == Stage.RECEIVED, complaint.number
        assert stages[-1] == complaint.stage, complaint.number
        for before, after in pairwise(stages):
            assert after in TRANSITIONS[before], (complaint.number, stages)
        assert abs(events[0].created_at - complaint.created_at) < timedelta(seconds=5)
        assert events[-1].created_at <= timezone.now()
