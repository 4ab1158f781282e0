"""The annual report (ppid.report): a generated year with known outcomes and holidays, every
figure asserted, and nothing personal in the page, the CSV or the XLSX."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from humas_portal.elections.models import Holiday
from ppid.models import ExemptGround, ObjectionOutcome, RequestStage
from ppid.report import FIRST_YEAR, annual_report, days_text, report_years
from tests.html_checker import vnu_errors, vnu_missing
from tests.ppid.staff_factories import REQUESTER, at, objection_make, request_make
from tests.spreadsheets import csv_rows, xlsx_texts

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def year_of_requests(office):
    """2025 with known outcomes; the working days each decision took are in the comments."""
    # A two-day leave after a Friday: Monday 31 March and Tuesday 1 April.
    Holiday.objects.create(date=date(2025, 3, 31), name="Cuti bersama")
    Holiday.objects.create(date=date(2025, 4, 1), name="Idulfitri")
    D = RequestStage
    # Just after midnight on 1 January in the office's zone (still 2024 in UTC): 2025. 1 day.
    new_year = request_make(
        received_at=at(date(2025, 1, 1), 0, 30), stage=D.GRANTED, decided_at=at(date(2025, 1, 2))
    )
    # Monday to Friday: 4.
    request_make(
        received_at=at(date(2025, 3, 3)), stage=D.GRANTED, decided_at=at(date(2025, 3, 7), 16)
    )
    # Friday, then the weekend and the two holidays, decided on Wednesday: 1.
    request_make(
        received_at=at(date(2025, 3, 28), 15),
        stage=D.GRANTED,
        decided_at=at(date(2025, 4, 2), 10),
    )
    # Two full weeks: 10.
    partly = request_make(
        received_at=at(date(2025, 6, 2)),
        stage=D.PARTLY_GRANTED,
        decided_at=at(date(2025, 6, 16)),
        refusal_ground=ExemptGround.PRIVACY,
    )
    # The same day: 0.
    refused_same_day = request_make(
        received_at=at(date(2025, 7, 1)),
        stage=D.REFUSED,
        decided_at=at(date(2025, 7, 1), 15),
        refusal_ground=ExemptGround.LAW_ENFORCEMENT,
    )
    # Extended, three weeks: 15.
    refused_late = request_make(
        received_at=at(date(2025, 7, 10)),
        stage=D.REFUSED,
        decided_at=at(date(2025, 7, 31)),
        refusal_ground=ExemptGround.PRIVACY,
        extended_due_on=date(2025, 7, 31),
    )
    # 2.
    request_make(
        received_at=at(date(2025, 9, 1)),
        stage=D.REFUSED,
        decided_at=at(date(2025, 9, 3)),
        refusal_ground=ExemptGround.LAW_ENFORCEMENT,
    )
    # 3.
    request_make(
        received_at=at(date(2025, 10, 6)), stage=D.NOT_HELD, decided_at=at(date(2025, 10, 9))
    )
    # Withdrawn and still open: no decision, no working days.
    request_make(received_at=at(date(2025, 10, 10)), stage=D.WITHDRAWN)
    request_make(received_at=at(date(2025, 12, 30)))
    # Outside the year, by minutes in the office's zone.
    before = request_make(
        received_at=at(date(2024, 12, 31), 23, 30), stage=D.GRANTED, decided_at=at(date(2025, 1, 6))
    )
    request_make(received_at=at(date(2026, 1, 1), 0, 10))
    objection_make(partly, outcome=ObjectionOutcome.UPHELD)
    objection_make(refused_same_day, outcome=ObjectionOutcome.REJECTED)
    objection_make(refused_late)
    objection_make(before, outcome=ObjectionOutcome.UPHELD)
    return new_year


def test_the_report_matches_a_generated_year_exactly(year_of_requests):
    report = annual_report(YEAR)

    assert report.total == 10
    assert report.granted == 3
    assert report.partly_granted == 1
    assert report.refused == 3
    assert report.refused_by_ground == {
        code: {"17a": 2, "17h": 1}.get(code, 0) for code in ExemptGround.values
    }
    assert report.not_held == 1
    assert report.withdrawn == 1
    assert report.open == 1
    assert report.objections == 3
    assert report.objections_upheld == 1
    assert report.objections_rejected == 1
    assert report.objections_unanswered == 1
    assert report.decided == 8
    assert sorted(report.durations) == [0, 1, 1, 2, 3, 4, 10, 15]
    assert report.median_days == 2.5
    assert report.max_days == 15
    rows = dict(report.rows())
    assert rows["Median hari kerja sampai keputusan"] == "2,5"
    assert rows["Paling lama (hari kerja) sampai keputusan"] == "15"
    assert rows["Ditolak, %s" % ExemptGround.PRIVACY.label] == 1


def test_the_neighbouring_years_count_only_their_own(year_of_requests):
    assert annual_report(2024).total == 1
    assert annual_report(2024).objections == 1
    assert annual_report(2026).total == 1
    assert annual_report(2026).decided == 0
    assert annual_report(2026).median_days is None
    assert report_years() == [2026, 2025, 2024]


def test_a_year_without_requests_is_all_zeros(office):
    report = annual_report(2015)
    assert report.total == 0
    assert report.median_days is None
    assert report.max_days is None
    assert dict(report.rows())["Median hari kerja sampai keputusan"] == "-"


def test_days_are_written_the_indonesian_way():
    assert days_text(2.5) == "2,5"
    assert days_text(3.0) == "3"
    assert days_text(None) == "-"


def test_the_report_costs_the_same_queries_whatever_the_year_holds(year_of_requests):
    with CaptureQueriesContext(connection) as full:
        annual_report(YEAR)
    with CaptureQueriesContext(connection) as quiet:
        annual_report(2016)
    # Requests, objections and decision times; the holidays only when something was decided.
    assert len(full) == 4
    assert len(quiet) == 3


def _personal_values() -> list[str]:
    return [*REQUESTER.values(), "Laporan keuangan tahun lalu", "Penelitian", "PPID-TEST"]


def test_page_csv_and_xlsx_carry_the_figures_and_nothing_personal(client, year_of_requests):
    page = client.get(reverse("ppid:report_year", args=[YEAR]))
    csv = client.get(reverse("ppid:report_csv", args=[YEAR]))
    xlsx = client.get(reverse("ppid:report_xlsx", args=[YEAR]))

    assert page.status_code == csv.status_code == xlsx.status_code == 200
    html = page.content.decode()
    rows = csv_rows(csv)
    sheet = xlsx_texts(xlsx.content)
    text = repr(rows)
    cells = {str(cell) for row in sheet for cell in row}
    assert "Dikabulkan sebagian" in html
    assert "2,5" in html
    assert rows[0] == ["Uraian", "Jumlah"]
    assert ["Permohonan diterima", "10"] in rows
    assert ["Median hari kerja sampai keputusan", "2,5"] in rows
    # The page, the CSV and the XLSX are the same table.
    assert sheet == rows
    for value in _personal_values():
        assert value not in html
        assert value not in text
        assert not any(value in cell for cell in cells)
    assert csv["Content-Disposition"].endswith('laporan-layanan-informasi-publik-2025.csv"')


def test_the_index_links_the_years_with_requests(client, year_of_requests):
    response = client.get(reverse("ppid:report"))

    assert response.status_code == 200
    for year in (2024, 2025, 2026):
        assert reverse("ppid:report_year", args=[year]) in response.content.decode()


def test_the_index_without_requests(client, office):
    response = client.get(reverse("ppid:report"))
    assert response.status_code == 200
    assert "belum ada laporan" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/informasi-publik/laporan/%d/" % (FIRST_YEAR - 1),
        "/informasi-publik/laporan/2999/",
        "/informasi-publik/laporan/0/",
        "/informasi-publik/laporan/99999999999999999999999999/",
        "/informasi-publik/laporan/99999999999999999999999999.csv",
        "/informasi-publik/laporan/1999.xlsx",
        "/informasi-publik/laporan/2025.pdf",
        "/informasi-publik/laporan/-2025/",
        "/informasi-publik/laporan/2025%00/",
        "/informasi-publik/laporan/tahun/",
    ],
)
def test_a_year_outside_the_range_or_hostile_is_not_found(client, office, path):
    assert client.get(path).status_code == 404


def test_the_report_is_read_only(client, office):
    response = client.post(reverse("ppid:report_year", args=[YEAR]))
    assert response.status_code == 405


def test_the_report_pages_are_valid_html(client, year_of_requests, tmp_path):
    for name, url in (
        ("index", reverse("ppid:report")),
        ("year", reverse("ppid:report_year", args=[YEAR])),
    ):
        (tmp_path / ("%s.html" % name)).write_bytes(client.get(url).content)
    reason = vnu_missing()
    if reason:
        pytest.skip(reason)
    assert vnu_errors(tmp_path) == []
