"""Spreadsheet exports for staff, as CSV and XLSX, safe to open in a spreadsheet application.

An app decides which rows and columns to export, who may, and what to audit; this module
writes the file and the response.

Formula injection (CSV injection): a spreadsheet runs a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and some also after a tab or carriage return) as a formula, so a citizen could
write ``=HYPERLINK(...)`` into a form and have it run on an officer's computer. Every such text
cell gets a leading single quote (OWASP's advice), in both formats: in CSV it is the only
defence; in XLSX every text is also written as a string cell (``write_string``, never a
formula), and the quote is kept there too so that both files say the same thing and an XLSX
re-saved as CSV stays inert. The quote is visible; that is the price of a safe file.

Cells are typed values: str, date, naive local datetime (the caller converts to the office's
time zone: XLSX has none), or None for an empty cell.

- CSV: UTF-8 with a byte-order mark (so Excel reads Indonesian text as UTF-8), comma-separated
  with the csv module's quoting (the RFC 4180 dialect, CRLF line ends). Dates are ISO
  (``2026-11-30``), times ``2026-11-30 08:15``.
- XLSX (XlsxWriter, written in memory so no personal data ever touches a temporary file): dates
  and times are real date cells (formatted ``yyyy-mm-dd`` / ``yyyy-mm-dd hh:mm``), so they sort
  and filter as dates.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime

import xlsxwriter
from django.http import HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An XLSX sheet name holds at most 31 characters.
SHEET_NAME_MAX = 31

Value = str | date | datetime | None


def formula_escape(text: str) -> str:
    """The text, with a leading quote if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return formula_escape(str(value))


def _csv(header: list[str], rows: Iterable[list[Value]]) -> bytes:
    """UTF-8 with BOM, comma-separated, every text cell escaped against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([formula_escape(str(label)) for label in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(header: list[str], rows: Iterable[list[Value]], *, sheet_name: str) -> bytes:
    """One sheet; text as string cells (escaped too), dates and times as date cells."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # write_string is used for all text anyway; these keep write() from guessing too.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(sheet_name[:SHEET_NAME_MAX])
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    time_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for column, label in enumerate(header):
        sheet.write_string(0, column, formula_escape(str(label)), bold)
    row_index = 0
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(row_index, column, value, time_format)
            elif isinstance(value, date):
                sheet.write_datetime(row_index, column, value, date_format)
            else:
                sheet.write_string(row_index, column, formula_escape(str(value)))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row_index, 1), len(header) - 1)
    workbook.close()
    return buffer.getvalue()


# Format in an address -> its content type. A view refuses any other format before calling.
EXPORT_FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def export_response(
    *,
    rows: Iterable[list[Value]],
    header: list[str],
    filename: str,
    fmt: str,
    sheet_name: str = "Data",
) -> HttpResponse:
    """The export as a private download named ``<filename>.<fmt>``.

    ``fmt`` is one of ``EXPORT_FORMATS``; ``filename`` is the caller's own text (letters,
    digits and hyphens), never user input. Exports hold personal data: never cached, never
    sniffed, no referrer.
    """
    if fmt == "csv":
        content = _csv(header, rows)
    elif fmt == "xlsx":
        content = _xlsx(header, rows, sheet_name=sheet_name)
    else:
        raise ValueError("unknown export format %r" % fmt)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = 'attachment; filename="%s.%s"' % (filename, fmt)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
