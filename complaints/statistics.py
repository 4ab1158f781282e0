"""Public complaint statistics: one-way counts, with small numbers suppressed.

What is counted
---------------
Complaints received in the last 12 calendar months, in the office's time zone (the current month and
the 11 before it), about an event in a kecamatan of the office's region. Merged complaints
(stage Digabung) are left out: a duplicate is the same event reported again, and the complaint
it was merged into already counts it once. The same complaints make every breakdown — by
category, by stage, by month received, by kecamatan (the parent district of the complaint's
village; every kecamatan of the region is listed, zeros included) — so each breakdown's cells
add up to the same total. Each breakdown is a one-way count; there are no cross-tables. Only
category, stage, created_at and location are read: never anything about the reporter.

How each figure is published
----------------------------
- ``exact``: the count itself. Every 0 is published as 0, and every count of 3 or more unless
  it is secondarily suppressed.
- ``small``, shown "<3": the count is 1 or 2 (primary suppression). Every 1 and 2 is shown so.
- ``hidden``, shown "≥3": a count of 3 or more, hidden so that the "<3" cells cannot be worked
  out by subtraction (secondary suppression). The total can be hidden the same way.
- A breakdown can be *withheld* altogether (no figure of it shown) when nothing else helps.

The reader the suppression defends against
-------------------------------------------
Knows everything published and the rules above, so for each figure a range:
exact v: [v, v]; "<3": [1, 2]; "≥3" cell: [3, U] where U is the smallest non-zero exact cell
of the same breakdown (secondary suppression always takes the smallest exact non-zero cell,
so no published cell is smaller than a hidden one; U is unbounded when there is none); total:
exact [T, T], "<3" [1, 2], "≥3" [3, ∞); a withheld breakdown: nothing. The reader also knows
that the cells of every shown breakdown add up to the same total. From these linear facts
alone, a suppressed figure is *derivable* when only one value fits it. ``figures_derivable``
computes that exactly: all ranges are integer intervals, and sums of integer intervals are
integer intervals, so the values one cell can take are one interval, found from the bounds.
(tests/complaints/test_statistics.py checks it against an exhaustive search.)

Not modelled: the reader's guesses about why the algorithm chose what it hid, differences
between two visits a few minutes apart, and outside knowledge (one's own complaint, the
yearly sequence in complaint numbers).

The rule (``suppression_apply``)
--------------------------------
1. Every 1 and 2 becomes "<3"; a total of 1 or 2 too. With a total of 1 or 2 every breakdown
   is withheld: the one-way counts of one or two complaints, read together, describe each of
   them in full (category, stage, month and kecamatan), as a cross-table would.
2. While some suppressed figure is derivable, take the first one (breakdowns in order, the
   total last) and widen what the reader knows, cheapest first:
   a. in its breakdown, hide the smallest exact non-zero cell (first in order on ties);
   b. else, if the total is exact, hide the total;
   c. else, hide the smallest exact non-zero cell of another shown breakdown, the one whose
      range of possible sums is the narrowest (it is what pins the total);
   d. else, withhold the breakdown (for a derivable total: the narrowest one).
   Each step publishes strictly less, so the loop ends; it ends only when no suppressed figure
   is derivable. In particular a breakdown with exactly one suppressed cell never appears next
   to an exact total, and two "<3" cells never sit beside a remainder of 2 or 4.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from complaints.models import Category, Complaint, Stage
from humas_portal.elections.dates import local_date
from humas_portal.siteprofile.models import Region, RegionLevel
from humas_portal.siteprofile.selectors import office_profile_current

MONTHS = 12
# The figures move slowly and the page is public: a few minutes old is fine.
CACHE_SECONDS = 300
CACHE_KEY = "complaints:statistics:v1:%s"
# The smallest count published as it is.
THRESHOLD = 3

EXACT, SMALL, HIDDEN = "exact", "small", "hidden"
UNBOUNDED = math.inf

CATEGORY, STAGE, MONTH, DISTRICT = "category", "stage", "month", "district"
BREAKDOWN_NAMES = {
    CATEGORY: _("Kategori"),
    STAGE: _("Tahap"),
    MONTH: _("Bulan diterima"),
    DISTRICT: _("Kecamatan"),
}
# Merged complaints are not counted, so their stage has no row.
COUNTED_STAGES = [stage for stage in Stage.values if stage != Stage.MERGED]


@dataclass(frozen=True)
class Figure:
    """One published number; its value is kept only when it is published as it is."""

    state: str
    value: int | None = None

    @property
    def text(self) -> str:
        if self.state == EXACT:
            return str(self.value)
        return "<%d" % THRESHOLD if self.state == SMALL else "≥%d" % THRESHOLD


@dataclass(frozen=True)
class Cell:
    key: str
    # The kecamatan's name; the other labels are translated when shown (see cell_label).
    name: str
    figure: Figure


@dataclass(frozen=True)
class Breakdown:
    kind: str
    # Empty when the breakdown is withheld: nothing of it is kept, so nothing can be shown.
    cells: tuple[Cell, ...]
    withheld: bool = False


@dataclass(frozen=True)
class Statistics:
    first_month: date
    last_month: date
    computed_at: datetime
    total: Figure
    breakdowns: tuple[Breakdown, ...]


# --- The suppression: pure functions over counts and figures --------------------------------


def _cell_ranges(figures: Sequence[Figure]) -> list[tuple[float, float]]:
    ceiling = min((f.value for f in figures if f.state == EXACT and f.value), default=UNBOUNDED)
    ranges = []
    for figure in figures:
        if figure.state == EXACT:
            ranges.append((figure.value, figure.value))
        elif figure.state == SMALL:
            ranges.append((1, THRESHOLD - 1))
        else:
            ranges.append((THRESHOLD, ceiling))
    return ranges


def _total_range(total: Figure) -> tuple[float, float]:
    if total.state == EXACT:
        return total.value, total.value
    return (1, THRESHOLD - 1) if total.state == SMALL else (THRESHOLD, UNBOUNDED)


def figures_derivable(
    total: Figure, breakdowns: Sequence[Sequence[Figure] | None]
) -> list[tuple[int | None, int | None]]:
    """The suppressed figures a reader could work out, as (breakdown, cell) positions in order;
    (None, None) stands for the total. ``None`` in ``breakdowns`` is a withheld breakdown."""
    shown = [(index, _cell_ranges(cells)) for index, cells in enumerate(breakdowns) if cells]
    # What the total can be: its own range, narrowed by every breakdown's possible sums.
    low, high = _total_range(total)
    for _index, ranges in shown:
        low = max(low, sum(r[0] for r in ranges))
        high = min(high, sum(r[1] for r in ranges))
    found: list[tuple[int | None, int | None]] = []
    for index, ranges in shown:
        for position, (cell_low, cell_high) in enumerate(ranges):
            if cell_low == cell_high:
                continue
            others_low = sum(r[0] for other, r in enumerate(ranges) if other != position)
            others_high = sum(r[1] for other, r in enumerate(ranges) if other != position)
            fits_low = max(cell_low, low - others_high)
            fits_high = min(cell_high, high - others_low)
            if fits_high - fits_low < 1:
                found.append((index, position))
    if total.state != EXACT and high - low < 1:
        found.append((None, None))
    return found


def _first_figure(count: int) -> Figure:
    return Figure(SMALL) if 0 < count < THRESHOLD else Figure(EXACT, count)


def _hide_smallest(figures: list[Figure]) -> bool:
    candidates = [(f.value, i) for i, f in enumerate(figures) if f.state == EXACT and f.value]
    if not candidates:
        return False
    _value, position = min(candidates)
    figures[position] = Figure(HIDDEN)
    return True


def _width(figures: Sequence[Figure]) -> float:
    return sum(high - low for low, high in _cell_ranges(figures))


def suppression_apply(counts: Sequence[Sequence[int]]) -> tuple[Figure, list[list[Figure] | None]]:
    """The figures to publish for breakdowns of the same complaints (see the module's docstring):
    the total, and per breakdown its figures in order, or None when it is withheld."""
    sums = {sum(row) for row in counts}
    if len(sums) > 1:
        raise ValueError("every breakdown must count the same complaints")
    total_count = sums.pop() if sums else 0
    total = _first_figure(total_count)
    if total.state == SMALL:
        return total, [None] * len(counts)
    figures = [[_first_figure(count) for count in row] for row in counts]
    withheld = [False] * len(counts)
    while True:
        shown = [None if withheld[i] else row for i, row in enumerate(figures)]
        derivable = figures_derivable(total, shown)
        if not derivable:
            return total, shown
        index, _position = derivable[0]
        if index is not None and _hide_smallest(figures[index]):
            continue
        if total.state == EXACT:
            total = Figure(HIDDEN)
            continue
        open_rows = [i for i in range(len(figures)) if not withheld[i] and figures[i]]
        others = [
            i
            for i in open_rows
            if i != index and any(f.state == EXACT and f.value for f in figures[i])
        ]
        if others:
            _hide_smallest(figures[min(others, key=lambda i: (_width(figures[i]), i))])
            continue
        if index is None:
            index = min(open_rows, key=lambda i: (_width(figures[i]), i))
        withheld[index] = True


# --- Counting in the database ----------------------------------------------------------------


def _months(today: date) -> list[date]:
    """The first day of the current month and of the 11 before it, oldest first."""
    months = [today.replace(day=1)]
    for _step in range(MONTHS - 1):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return months[::-1]


def _month_start(month: date) -> datetime:
    return datetime(month.year, month.month, 1, tzinfo=timezone.get_default_timezone())


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def statistics_compute(*, now: datetime | None = None) -> Statistics:
    """Count and suppress, in a fixed number of queries whatever the number of complaints."""
    now = now or timezone.now()
    zone = timezone.get_default_timezone()
    months = _months(local_date(now))
    office = office_profile_current()
    districts: list[tuple[str, str]] = []
    if office.region_id is not None:
        districts = list(
            Region.objects.filter(level=RegionLevel.DISTRICT, parent_id=office.region_id)
            .order_by("name", "code")
            .values_list("code", "name")
        )
    by_category: dict = {}
    by_stage: dict = {}
    by_month: dict = {}
    by_district: dict = {}
    if districts:
        counted = (
            Complaint.objects.exclude(stage=Stage.MERGED)
            .filter(
                created_at__gte=_month_start(months[0]),
                created_at__lt=_month_start(_next_month(months[-1])),
                location__parent_id__in=[code for code, _name in districts],
            )
            .order_by()
        )
        # Grouped and counted by the database: four queries, however many complaints.
        by_category = dict(counted.values_list("category").annotate(n=Count("pk")))
        by_stage = dict(counted.values_list("stage").annotate(n=Count("pk")))
        by_district = dict(counted.values_list("location__parent_id").annotate(n=Count("pk")))
        for month, number in (
            counted.annotate(month=TruncMonth("created_at", tzinfo=zone))
            .values_list("month")
            .annotate(n=Count("pk"))
        ):
            by_month[local_date(month)] = number
    rows = [
        (CATEGORY, [(value, "", by_category.get(value, 0)) for value in Category.values]),
        (STAGE, [(value, "", by_stage.get(value, 0)) for value in COUNTED_STAGES]),
        (MONTH, [(m.strftime("%Y-%m"), "", by_month.get(m, 0)) for m in months]),
        (DISTRICT, [(code, name, by_district.get(code, 0)) for code, name in districts]),
    ]
    total, published = suppression_apply([[count for *_k, count in cells] for _n, cells in rows])
    breakdowns = []
    for (kind, cells), figures in zip(rows, published, strict=True):
        if figures is None:
            breakdowns.append(Breakdown(kind=kind, cells=(), withheld=True))
            continue
        breakdowns.append(
            Breakdown(
                kind=kind,
                cells=tuple(
                    Cell(key=key, name=name, figure=figure)
                    for (key, name, _count), figure in zip(cells, figures, strict=True)
                ),
            )
        )
    return Statistics(
        first_month=months[0],
        last_month=months[-1],
        computed_at=now,
        total=total,
        breakdowns=tuple(breakdowns),
    )


def statistics_current() -> Statistics:
    """The published figures, computed at most every few minutes (a cache outage is a miss)."""
    now = timezone.now()
    key = CACHE_KEY % local_date(now).strftime("%Y-%m")
    statistics = cache.get(key)
    if statistics is None:
        statistics = statistics_compute(now=now)
        cache.set(key, statistics, CACHE_SECONDS)
    return statistics


# --- What the page and the CSV both show -----------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    figure: Figure


@dataclass(frozen=True)
class Table:
    kind: str
    name: str
    withheld: bool
    rows: tuple[Row, ...]
    total: Figure


def cell_label(kind: str, cell: Cell) -> str:
    if kind == CATEGORY:
        return str(Category(cell.key).label)
    if kind == STAGE:
        return str(Stage(cell.key).label)
    if kind == MONTH:
        return date_format(date.fromisoformat(cell.key + "-01"), "YEAR_MONTH_FORMAT")
    return cell.name


def statistics_tables(statistics: Statistics) -> list[Table]:
    """One table per breakdown, labelled in the current language: what the page renders and
    the CSV writes, so the two cannot disagree."""
    return [
        Table(
            kind=breakdown.kind,
            name=str(BREAKDOWN_NAMES[breakdown.kind]),
            withheld=breakdown.withheld,
            rows=tuple(
                Row(label=cell_label(breakdown.kind, cell), figure=cell.figure)
                for cell in breakdown.cells
            ),
            total=statistics.total,
        )
        for breakdown in statistics.breakdowns
    ]
