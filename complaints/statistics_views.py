"""The public statistics of the complaint desk: a page with one chart per breakdown (its
numbers drawn in, its table behind a <details>), and its CSV.

Both are public and cacheable: they touch no session and carry no form. Both render
``statistics_tables`` of the same cached ``Statistics``, so the page and the CSV agree.
"""

import csv
import textwrap
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from complaints.statistics import (
    CACHE_SECONDS,
    CATEGORY,
    DISTRICT,
    EXACT,
    MONTH,
    SMALL,
    STAGE,
    THRESHOLD,
    Figure,
    Table,
    statistics_current,
    statistics_tables,
)
from humas_portal.page_cache import cache_public_page

# The chart is drawn in a 340-unit-wide box scaled to its column: at a 375 px phone (343 px of
# column) the text keeps its CSS size (14 px), on a wide screen the column's max-width keeps it
# moderate.
CHART_WIDTH = 340
LABEL_LINE = 16
BAR_HEIGHT = 12
# Labels beside their bars when every label fits in two short lines (kecamatan, months, stages):
# one row per line of text instead of two, which keeps 31 kecamatan within a phone screen or two.
INLINE_LABEL_CHARS = 16
INLINE_LABEL_LINES = 2
# About 8 units per character at 14 px, and a gap.
INLINE_LABEL_WIDTH = 136
INLINE_ROW_GAP = 3
# Otherwise (categories) each label above its bar, across the whole width.
STACKED_LABEL_CHARS = 44
STACKED_ROW_GAP = 10
# Room to the right of the longest bar for its number.
VALUE_ROOM = 40
VALUE_GAP = 5

# Each breakdown's heading and anchor on the page.
SECTIONS = {
    CATEGORY: (gettext_lazy("Menurut kategori"), "kategori"),
    STAGE: (gettext_lazy("Menurut tahap penanganan"), "tahap"),
    MONTH: (gettext_lazy("Menurut bulan diterima"), "bulan"),
    DISTRICT: (gettext_lazy("Menurut kecamatan tempat kejadian"), "kecamatan"),
}

# Spreadsheet programs run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Section:
    table: Table
    title: str
    anchor: str
    chart: "Chart | None"


@dataclass(frozen=True)
class Bar:
    label_lines: tuple[tuple[int, str], ...]
    x: int
    y: int
    width: int
    # A suppressed count: the bar shows a bound (2 for "<3", 3 for "≥3"), drawn as an outline.
    bound: bool
    text: str
    text_x: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    bars: tuple[Bar, ...]


def _drawn_value(figure: Figure) -> int:
    if figure.state == EXACT:
        return figure.value
    return THRESHOLD - 1 if figure.state == SMALL else THRESHOLD


def chart_draw(table: Table) -> Chart:
    """Positions of every label, bar and number, computed here so the template only places them.
    Each bar carries its figure as text: the chart is the breakdown, the table only repeats it
    for screen readers and copying (behind a <details>)."""
    top = max([THRESHOLD, *(_drawn_value(row.figure) for row in table.rows)])
    inline_labels = [textwrap.wrap(row.label, INLINE_LABEL_CHARS) or [""] for row in table.rows]
    inline = all(len(lines) <= INLINE_LABEL_LINES for lines in inline_labels)
    bar_x = INLINE_LABEL_WIDTH if inline else 0
    room = CHART_WIDTH - bar_x - VALUE_ROOM
    bars = []
    y = 0
    for row, wrapped in zip(table.rows, inline_labels, strict=True):
        lines = wrapped if inline else textwrap.wrap(row.label, STACKED_LABEL_CHARS) or [""]
        label_lines = tuple((y + LABEL_LINE * (n + 1) - 4, line) for n, line in enumerate(lines))
        if inline:
            row_height = max(LABEL_LINE * len(lines), BAR_HEIGHT + 4)
            bar_y = y + (row_height - BAR_HEIGHT) // 2
            next_y = y + row_height + INLINE_ROW_GAP
        else:
            bar_y = y + LABEL_LINE * len(lines) + 2
            next_y = bar_y + BAR_HEIGHT + STACKED_ROW_GAP
        width = round(_drawn_value(row.figure) * room / top)
        bars.append(
            Bar(
                label_lines=label_lines,
                x=bar_x,
                y=bar_y,
                width=width,
                bound=row.figure.state != EXACT,
                text=row.figure.text,
                text_x=bar_x + width + VALUE_GAP,
                text_y=bar_y + BAR_HEIGHT - 1,
            )
        )
        y = next_y
    return Chart(width=CHART_WIDTH, height=max(y, 1), bar_height=BAR_HEIGHT, bars=tuple(bars))


@require_safe
@cache_public_page(timeout=CACHE_SECONDS)
def statistics_page(request: HttpRequest) -> HttpResponse:
    statistics = statistics_current()
    tables = statistics_tables(statistics)
    return render(
        request,
        "complaints/statistics.html",
        {
            "statistics": statistics,
            "sections": [
                Section(
                    table=table,
                    title=SECTIONS[table.kind][0],
                    anchor=SECTIONS[table.kind][1],
                    chart=chart_draw(table) if table.rows else None,
                )
                for table in tables
            ],
            "small_text": "<%d" % THRESHOLD,
            "hidden_text": "≥%d" % THRESHOLD,
            "threshold": THRESHOLD,
        },
    )


def _spreadsheet_safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@require_safe
@cache_public_page(timeout=CACHE_SECONDS)
def statistics_csv(request: HttpRequest) -> HttpResponse:
    """breakdown,label,count: the total of all complaints first (as the page's heading shows
    it, also when every breakdown is withheld), then the page's tables row by row, each
    followed by its total row."""
    statistics = statistics_current()
    tables = statistics_tables(statistics)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="statistik.csv"'
    # The byte order mark makes spreadsheet programs read "≥" as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["breakdown", "label", "count"])
    total_label = _("Jumlah")
    writer.writerow([_("Semua pengaduan"), total_label, statistics.total.text])
    for table in tables:
        if table.withheld:
            continue
        for row in table.rows:
            writer.writerow(
                [_spreadsheet_safe(table.name), _spreadsheet_safe(row.label), row.figure.text]
            )
        writer.writerow([_spreadsheet_safe(table.name), total_label, table.total.text])
    return response
