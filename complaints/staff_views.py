"""Pages for the complaint desk's staff outside the admin: the evidence download, the
thumbnails of image evidence on the complaint page, and the exports of the complaint list.

Evidence is never served from a public URL. Whoever may not download it (anonymous visitors,
staff without ``complaints.view_evidence``, staff still owing their second factor) gets the
same 404 as for a file that does not exist, so the address confirms nothing. The exports answer
the same way to whoever may not read the complaint list.
"""

import logging
import re
from io import BytesIO
from pathlib import PurePosixPath

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ALL_VAR, ERROR_FLAG, ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.text import capfirst
from PIL import Image

from complaints.exports import NUMBER_COLUMN, complaints_export_rows
from complaints.models import (
    EVIDENCE_PERMISSION,
    IDENTITY_PERMISSION,
    VIEW_PERMISSION,
    Complaint,
    Evidence,
    EvidenceKind,
    evidence_storage,
)
from humas_portal.accounts.access import staff_required
from humas_portal.audit import audit_record
from humas_portal.exports import EXPORT_FORMATS, export_response

logger = logging.getLogger(__name__)

SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,5}$")
# The longest side of a thumbnail on the complaint page, in pixels (twice the shown size, for
# sharp pictures on high-density screens).
THUMBNAIL_SIDE = 240


def _evidence_position(evidence: Evidence) -> int:
    """1 for the complaint's first file, 2 for the next, in the order they were added."""
    earlier = Q(created_at__lt=evidence.created_at)
    same_time = Q(created_at=evidence.created_at, pk__lte=evidence.pk)
    return Evidence.objects.filter(earlier | same_time, complaint_id=evidence.complaint_id).count()


def download_name(evidence: Evidence) -> str:
    """``<number>-<n>.<ext>``: never the reporter's own file name, which may say who they are."""
    suffix = PurePosixPath(evidence.file.name).suffix.lower()
    if not SAFE_EXTENSION.match(suffix):
        suffix = ""
    return "%s-%d%s" % (evidence.complaint.number, _evidence_position(evidence), suffix)


def _evidence_open(evidence: Evidence):
    try:
        return evidence_storage.open(evidence.file.name, "rb")
    except FileNotFoundError:
        # A row without its file is lost evidence: say so loudly (no personal data here).
        logger.error("evidence %s: the stored file is missing", evidence.public_id)
        raise Http404 from None


def _evidence_seen_audit(request, evidence: Evidence, **data) -> None:
    """One row each time evidence leaves the portal, the file or its thumbnail."""
    audit_record(
        request.user,
        "complaint.evidence_downloaded",
        evidence.complaint,
        evidence=str(evidence.public_id),
        **data,
    )


def _private_file_headers(response) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"


@staff_required(EVIDENCE_PERMISSION, hidden=True)
def evidence_download(request, public_id):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    evidence = Evidence.objects.select_related("complaint").filter(public_id=public_id).first()
    if evidence is None:
        raise Http404
    handle = _evidence_open(evidence)
    _evidence_seen_audit(request, evidence)
    # A download, never a page: a generic type, no sniffing, and a sandbox should a browser
    # render it anyway (an HTML file disguised as a photo must not run as the portal).
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(evidence),
        content_type="application/octet-stream",
    )
    _private_file_headers(response)
    return response


@staff_required(EVIDENCE_PERMISSION, hidden=True)
def evidence_thumbnail(request, public_id):
    """A small copy of image evidence for the complaint page, made from the stored (cleaned)
    file on each request: nothing more is kept on disk, so retention has nothing extra to
    remove. Same refusal and audit as the download; never cached."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    evidence = (
        Evidence.objects.select_related("complaint")
        .filter(public_id=public_id, kind=EvidenceKind.IMAGE)
        .first()
    )
    if evidence is None:
        raise Http404
    with _evidence_open(evidence) as handle:
        try:
            image = Image.open(handle)
            image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        except (OSError, Image.DecompressionBombError):
            # The stored copy was decoded when it was cleaned: this one is damaged.
            logger.error("evidence %s: the stored image cannot be read", evidence.public_id)
            raise Http404 from None
    output = BytesIO()
    # WebP keeps a PNG's transparency and is small; every browser the admin supports shows it.
    image.save(output, "WEBP", quality=80)
    _evidence_seen_audit(request, evidence, thumbnail=True)
    response = HttpResponse(output.getvalue(), content_type="image/webp")
    _private_file_headers(response)
    return response


def _list_parameters(changelist) -> set[str]:
    """What the list's own links put in a query string: its filters, search and ordering.

    Django's admin also accepts a filter on any of the model's own fields (for instance
    ``?reporter_name__startswith=S``), which would sift complaints by identity without
    ``complaints.view_identity``, or past the audit of name searches: refused here.
    """
    allowed = {SEARCH_VAR, ORDER_VAR, PAGE_VAR, ALL_VAR, ERROR_FLAG}
    for spec in changelist.filter_specs:
        allowed.update(spec.expected_parameters())
    return allowed


@staff_required(VIEW_PERMISSION, hidden=True)
def complaints_export(request, file_format: str):
    """The admin's complaint list, as filtered, searched and ordered there, as a file.

    The list's own query string comes along, and the registered ComplaintAdmin turns it into
    the queryset, so the file holds exactly what the officer was looking at (all pages).
    """
    if file_format not in EXPORT_FORMATS:
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    model_admin = admin.site._registry[Complaint]
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        raise BadRequest("complaints export: invalid list filters") from None
    if set(request.GET) - _list_parameters(changelist):
        raise BadRequest("complaints export: parameters the list does not offer")
    with_identity = request.user.has_perm(IDENTITY_PERMISSION)
    header, rows = complaints_export_rows(queryset=changelist.queryset, with_identity=with_identity)
    # Read in full before anything is sent, so the audit names exactly the numbers in the file.
    # An office's complaints fit in memory; XLSX is built in memory anyway.
    rows = list(rows)
    audit_record(
        request.user,
        "complaint.exported",
        None,
        count=len(rows),
        format=file_format,
        identity=with_identity,
    )
    if with_identity:
        # The numbers, never the list's search term (it may be a reporter's name).
        audit_record(
            request.user,
            "complaint.identity_exported",
            None,
            numbers=[row[NUMBER_COLUMN] for row in rows],
            format=file_format,
        )
    return export_response(
        rows=rows,
        header=header,
        filename="pengaduan-%s" % timezone.localdate().isoformat(),
        fmt=file_format,
        sheet_name=str(capfirst(Complaint._meta.verbose_name_plural)),
    )
