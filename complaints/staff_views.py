"""Pages for the complaint desk's staff outside the admin: the evidence download.

Evidence is never served from a public URL. Whoever may not download it (anonymous visitors,
staff without ``complaints.view_evidence``, staff still owing their second factor) gets the
same 404 as for a file that does not exist, so the address confirms nothing.
"""

import logging
import re
from pathlib import PurePosixPath

from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseNotAllowed

from complaints.models import Evidence, evidence_storage
from humas_portal.accounts.views import second_factor_pending
from humas_portal.audit import audit_record

logger = logging.getLogger(__name__)

EVIDENCE_PERMISSION = "complaints.view_evidence"
SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,5}$")


def _may_download(request) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not second_factor_pending(request)
        and user.has_perm(EVIDENCE_PERMISSION)
    )


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


def evidence_download(request, public_id):
    if not _may_download(request):
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    evidence = Evidence.objects.select_related("complaint").filter(public_id=public_id).first()
    if evidence is None:
        raise Http404
    try:
        handle = evidence_storage.open(evidence.file.name, "rb")
    except FileNotFoundError:
        # A row without its file is lost evidence: say so loudly (no personal data here).
        logger.error("evidence %s: the stored file is missing", evidence.public_id)
        raise Http404 from None
    audit_record(
        request.user,
        "complaint.evidence_downloaded",
        evidence.complaint,
        evidence=str(evidence.public_id),
    )
    # A download, never a page: a generic type, no sniffing, and a sandbox should a browser
    # render it anyway (an HTML file disguised as a photo must not run as the portal).
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(evidence),
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    return response
