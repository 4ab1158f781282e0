"""The shared export writer: CSV and XLSX downloads whose every cell is inert in a spreadsheet.

Moved here from the complaint export's tests (which keep testing what the complaint desk
exports, and to whom): the same texts, through the writer every export uses.
"""

import io
import zipfile
from datetime import date, datetime

import pytest

from humas_portal.exports import export_response
from tests.spreadsheets import csv_rows, xlsx_cells, xlsx_texts

HYPERLINK = '=HYPERLINK("http://x","y")'
TRIGGERS = [HYPERLINK, "+1+2", "-1+2", "@SUM(A1:A2)", "\t=1+2", "\r=1+2"]
HEADER = ["Nomor", "Judul", "Uraian kejadian", "Pihak terlapor"]


def export(rows, fmt: str, header=HEADER, **kwargs):
    return export_response(rows=rows, header=header, filename="ekspor", fmt=fmt, **kwargs)


# --- Formula injection --------------------------------------------------------------------------


@pytest.mark.parametrize("text", TRIGGERS)
def test_csv_cells_that_a_spreadsheet_would_run_are_inert(text):
    header, row = csv_rows(export([["ADU-1", text, text, text]], "csv"))

    values = dict(zip(header, row, strict=True))
    for column in ("Uraian kejadian", "Judul", "Pihak terlapor"):
        assert values[column] == "'" + text


@pytest.mark.parametrize("text", TRIGGERS)
def test_xlsx_cells_are_strings_never_formulas(text):
    response = export([["ADU-1", "Judul", text, ""]], "xlsx")

    header, row = xlsx_cells(response.content)
    description = row[[cell["text"] for cell in header].index("Uraian kejadian")]
    assert description["type"] in {"s", "inlineStr"}
    assert not description["formula"]
    assert description["text"] == "'" + text
    sheet = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet
    assert b"<f " not in sheet


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_header_cells_are_escaped_too(fmt):
    response = export([["1"]], fmt, header=["=Kolom"])
    header = csv_rows(response)[0] if fmt == "csv" else xlsx_texts(response.content)[0]
    assert header == ["'=Kolom"]


def test_harmless_text_is_left_as_it_is():
    text = "Uang Rp50.000 = suara; pukul 19.00 - 20.00 @balai desa"

    header, row = csv_rows(export([["ADU-1", "Judul", text, ""]], "csv"))

    assert dict(zip(header, row, strict=True))["Uraian kejadian"] == text
    assert xlsx_texts(export([["ADU-1", "Judul", text, ""]], "xlsx").content)[1][2] == text


# --- Formats ------------------------------------------------------------------------------------


ROW = ["ADU-1", date(2026, 11, 30), datetime(2026, 11, 30, 8, 15), None, "Kencong, Jember"]
TYPED_HEADER = ["Nomor", "Tanggal", "Waktu", "Kosong", "Tempat"]


def test_csv_is_utf8_with_bom_crlf_and_iso_dates():
    response = export([ROW], "csv", header=TYPED_HEADER)

    assert response.content.startswith("\ufeff".encode())
    assert b"\r\n" in response.content
    assert csv_rows(response) == [
        TYPED_HEADER,
        ["ADU-1", "2026-11-30", "2026-11-30 08:15", "", "Kencong, Jember"],
    ]


def test_xlsx_dates_are_date_cells_and_empty_cells_are_left_out():
    response = export([ROW], "xlsx", header=TYPED_HEADER, sheet_name="Pengaduan" * 5)

    header, row = xlsx_cells(response.content)

    assert [cell["text"] for cell in header] == TYPED_HEADER
    # A date cell is a number (days since 1899-12-30) with a date style, not text.
    assert row[1]["type"] is None
    assert float(row[1]["text"]) == date(2026, 11, 30).toordinal() - 693594
    assert float(row[2]["text"]) == pytest.approx(
        date(2026, 11, 30).toordinal() - 693594 + 8.25 / 24
    )
    assert row[3] is None
    assert row[4] == {"type": "s", "text": "Kencong, Jember", "formula": False}
    workbook = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/workbook.xml").decode()
    assert 'name="%s"' % ("Pengaduan" * 5)[:31] in workbook  # sheet names hold 31 characters


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_file_is_a_private_attachment(fmt, content_type):
    response = export_response(
        rows=iter([["1"]]), header=["Nomor"], filename="peserta-2026-12-06", fmt=fmt
    )

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == 'attachment; filename="peserta-2026-12-06.%s"' % fmt
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="pdf"):
        export([["1"]], "pdf")
