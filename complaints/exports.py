"""Exports of a (filtered) complaint list for officers, as CSV and XLSX.

Identity columns (reporter, contacts, address, witnesses) exist only when the caller says the
exporter holds ``complaints.view_identity``; without it they are not empty columns but absent,
and the identity fields are not even loaded from the database.

Formula injection (CSV injection): a spreadsheet runs a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and some also after a tab or carriage return) as a formula, so a reporter could
write ``=HYPERLINK(...)`` into a description and have it run on an officer's computer. Every
such text cell gets a leading single quote (OWASP's advice), in both formats: in CSV it is the
only defence; in XLSX every text is also written as a string cell (``write_string``, never a
formula), and the quote is kept there too so that both files say the same thing and an XLSX
re-saved as CSV stays inert. The quote is visible; that is the price of a safe file.

Formats:
- CSV: UTF-8 with a byte-order mark (so Excel reads Indonesian text as UTF-8), comma-separated
  with the csv module's quoting (the RFC 4180 dialect, CRLF line ends). Dates are ISO
  (``2026-11-30``), times ``2026-11-30 08:15`` in the portal's time zone (TIME_ZONE).
- XLSX (XlsxWriter, written in memory so no identity ever touches a temporary file): dates and
  times are real date cells (formatted ``yyyy-mm-dd`` / ``yyyy-mm-dd hh:mm``, same time zone),
  so they sort and filter as dates.

``complaints_export_rows`` yields one row per complaint from a queryset iterator (a fixed number
of queries: related rows joined, witnesses prefetched per chunk of ``CHUNK_SIZE``); rows carry
typed values (str, date, naive local datetime, None) that each writer renders.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

import xlsxwriter
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from complaints.models import Complaint, Witness

CHUNK_SIZE = 2000
# The first column is always the complaint number: the view names the exported numbers from it.
NUMBER_COLUMN = 0
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
IDENTITY_FIELDS = [
    "reporter_name", "reporter_phone", "reporter_email", "reporter_address",
]  # fmt: skip
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Value = str | date | datetime | None


def formula_escape(text: str) -> str:
    """The text, with a leading quote if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _label(model, field: str) -> str:
    # str(): the verbose names are lazy, and the writers want plain text.
    return str(capfirst(model._meta.get_field(field).verbose_name))


def _local(moment: datetime | None) -> datetime | None:
    # XLSX has no time zones: the office's local time, as the admin shows it.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _officer(complaint: Complaint) -> str:
    user = complaint.assigned_to
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _witnesses(complaint: Complaint) -> str:
    return "; ".join(
        "%s (%s)" % (witness.name, witness.contact) if witness.contact else witness.name
        for witness in complaint.witnesses.all()
    )


def _columns(with_identity: bool) -> list[tuple[str, Callable[[Complaint], Value]]]:
    columns = [
        (_label(Complaint, "number"), lambda c: c.number),
        (_label(Complaint, "created_at"), lambda c: _local(c.created_at)),
        (_label(Complaint, "election"), lambda c: c.election.name),
        (_label(Complaint, "category"), lambda c: c.get_category_display()),
        (_label(Complaint, "title"), lambda c: c.title),
        (_label(Complaint, "description"), lambda c: c.description),
        (_label(Complaint, "occurred_on"), lambda c: c.occurred_on),
        (_label(Complaint, "known_on"), lambda c: c.known_on),
        (
            str(capfirst(_("kecamatan"))),
            lambda c: c.location.parent.name if c.location.parent_id else "",
        ),
        (_label(Complaint, "location"), lambda c: c.location.name),
        (_label(Complaint, "reported_party"), lambda c: c.reported_party),
        (_label(Complaint, "stage"), lambda c: c.get_stage_display()),
        (_label(Complaint, "due_at"), lambda c: _local(c.due_at)),
        (_label(Complaint, "assigned_to"), _officer),
        (_label(Complaint, "merged_into"), lambda c: c.export_merged_into or ""),
    ]
    if with_identity:
        columns += [
            (_label(Complaint, "anonymous"), lambda c: _("ya") if c.anonymous else _("tidak")),
            *((_label(Complaint, field), _field_getter(field)) for field in IDENTITY_FIELDS),
            (str(capfirst(Witness._meta.verbose_name_plural)), _witnesses),
        ]
    return columns


def _field_getter(field: str) -> Callable[[Complaint], Value]:
    return lambda complaint: getattr(complaint, field)


def complaints_export_rows(
    *, queryset, with_identity: bool
) -> tuple[list[str], Iterator[list[Value]]]:
    """The header and the rows of an export of ``queryset``, in its order.

    ``with_identity`` must be the exporter's ``complaints.view_identity``; the caller audits.
    """
    columns = _columns(with_identity)
    queryset = (
        queryset.select_related(None)
        .select_related("election", "location__parent", "assigned_to")
        # Only the duplicate's target number, not the whole target complaint.
        .annotate(export_merged_into=F("merged_into__number"))
    )
    if with_identity:
        queryset = queryset.prefetch_related(
            Prefetch("witnesses", queryset=Witness.objects.order_by("pk"))
        )
    else:
        # Never loaded, so no later change to a column can leak them.
        queryset = queryset.defer(*IDENTITY_FIELDS)
    header = [label for label, _value in columns]
    rows = (
        [value(complaint) for _label_text, value in columns]
        for complaint in queryset.iterator(chunk_size=CHUNK_SIZE)
    )
    return header, rows


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return formula_escape(str(value))


def export_csv(header: list[str], rows: Iterable[list[Value]]) -> bytes:
    """UTF-8 with BOM, comma-separated, every text cell escaped against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([formula_escape(str(label)) for label in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(header: list[str], rows: Iterable[list[Value]]) -> bytes:
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
    sheet = workbook.add_worksheet(str(capfirst(Complaint._meta.verbose_name_plural))[:31])
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
