"""Exports of a (filtered) complaint list for officers, as CSV and XLSX.

Identity columns (reporter, contacts, address, witnesses) exist only when the caller says the
exporter holds ``complaints.view_identity``; without it they are not empty columns but absent,
and the identity fields are not even loaded from the database.

The file itself (formats, cells made safe against formulas) is written by
``humas_portal.exports``. Times are converted here to the portal's time zone (TIME_ZONE), as the
admin shows them.

``complaints_export_rows`` yields one row per complaint from a queryset iterator (a fixed number
of queries: related rows joined, witnesses prefetched per chunk of ``CHUNK_SIZE``); rows carry
typed values (str, date, naive local datetime, None) that the writer renders.
"""

from collections.abc import Callable, Iterator
from datetime import datetime

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from complaints.models import Complaint, Witness
from humas_portal.exports import Value

CHUNK_SIZE = 2000
# The first column is always the complaint number: the view names the exported numbers from it.
NUMBER_COLUMN = 0
IDENTITY_FIELDS = [
    "reporter_name", "reporter_phone", "reporter_email", "reporter_address",
]  # fmt: skip


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
