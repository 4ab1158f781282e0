"""Exports of the admin's complaint list: the same filters as the list, identity columns only
for complaints.view_identity (and then audited by number), every cell inert in a spreadsheet.

How the writer makes every cell inert is tested with the writer (tests/test_exports.py); here,
that the complaint export goes through it (a phone number starting with "+" comes out quoted).
"""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import Stage
from complaints.services import complaint_transition
from humas_portal.models import AuditEvent
from humas_portal.roles import COMPLAINT_COORDINATOR, COMPLAINT_OFFICER, EDITOR
from tests.complaints.factories import IDENTITY, WITNESS, complaint_file, identity_values
from tests.factories import staff_create
from tests.spreadsheets import csv_rows, xlsx_cells, xlsx_texts

IDENTITY_HEADERS = [
    "Anonim", "Nama pelapor", "Telepon pelapor", "E-mail pelapor", "Alamat pelapor", "Saksi",
]  # fmt: skip


@pytest.fixture
def complaint(office):
    return complaint_file(**IDENTITY, witnesses=[WITNESS]).complaint


def export_url(file_format: str, query: str = "") -> str:
    return reverse("complaints:export", args=[file_format]) + query


def audits(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- Who may export ---------------------------------------------------------------------------


def test_anonymous_visitors_get_a_404(client, complaint):
    assert client.get(export_url("csv")).status_code == 404
    assert client.get(export_url("xlsx")).status_code == 404
    assert audits("complaint.exported") == []


def test_staff_without_the_list_permission_get_a_404(client, complaint):
    client.force_login(staff_create("redaksi", role=EDITOR))
    assert client.get(export_url("csv")).status_code == 404
    assert audits("complaint.exported") == []


def test_an_account_no_longer_staff_gets_a_404_despite_its_role(client, officer, complaint):
    officer.is_staff = False
    officer.save()
    client.force_login(officer)
    assert client.get(export_url("csv")).status_code == 404


def test_staff_still_owing_the_second_factor_get_a_404(client, officer, complaint, settings):
    settings.STAFF_REQUIRE_2FA = True
    client.force_login(officer)
    assert client.get(export_url("csv")).status_code == 404
    assert audits("complaint.exported") == []


def test_an_unknown_format_is_a_404_and_only_get_is_allowed(client, officer, complaint):
    client.force_login(officer)
    assert client.get(export_url("pdf")).status_code == 404
    assert client.post(export_url("csv")).status_code == 405
    assert audits("complaint.exported") == []


@pytest.mark.parametrize(
    "query",
    [
        # Django's admin accepts any local field: a way to sift complaints by identity.
        "?reporter_name__startswith=S",
        "?reporter_phone__contains=777",
        "?anonymous__exact=0",
        "?stage__exact=received&tracking_hash__startswith=a",
        "?_to_field=reporter_email",
    ],
)
@pytest.mark.parametrize("role", [COMPLAINT_OFFICER, COMPLAINT_COORDINATOR])
def test_filters_the_list_does_not_offer_are_a_bad_request(client, complaint, query, role):
    client.force_login(staff_create("staf", role=role))
    assert client.get(export_url("csv", query)).status_code == 400
    assert audits("complaint.exported") == []


# --- The response -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_file_is_a_private_attachment(client, officer, complaint, file_format, content_type):
    client.force_login(officer)
    response = client.get(export_url(file_format))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == 'attachment; filename="pengaduan-%s.%s"' % (
        timezone.localdate().isoformat(),
        file_format,
    )
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_csv_holds_the_listed_complaint_with_iso_dates(client, officer, complaint):
    complaint_transition(
        complaint_id=complaint.pk, expected_stage=Stage.RECEIVED, to=Stage.ASSESSMENT, actor=officer
    )
    complaint.refresh_from_db()
    client.force_login(officer)

    header, row = csv_rows(client.get(export_url("csv")))

    assert header[:3] == ["Nomor", "Diterima", "Pemilihan"]
    assert len(row) == len(header) == 15
    values = dict(zip(header, row, strict=True))
    assert values["Nomor"] == complaint.number
    assert values["Diterima"] == timezone.localtime(complaint.created_at).strftime("%Y-%m-%d %H:%M")
    assert values["Tanggal kejadian"] == complaint.occurred_on.isoformat()
    assert values["Kecamatan"] == "Kencong"
    assert values["Desa/kelurahan"] == "Kencong"
    assert values["Tahap"] == "Kajian Awal"
    assert values["Kategori"] == "Politik uang"
    assert values["Digabung ke"] == ""
    if complaint.due_at is None:
        assert values["Batas waktu"] == ""
    else:
        assert values["Batas waktu"] == timezone.localtime(complaint.due_at).strftime(
            "%Y-%m-%d %H:%M"
        )


def test_xlsx_dates_are_date_cells(client, officer, complaint):
    client.force_login(officer)

    header, row = xlsx_cells(client.get(export_url("xlsx")).content)

    occurred = [cell["text"] for cell in header].index("Tanggal kejadian")
    # A date cell is a number (days since 1899-12-30) with a date style, not text.
    assert row[occurred]["type"] is None
    assert float(row[occurred]["text"]) == (complaint.occurred_on.toordinal() - 693594)
    number = [cell["text"] for cell in header].index("Nomor")
    assert row[number] == {"type": "s", "text": complaint.number, "formula": False}


# --- Identity -----------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_without_view_identity_there_are_no_identity_columns(
    client, officer, complaint, file_format
):
    client.force_login(officer)
    response = client.get(export_url(file_format))

    if file_format == "csv":
        header = csv_rows(response)[0]
        body = response.content.decode("utf-8-sig")
    else:
        header = xlsx_texts(response.content)[0]
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        body = "".join(archive.read(name).decode() for name in archive.namelist())
    assert not set(IDENTITY_HEADERS) & set(header)
    assert len(header) == 15
    for value in identity_values():
        assert value not in body, value
    assert audits("complaint.identity_exported") == []
    [exported] = audits("complaint.exported")
    assert exported.actor == officer
    assert exported.data == {"count": 1, "format": file_format, "identity": False}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_with_view_identity_the_columns_are_there_and_the_export_is_audited(
    client, coordinator, complaint, file_format
):
    anonymous = complaint_file(anonymous=True, reporter_name="", witnesses=[]).complaint
    client.force_login(coordinator)
    response = client.get(export_url(file_format))

    if file_format == "csv":
        rows = csv_rows(response)
    else:
        rows = [[text or "" for text in row] for row in xlsx_texts(response.content)]
        rows = [row + [""] * (len(rows[0]) - len(row)) for row in rows]
    header = rows[0]
    assert header[-6:] == IDENTITY_HEADERS
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    named = by_number[complaint.number]
    assert named["Anonim"] == "tidak"
    assert named["Nama pelapor"] == IDENTITY["reporter_name"]
    # A phone number starting with "+" is escaped like any other cell.
    assert named["Telepon pelapor"] == "'" + IDENTITY["reporter_phone"]
    assert named["E-mail pelapor"] == IDENTITY["reporter_email"]
    assert named["Alamat pelapor"] == IDENTITY["reporter_address"]
    assert named["Saksi"] == "%s (%s)" % WITNESS
    assert by_number[anonymous.number]["Anonim"] == "ya"
    assert by_number[anonymous.number]["Nama pelapor"] == ""

    [identity] = audits("complaint.identity_exported")
    assert identity.actor == coordinator
    assert identity.target_id == ""
    # Newest first, as the list orders them.
    assert identity.data == {
        "numbers": [anonymous.number, complaint.number],
        "format": file_format,
    }
    [exported] = audits("complaint.exported")
    assert exported.data == {"count": 2, "format": file_format, "identity": True}


def test_the_audit_names_the_numbers_found_not_the_search_term(client, coordinator, complaint):
    complaint_file()  # another reporter, not found by the search
    client.force_login(coordinator)

    rows = csv_rows(client.get(export_url("csv", "?q=Sulastri")))

    assert [row[0] for row in rows[1:]] == [complaint.number]
    [identity] = audits("complaint.identity_exported")
    assert identity.data["numbers"] == [complaint.number]
    assert "Sulastri" not in str(identity.data)


# --- The list's filters ---------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_applies_the_lists_filters(client, officer, complaint, file_format):
    others = [complaint_file().complaint for _ in range(2)]
    for other in others:
        complaint_transition(
            complaint_id=other.pk, expected_stage=Stage.RECEIVED, to=Stage.ASSESSMENT, actor=officer
        )
    client.force_login(officer)

    response = client.get(export_url(file_format, "?stage__exact=assessment&o=1"))

    if file_format == "csv":
        numbers = [row[0] for row in csv_rows(response)[1:]]
    else:
        numbers = [row[0] for row in xlsx_texts(response.content)[1:]]
    # o=1: ordered by number, ascending, as the list would show them.
    assert numbers == sorted(other.number for other in others)
    assert complaint.number not in numbers
    [exported] = audits("complaint.exported")
    assert exported.data["count"] == 2


def test_the_list_links_to_the_exports_with_its_filters(client, officer, complaint):
    client.force_login(officer)
    response = client.get(
        reverse("admin:complaints_complaint_changelist"), {"stage__exact": "assessment", "p": 1}
    )

    html = response.content.decode()
    for file_format, label in (("csv", "Ekspor CSV"), ("xlsx", "Ekspor XLSX")):
        link = '<a href="%s?stage__exact=assessment">%s</a>' % (export_url(file_format), label)
        assert link in html


# --- Cost ---------------------------------------------------------------------------------------


def export_queries(client, file_format: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(export_url(file_format))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_query_count_does_not_grow_with_the_complaints(client, coordinator, office, file_format):
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    for _ in range(3):
        complaint = complaint_file(witnesses=[WITNESS, ("Saksi Dua", "")]).complaint
        complaint_transition(
            complaint_id=complaint.pk,
            expected_stage=Stage.RECEIVED,
            to=Stage.ASSESSMENT,
            actor=officer,
        )
    client.force_login(coordinator)
    client.get(export_url(file_format))  # the office profile is cached, as on a live site
    few = export_queries(client, file_format)
    for _ in range(27):
        complaint_file(witnesses=[WITNESS])
    many = export_queries(client, file_format)

    assert few == many
    assert len(audits("complaint.identity_exported")[-1].data["numbers"]) == 30
