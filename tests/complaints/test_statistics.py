"""Public complaint statistics: small counts suppressed so that none can be worked out, the page
and the CSV agree, the query count is fixed, and no identity is ever shown.

The derivability check here is independent of ``complaints.statistics.figures_derivable``:
it enumerates, for every suppressed figure, every value it can take in some assignment of all
suppressed figures that agrees with everything published (the reader of the module docstring's
model). Assignments are enumerated breakdown by breakdown as the set of sums they reach
(bit sets), which covers every assignment without listing the product one by one.
"""

import csv
import io
import random
import uuid
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import Category, Complaint, Stage
from complaints.statistics import (
    CACHE_KEY,
    EXACT,
    HIDDEN,
    SMALL,
    Figure,
    figures_derivable,
    statistics_compute,
    suppression_apply,
)
from complaints.statistics_views import CHART_WIDTH
from humas_portal.elections.models import Election
from humas_portal.siteprofile.models import Region, RegionLevel
from tests.complaints.factories import (
    IDENTITY,
    WITNESS,
    complaint_file,
    identity_values,
)

pytestmark = pytest.mark.usefixtures("desk")

PAGE = reverse("complaints:statistics")
CSV_URL = reverse("complaints:statistics_csv")
JAKARTA = ZoneInfo("Asia/Jakarta")
KENCONG = "35.09.01.2001"
KALIWATES = "35.09.24.1001"
# Above every true count in the random cases: a cap below a true value could only hide a
# possibility, so the search stays on the reader's side.
CAP = 80


# --- The reader's exhaustive search -----------------------------------------------------------


def _candidates(figure: Figure, ceiling: int) -> set[int]:
    if figure.state == EXACT:
        return {figure.value}
    if figure.state == SMALL:
        return {1, 2}
    return set(range(3, min(ceiling, CAP) + 1))


def _sums(sets: list[set[int]]) -> int:
    """Every sum reachable by choosing one value from each set, as a bit set up to CAP."""
    reach = 1
    mask = (1 << (CAP + 1)) - 1
    for values in sets:
        shifted = 0
        for value in values:
            shifted |= reach << value
        reach = shifted & mask
    return reach


def _bits(number: int) -> set[int]:
    return {index for index in range(CAP + 1) if number >> index & 1}


def possible_values(total: Figure, breakdowns: list[list[Figure] | None]) -> dict:
    """For each suppressed figure, the values that fit everything published; key (breakdown,
    cell), and (None, None) for the total."""
    if total.state == EXACT:
        totals = {total.value}
    elif total.state == SMALL:
        totals = {1, 2}
    else:
        totals = set(range(3, CAP + 1))
    shown = []
    for index, figures in enumerate(breakdowns):
        if not figures:
            continue
        ceiling = min((f.value for f in figures if f.state == EXACT and f.value), default=CAP)
        shown.append((index, figures, [_candidates(f, ceiling) for f in figures]))
    for _index, _figures, sets in shown:
        totals &= _bits(_sums(sets))
    found = {}
    for index, figures, sets in shown:
        for position, figure in enumerate(figures):
            if figure.state == EXACT:
                continue
            others = _bits(_sums(sets[:position] + sets[position + 1 :]))
            found[(index, position)] = {
                value for value in sets[position] if any(t - value in others for t in totals)
            }
    if total.state != EXACT:
        found[(None, None)] = totals
    return found


def assert_safe(counts: list[list[int]]) -> None:
    total, published = suppression_apply(counts)
    true_total = sum(counts[0])
    # No count of 1 or 2 is published, and zeros stay 0.
    for row, figures in zip(counts, published, strict=True):
        if figures is None:
            continue
        for count, figure in zip(row, figures, strict=True):
            if figure.state == EXACT:
                assert figure.value == count
                assert count not in (1, 2)
            elif figure.state == SMALL:
                assert count in (1, 2)
            else:
                assert count >= 3
            if count == 0:
                assert figure == Figure(EXACT, 0)
        # What the model tells the reader about a hidden cell is true: at most the smallest
        # non-zero exact cell of its breakdown.
        exact = [f.value for f in figures if f.state == EXACT and f.value]
        for count, figure in zip(row, figures, strict=True):
            if figure.state == HIDDEN and exact:
                assert count <= min(exact)
        # The rule: one suppressed cell never stands beside an exact total.
        suppressed = sum(f.state != EXACT for f in figures)
        assert not (suppressed == 1 and total.state == EXACT), (counts, total, published)
    assert total.state != EXACT or (total.value == true_total and true_total not in (1, 2))
    assert total.state != SMALL or true_total in (1, 2)
    assert total.state != HIDDEN or true_total >= 3
    for where, values in possible_values(total, published).items():
        assert len(values) >= 2, (counts, where, values, total, published)
    assert figures_derivable(total, published) == []


def _spread(rng: random.Random, total: int, size: int) -> list[int]:
    weights = [rng.random() ** 3 + 0.01 for _ in range(size)]
    counts = [0] * size
    for _unit in range(total):
        open_cells = [i for i in range(size) if counts[i] < 6] or list(range(size))
        counts[rng.choices(open_cells, [weights[i] for i in open_cells])[0]] += 1
    return counts


def random_case(rng: random.Random) -> list[list[int]]:
    sizes = [rng.randint(3, 9) for _ in range(4)]
    first = [rng.choice([0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6]) for _ in range(sizes[0])]
    return [first, *(_spread(rng, sum(first), size) for size in sizes[1:])]


EDGE_CASES = [
    [[0, 0, 0], [0, 0], [0], [0, 0]],
    [[1, 0, 0], [1], [0, 1], [1, 0]],
    [[1, 1, 0], [2], [2], [1, 1]],
    [[1, 1, 1], [3], [3], [3]],
    [[1, 1], [1, 1], [2], [2]],
    [[2, 2], [4], [4], [4]],
    [[1, 2, 3], [6], [3, 3], [6]],
    [[2, 3, 3], [8], [8], [8]],
    [[1, 3, 3], [7], [7], [7]],
    [[1, 4, 4, 10], [19], [19], [19]],
    [[10, 5, 1, 0, 7, 4], [27], [27], [9, 9, 9]],
    [[1, 1, 1, 1, 1, 1], [6], [1, 1, 1, 1, 1, 1], [2, 2, 2]],
    [[6, 6, 6], [1, 17], [2, 16], [18]],
]


@pytest.mark.parametrize("counts", EDGE_CASES)
def test_edge_cases_publish_nothing_derivable(counts):
    assert_safe(counts)


def test_random_datasets_publish_nothing_derivable():
    rng = random.Random(20240707)
    for _case in range(400):
        assert_safe(random_case(rng))


def test_the_derivability_check_agrees_with_the_exhaustive_search():
    """Before any secondary suppression (only the "<3" cells), what figures_derivable flags
    is exactly what the exhaustive search pins to one value."""
    rng = random.Random(7)
    flagged_somewhere = 0
    for _case in range(300):
        counts = random_case(rng)
        true_total = sum(counts[0])
        total = Figure(SMALL) if true_total in (1, 2) else Figure(EXACT, true_total)
        figures = [[Figure(SMALL) if c in (1, 2) else Figure(EXACT, c) for c in r] for r in counts]
        searched = {
            where for where, values in possible_values(total, figures).items() if len(values) < 2
        }
        assert set(figures_derivable(total, figures)) == searched, counts
        flagged_somewhere += bool(searched)
    # The cases exercise both answers.
    assert 30 < flagged_somewhere < 300


def test_one_small_cell_beside_an_exact_total_gets_a_second_suppressed():
    total, (categories, *_rest) = suppression_apply([[10, 5, 1, 0, 7, 4], [27], [27], [27]])
    assert total == Figure(EXACT, 27)
    assert [f.state for f in categories] == [EXACT, EXACT, SMALL, EXACT, EXACT, HIDDEN]
    assert categories[3] == Figure(EXACT, 0)


def test_two_small_cells_that_the_remainder_pins_are_protected():
    # 1 + 1 = 2 would reveal both cells as 1 next to the published 4s.
    total, (categories, *_rest) = suppression_apply([[1, 1, 4, 5], [11], [11], [11]])
    assert sum(f.state == SMALL for f in categories) == 2
    assert total.state == HIDDEN or any(f.state == HIDDEN for f in categories)
    assert figures_derivable(total, [categories, *_rest]) == []


def test_a_total_of_one_or_two_withholds_every_breakdown():
    total, published = suppression_apply([[2, 0], [2], [1, 1], [2]])
    assert total == Figure(SMALL)
    assert published == [None, None, None, None]


def test_breakdowns_of_different_totals_are_refused():
    with pytest.raises(ValueError, match="same complaints"):
        suppression_apply([[1, 2], [4]])


# --- Through the database and the pages -------------------------------------------------------


_sequence = iter(range(1, 1_000_000))


def complaints_add(
    number: int,
    *,
    category: str = Category.MONEY_POLITICS,
    stage: str = Stage.RECEIVED,
    location: str = KENCONG,
    created_at: datetime | None = None,
    merged_into: Complaint | None = None,
) -> list[Complaint]:
    """Many complaints at once, straight into the table (anonymous, no identity at all)."""
    election = Election.objects.first()
    now = datetime.now(JAKARTA)
    rows = []
    for _index in range(number):
        sequence = next(_sequence)
        rows.append(
            Complaint(
                election=election,
                number="ADU-T-%06d" % sequence,
                year=2000,
                sequence=sequence,
                form_token=uuid.uuid4(),
                tracking_hash=uuid.uuid4().hex + uuid.uuid4().hex,
                anonymous=True,
                consent=True,
                category=category,
                title="Kejadian %d" % sequence,
                description="Uraian.",
                occurred_on=date(2024, 1, 1),
                known_on=date(2024, 1, 2),
                location_id=location,
                stage=stage,
                stage_changed_at=now,
                merged_into=merged_into,
            )
        )
    made = Complaint.objects.bulk_create(rows)
    if created_at is not None:
        Complaint.objects.filter(pk__in=[c.pk for c in made]).update(created_at=created_at)
    return made


class TablesParser(HTMLParser):
    """The statistics tables of the page: per table, its (label, count) rows, total last."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[tuple[str, str]]] = []
        self.cells: list[str] | None = None
        self.text: list[str] | None = None
        self.in_table = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.in_table = True
            self.tables.append([])
        elif self.in_table and tag == "tr":
            self.cells = []
        elif self.cells is not None and tag in ("th", "td"):
            self.text = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif tag in ("th", "td") and self.text is not None:
            self.cells.append("".join(self.text).strip())
            self.text = None
        elif tag == "tr" and self.cells is not None:
            self.tables[-1].append(tuple(self.cells))
            self.cells = None

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def page_tables(client) -> tuple[str, list[list[tuple[str, str]]]]:
    response = client.get(PAGE)
    assert response.status_code == 200
    parser = TablesParser()
    parser.feed(response.text)
    # Drop each table's header row.
    return response.text, [rows[1:] for rows in parser.tables]


def csv_tables(client) -> tuple[str, list[list[tuple[str, str]]]]:
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="statistik.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["breakdown", "label", "count"]
    # The total of all complaints comes first, as on top of the page.
    assert rows[1][:2] == ["Semua pengaduan", "Jumlah"]
    groups: dict[str, list[tuple[str, str]]] = {}
    for breakdown, label, count in rows[2:]:
        groups.setdefault(breakdown, []).append((label, count))
    return text, list(groups.values())


def as_figure(text: str) -> Figure:
    if text == "<3":
        return Figure(SMALL)
    if text == "≥3":
        return Figure(HIDDEN)
    return Figure(EXACT, int(text))


def published_of(tables: list[list[tuple[str, str]]]) -> tuple[Figure, list[list[Figure]]]:
    totals = {rows[-1] for rows in tables}
    assert len(totals) <= 1
    assert all(rows[-1][0] == "Jumlah" for rows in tables)
    total = as_figure(totals.pop()[1]) if totals else None
    return total, [[as_figure(count) for _label, count in rows[:-1]] for rows in tables]


def assert_page_and_csv_agree_and_are_safe(client) -> list[list[tuple[str, str]]]:
    html, on_page = page_tables(client)
    text, in_csv = csv_tables(client)
    assert on_page == in_csv
    overall = text.splitlines()[1].rsplit(",", 1)[1]
    assert "Jumlah pengaduan: <strong>%s</strong>" % overall.replace("<", "&lt;") in html
    for rows in in_csv:
        for _label, count in rows:
            assert count in ("0", "<3", "≥3") or int(count) >= 3
    total, published = published_of(in_csv)
    if total is not None:
        for where, values in possible_values(total, published).items():
            assert len(values) >= 2, (where, values)
    return in_csv


def test_page_and_csv_agree_and_publish_no_one_or_two(client):
    complaints_add(7, category=Category.MONEY_POLITICS)
    complaints_add(1, category=Category.HOAX_HATE, location=KALIWATES)
    complaints_add(2, category=Category.VOTER_LIST, stage=Stage.ASSESSMENT)
    complaints_add(4, category=Category.OTHER, stage=Stage.ASSESSMENT, location=KALIWATES)
    tables = assert_page_and_csv_agree_and_are_safe(client)

    categories = dict(tables[0])
    assert categories["Hoaks, ujaran kebencian atau SARA"] == "<3"
    assert categories["Daftar pemilih"] == "<3"
    # Zero stays 0.
    assert categories["Alat peraga kampanye"] == "0"
    assert dict(tables[1])["Klarifikasi"] == "0"
    # Every kecamatan of the region is listed, and every month of the period.
    assert [label for label, _count in tables[3][:-1]] == ["Kaliwates", "Kencong"]
    assert len(tables[2]) == 12 + 1


def test_small_and_derivable_figures_stay_hidden_on_the_page(client):
    # Categories 1 + 1 beside 5 + 5 and a total of 12: both "<3" would be 1 by subtraction.
    complaints_add(5, category=Category.MONEY_POLITICS)
    complaints_add(5, category=Category.NEUTRALITY)
    complaints_add(1, category=Category.HOAX_HATE)
    complaints_add(1, category=Category.VOTER_LIST)
    tables = assert_page_and_csv_agree_and_are_safe(client)
    categories = dict(tables[0])
    assert categories["Hoaks, ujaran kebencian atau SARA"] == "<3"
    assert "≥3" in (categories["Politik uang"], categories["Jumlah"])


def test_zero_complaints_publish_zeros(client):
    tables = assert_page_and_csv_agree_and_are_safe(client)
    assert {count for rows in tables for _label, count in rows} == {"0"}


def test_one_complaint_shows_only_that_there_are_fewer_than_three(client):
    complaints_add(1)
    html, on_page = page_tables(client)
    _text, in_csv = csv_tables(client)
    assert on_page == in_csv == []
    assert "Jumlah pengaduan: <strong>&lt;3</strong>" in html
    assert client.get(CSV_URL).content.decode("utf-8-sig").splitlines()[1] == (
        "Semua pengaduan,Jumlah,<3"
    )
    assert html.count("Rincian ini tidak ditampilkan") == 4


def test_merged_duplicates_are_not_counted(client):
    [target] = complaints_add(1)
    complaints_add(3, category=Category.MONEY_POLITICS)
    complaints_add(2, category=Category.HOAX_HATE, stage=Stage.MERGED, merged_into=target)
    tables = assert_page_and_csv_agree_and_are_safe(client)
    categories = dict(tables[0])
    assert categories["Politik uang"] == "4"
    assert categories["Hoaks, ujaran kebencian atau SARA"] == "0"
    assert categories["Jumlah"] == "4"
    assert "Digabung" not in dict(tables[1])
    html, _tables = page_tables(client)
    assert "tahap Digabung" in html


def test_complaints_outside_the_period_or_the_region_are_not_counted(client):
    Region.objects.create(code="35.10", name="KAB X", level=RegionLevel.REGENCY, parent_id="35")
    Region.objects.create(
        code="35.10.01", name="Luar", level=RegionLevel.DISTRICT, parent_id="35.10"
    )
    Region.objects.create(
        code="35.10.01.2001", name="Luar", level=RegionLevel.VILLAGE, parent_id="35.10.01"
    )
    complaints_add(3, location="35.10.01.2001")
    complaints_add(3, created_at=datetime.now(JAKARTA) - timedelta(days=400))
    complaints_add(4)
    tables = assert_page_and_csv_agree_and_are_safe(client)
    assert dict(tables[0])["Jumlah"] == "4"
    assert "Luar" not in dict(tables[3])


@time_machine.travel(datetime(2025, 3, 15, 10, 0, tzinfo=JAKARTA), tick=False)
def test_months_are_counted_in_jakarta_time(client):
    utc = ZoneInfo("UTC")
    # 1 March 00:30 WIB is still 28 February in UTC; 28 February 23:30 WIB is February.
    complaints_add(3, created_at=datetime(2025, 2, 28, 17, 30, tzinfo=utc))
    complaints_add(4, created_at=datetime(2025, 2, 28, 16, 30, tzinfo=utc))
    # The period starts on 1 April 2024, WIB: 00:30 WIB is in, 23:00 WIB the day before is out.
    complaints_add(5, created_at=datetime(2024, 3, 31, 17, 30, tzinfo=utc))
    complaints_add(6, created_at=datetime(2024, 3, 31, 16, 0, tzinfo=utc))
    statistics = statistics_compute()
    assert statistics.first_month == date(2024, 4, 1)
    assert statistics.last_month == date(2025, 3, 1)
    months = {cell.key: cell.figure for cell in statistics.breakdowns[2].cells}
    assert months["2025-03"] == Figure(EXACT, 3)
    assert months["2025-02"] == Figure(EXACT, 4)
    assert months["2024-04"] == Figure(EXACT, 5)
    assert "2024-03" not in months
    assert statistics.total == Figure(EXACT, 12)

    tables = assert_page_and_csv_agree_and_are_safe(client)
    assert tables[2][0] == ("April 2024", "5")
    assert tables[2][-2] == ("Maret 2025", "3")


@time_machine.travel(datetime(2025, 3, 15, 10, 0, tzinfo=JAKARTA), tick=False)
def test_months_are_counted_in_the_offices_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Makassar"
    utc = ZoneInfo("UTC")
    # 28 February 16:30 UTC is 23:30 WIB (February) but 00:30 WITA on 1 March.
    complaints_add(3, created_at=datetime(2025, 2, 28, 16, 30, tzinfo=utc))
    complaints_add(4, created_at=datetime(2025, 2, 28, 15, 30, tzinfo=utc))
    months = {cell.key: cell.figure for cell in statistics_compute().breakdowns[2].cells}
    assert months["2025-03"] == Figure(EXACT, 3)
    assert months["2025-02"] == Figure(EXACT, 4)

    page = client.get(PAGE).text
    assert "waktu setempat, WITA" in page
    assert "WIB" not in page


def _statistics_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_query_count_does_not_grow_and_the_cache_serves_the_rest(client, settings):
    # The statistics' own cache, under the page cache (tests/test_page_cache.py).
    settings.PAGE_CACHE_ENABLED = False
    client.get(reverse("complaints:index"))  # the office profile is cached, as on a live site
    key = CACHE_KEY % datetime.now(JAKARTA).strftime("%Y-%m")
    complaints_add(3)
    few = _statistics_queries(client, PAGE)
    complaints_add(37, category=Category.NEUTRALITY, location=KALIWATES, stage=Stage.ASSESSMENT)
    cache.delete(key)
    many = _statistics_queries(client, PAGE)
    # The kecamatan of the region, then one grouped count per breakdown.
    assert len(few) == len(many) == 5
    # Only what the figures need is read: nothing about reporters or witnesses.
    for sql in many:
        assert "reporter_" not in sql
        assert "witness" not in sql
    # Cached: neither the page nor the CSV queries again, and both show the 40.
    assert _statistics_queries(client, PAGE) == []
    assert _statistics_queries(client, CSV_URL) == []
    assert dict(csv_tables(client)[1][0])["Jumlah"] == "40"


def test_the_page_is_public_cacheable_and_shows_no_identity(client):
    for _index in range(3):
        complaint_file(**IDENTITY, witnesses=[WITNESS])
    response = client.get(PAGE)
    text = response.content.decode()
    csv_text = client.get(CSV_URL).content.decode("utf-8-sig")
    for value in identity_values():
        assert value not in text
        assert value not in csv_text
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in text
    # The CSP forbids inline styles; the chart scales by its viewBox.
    assert "style=" not in text
    assert text.count('role="img"') == 4
    assert 'viewBox="0 0 %d ' % CHART_WIDTH in text
    assert 'width="100%"' in text
    assert "Pasal 17 huruf a angka 2" in text
    assert "Undang-Undang Nomor 14 Tahun 2008" in text
    assert client.head(PAGE).status_code == 200
    assert client.post(PAGE).status_code == 405


def test_the_complaint_desk_links_to_the_statistics(client):
    assert 'href="%s"' % PAGE in client.get(reverse("complaints:index")).text
