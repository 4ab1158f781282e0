"""Public pages of the complaint desk: explanation, filing, receipt, evidence, tracking.

Nothing secret travels in a URL: the tracking secret is only ever POSTed. Filing redirects
(POST-redirect-GET) to the receipt, which shows the secret in this browser only, for as long
as its filing session lasts or until the reporter says it is saved (complaints.session keeps
it encrypted, the key in the reporter's cookie). What a browser may add to is decided by a
session flag that holds the complaint's id.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints import selectors, services
from complaints.forms import (
    ComplaintForm,
    EvidenceForm,
    InfoForm,
    SecretResetForm,
    TrackForm,
)
from complaints.models import (
    ADDITIONS_OPEN,
    Category,
    Complaint,
    Stage,
)
from complaints.session import (
    FILED,
    TRACKED,
    complaint_flag_get,
    complaint_flag_set,
    complaint_flags_clear,
    receipt_code_forget,
    receipt_code_get,
    receipt_code_keep,
    receipt_key_cookie_delete,
)
from humas_portal.elections.models import ElectionKind
from humas_portal.page_cache import cache_public_page
from humas_portal.publicforms import HONEYPOT_FIELD, honeypot_filled, private_page
from humas_portal.ratelimit import rate_limit_check, rate_limit_hit, rate_limited_response
from humas_portal.uploads import PixelBudget, StorageWriteError, evidence_uploads_in_memory

logger = logging.getLogger(__name__)

SUBMIT_WINDOW = 3600
TRACK_WINDOW = 900
ADDITIONS_WINDOW = 3600
# Long file names are cut in the per-file messages: enough to recognise one's own file.
NAME_SHOWN = 80

# What each stage means for the reporter: the index lists them, tracking explains the current one.
STAGE_HELP = {
    Stage.RECEIVED: gettext_lazy("Pengaduan sudah tercatat dan menunggu dibaca petugas."),
    Stage.ASSESSMENT: gettext_lazy(
        "Petugas menilai apakah informasi cukup dan termasuk wewenang Bawaslu."
    ),
    Stage.REGISTERED: gettext_lazy(
        "Pengaduan dijadikan laporan resmi setelah pelapor melengkapi syarat di kantor."
    ),
    Stage.NOT_REGISTERED: gettext_lazy(
        "Pengaduan tidak dapat ditindaklanjuti sebagai laporan; alasannya disampaikan kepada Anda."
    ),
    Stage.FINDING: gettext_lazy(
        "Bawaslu menindaklanjuti informasi Anda sebagai temuannya sendiri."
    ),
    Stage.CLARIFICATION: gettext_lazy(
        "Petugas meminta keterangan dari pihak-pihak terkait, termasuk saksi bila perlu."
    ),
    Stage.DELIBERATION: gettext_lazy("Hasil klarifikasi dikaji dan diputuskan dalam rapat pleno."),
    Stage.FORWARDED: gettext_lazy(
        "Dugaan pelanggaran diteruskan ke lembaga yang berwenang (KPU, DKPP, Sentra Gakkumdu "
        "atau instansi lain)."
    ),
    Stage.STOPPED: gettext_lazy("Penanganan dihentikan; alasannya disampaikan kepada Anda."),
    Stage.CLOSED: gettext_lazy("Penanganan pengaduan sudah selesai."),
    Stage.MERGED: gettext_lazy(
        "Pengaduan ini digabung dengan pengaduan lain tentang kejadian yang sama."
    ),
}
# The usual road through the stages, in order, for the index page.
STAGE_ROAD = [
    Stage.RECEIVED,
    Stage.ASSESSMENT,
    Stage.REGISTERED,
    Stage.FINDING,
    Stage.NOT_REGISTERED,
    Stage.CLARIFICATION,
    Stage.DELIBERATION,
    Stage.FORWARDED,
    Stage.STOPPED,
    Stage.CLOSED,
]


# --- Helpers ---------------------------------------------------------------------------------


def _session_missing(request: HttpRequest) -> HttpResponse:
    """No complaint in this browser's session (or it expired): say how to get back in."""
    return render(request, "complaints/session_missing.html", status=403)


def _page_url(purpose: str) -> str:
    return reverse("complaints:receipt" if purpose == FILED else "complaints:track")


def _name_shown(name: str | None) -> str:
    # Escaped by the template like any message; only shortened here.
    name = (name or "").strip() or _("(tanpa nama)")
    return name if len(name) <= NAME_SHOWN else name[: NAME_SHOWN - 1] + "…"


def _complaint_context(complaint: Complaint, purpose: str) -> dict:
    return {
        "complaint": complaint,
        "purpose": purpose,
        "evidence": list(complaint.evidence.all()),
        "evidence_form": EvidenceForm(initial={"back": purpose}, auto_id="evidence_%s"),
        "additions_stages": [Stage(stage).label for stage in STAGE_ROAD if stage in ADDITIONS_OPEN],
        "evidence_max": settings.COMPLAINT_EVIDENCE_MAX_FILES,
        "evidence_limits": {
            "image": settings.EVIDENCE_IMAGE_MAX_BYTES,
            "video": settings.EVIDENCE_VIDEO_MAX_BYTES,
            "pdf": settings.PDF_MAX_BYTES,
            "total": settings.COMPLAINT_EVIDENCE_MAX_TOTAL_BYTES,
        },
        "session_minutes": settings.COMPLAINT_SESSION_MINUTES,
        "stage_help": STAGE_HELP.get(complaint.stage, ""),
    }


def _receipt_render(request: HttpRequest, complaint: Complaint, **extra) -> HttpResponse:
    election = complaint.election
    context = {
        **_complaint_context(complaint, FILED),
        "info_form": InfoForm(initial={"back": FILED}, auto_id="info_%s"),
        "secret_display": receipt_code_get(request, complaint_id=complaint.pk) or "",
        "track_url": settings.PORTAL_BASE_URL + reverse("complaints:track"),
        "deadline_passed": services.complaint_reporting_deadline_passed(
            election=election, known_on=complaint.known_on
        ),
        "deadline_days": settings.COMPLAINT_REPORTING_DAYS.get(election.kind, 7),
    }
    context.update(extra)
    return render(request, "complaints/receipt.html", context)


def _track_render(request: HttpRequest, complaint: Complaint, **extra) -> HttpResponse:
    context = {
        **_complaint_context(complaint, TRACKED),
        "timeline": selectors.complaint_public_timeline(complaint),
        "info_form": InfoForm(initial={"back": TRACKED}, auto_id="info_%s"),
        "track_form": TrackForm(),
    }
    context.update(extra)
    return render(request, "complaints/track.html", context)


def _complaint_of_session(request: HttpRequest, purpose: str) -> Complaint | None:
    complaint_id = complaint_flag_get(request, purpose=purpose)
    return None if complaint_id is None else selectors.complaint_for_tracking(complaint_id)


# --- Pages -----------------------------------------------------------------------------------


@cache_public_page
@require_GET
def complaint_index(request: HttpRequest) -> HttpResponse:
    """The explanation page: public and cacheable, so it never touches the session."""
    days = settings.COMPLAINT_REPORTING_DAYS
    return render(
        request,
        "complaints/index.html",
        {
            "categories": Category.choices,
            "reporting_days": [(kind.label, days.get(kind.value, 7)) for kind in ElectionKind],
            "national_url": settings.COMPLAINT_NATIONAL_SYSTEM_URL,
            "stages": [(Stage(stage).label, STAGE_HELP[stage]) for stage in STAGE_ROAD],
            "session_minutes": settings.COMPLAINT_SESSION_MINUTES,
        },
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _create_form_render(request, ComplaintForm.fresh())
    if honeypot_filled(request):
        # A bot: nothing is stored. The answer is a plain 200 page that neither fakes a
        # receipt (a person whose browser autofilled the hidden field must not believe the
        # report was filed) nor tells the bot which check it failed.
        refused = _submit_limit(request)
        if refused is not None:
            return refused
        logger.info("complaint form: hidden field filled, nothing stored")
        return render(request, "complaints/not_stored.html")
    form = ComplaintForm(request.POST)
    if not form.is_valid():
        return _create_form_render(request, form)
    # Counted only here, when a complaint would be stored: someone correcting their mistakes
    # several times is not a flood.
    refused = _submit_limit(request)
    if refused is not None:
        return refused
    try:
        receipt = services.complaint_submit(**form.submit_kwargs(), language=get_language())
    except ValidationError as error:
        form.add_error(None, error)
        return _create_form_render(request, form)
    if receipt.secret is None:
        return _filed_again(request, receipt.complaint)
    complaint_flag_set(request, purpose=FILED, complaint_id=receipt.complaint.pk)
    # Redirected: a reload (which phones do when switching to the camera) asks for the receipt
    # again instead of sending the form again.
    response = redirect("complaints:receipt")
    receipt_code_keep(
        request, response, complaint_id=receipt.complaint.pk, secret=receipt.secret_display
    )
    return response


def _filed_again(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    """The form's token was used before: nothing new is stored.

    The browser that filed it goes back to its receipt (with the code it still keeps). Any
    other browser (a copy of the hidden fields, or the reporter's own browser whose first
    answer was lost) gets a neutral page: the token is no credential, so it names no complaint
    and grants no additions.
    """
    if complaint_flag_get(request, purpose=FILED) == complaint.pk:
        messages_add(
            request,
            success=_(
                "Pengaduan ini sudah tersimpan sebelumnya. Formulir yang sama tidak disimpan "
                "dua kali."
            ),
        )
        return redirect("complaints:receipt")
    logger.info("complaint form: token already used, from another session")
    return render(request, "complaints/already_filed.html")


def _submit_limit(request: HttpRequest) -> HttpResponse | None:
    return rate_limit_check(
        request,
        scope="complaint_submit",
        limit=settings.COMPLAINT_SUBMIT_LIMIT,
        window=SUBMIT_WINDOW,
    )


def _create_form_render(request: HttpRequest, form: ComplaintForm) -> HttpResponse:
    days = settings.COMPLAINT_REPORTING_DAYS
    return render(
        request,
        "complaints/form.html",
        {
            "form": form,
            "honeypot": form[HONEYPOT_FIELD],
            "reporting_days": sorted(set(days.values())),
            "deadline_days": (
                days.get(form.cleaned_data["election"].kind, 7) if form.deadline_passed else None
            ),
        },
    )


def _additions_limit(request: HttpRequest, complaint: Complaint) -> HttpResponse | None:
    """Count an evidence or information POST per complaint, then per client; the 429 if over.

    Counted before anything is read or decoded, whether the addition is then accepted or not.
    """
    retry_after = rate_limit_hit(
        scope="complaint_additions",
        key="complaint:%d" % complaint.pk,
        limit=settings.COMPLAINT_ADDITIONS_LIMIT,
        window=ADDITIONS_WINDOW,
    )
    if retry_after is not None:
        return rate_limited_response(request, retry_after)
    return rate_limit_check(
        request,
        scope="complaint_additions_client",
        limit=settings.COMPLAINT_ADDITIONS_CLIENT_LIMIT,
        window=ADDITIONS_WINDOW,
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_receipt(request: HttpRequest) -> HttpResponse:
    """GET: the receipt of the complaint filed in this browser, with its secret while kept.
    POST ("Saya sudah menyimpan kode"): the secret is forgotten and its key cookie deleted."""
    if request.method == "POST":
        # Also without a live filing session: whatever is left of the secret goes.
        receipt_code_forget(request)
        messages_add(request, success=_("Kode pelacakan sudah dihapus dari perangkat ini."))
        response = redirect("complaints:receipt")
        receipt_key_cookie_delete(response)
        return response
    complaint = _complaint_of_session(request, FILED)
    if complaint is None:
        return _session_missing(request)
    return _receipt_render(request, complaint)


@evidence_uploads_in_memory
@private_page
@require_POST
def evidence_add(request: HttpRequest) -> HttpResponse:
    """Files from the receipt or the tracking page, each stored or refused on its own."""
    form = EvidenceForm(request.POST, request.FILES)
    purpose = request.POST.get("back", "")
    complaint = _complaint_of_session(request, purpose)
    if complaint is None:
        return _session_missing(request)
    refused = _additions_limit(request, complaint)
    if refused is not None:
        return refused
    try:
        services.complaint_additions_check(complaint, evidence=True)
    except ValidationError as error:
        messages_add(request, error=" ".join(error.messages))
        return redirect(_page_url(purpose))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages_add(request, error=error)
        return redirect(_page_url(purpose))
    pixel_budget = PixelBudget(settings.EVIDENCE_REQUEST_MAX_PIXELS)
    files = form.cleaned_data["files"]
    for position, upload in enumerate(files):
        name = _name_shown(upload.name)
        try:
            services.evidence_add(
                complaint_id=complaint.pk, upload=upload, pixel_budget=pixel_budget
            )
        except ValidationError as error:
            messages_add(
                request,
                error=_("%(name)s tidak disimpan: %(reason)s")
                % {"name": name, "reason": " ".join(error.messages)},
            )
        except StorageWriteError:
            # The server's disk, not the file: the files after it would meet the same disk.
            logger.warning("complaint %s: evidence not stored, the disk refused it", complaint.pk)
            names = ", ".join(_name_shown(later.name) for later in files[position:])
            messages_add(
                request,
                error=_(
                    "%(names)s belum tersimpan karena penyimpanan berkas di server sedang "
                    "terganggu. Pengaduan Anda sendiri tetap tersimpan dengan aman; foto dan "
                    "berkas bukti dapat ditambahkan nanti dari halaman ini atau dari halaman "
                    "Lacak pengaduan dengan nomor dan kode pelacakan Anda."
                )
                % {"names": names},
            )
            break
        else:
            messages_add(request, success=_("%(name)s tersimpan.") % {"name": name})
    # Redirected: a reload must not send the files again.
    return redirect(_page_url(purpose))


def messages_add(request: HttpRequest, *, error: str = "", success: str = "") -> None:
    # Shown once on the page the POST redirects to (escaped there, like any text).
    if error:
        messages.error(request, error)
    if success:
        messages.success(request, success)


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_track(request: HttpRequest) -> HttpResponse:
    """GET: the session's complaint, or the form. POST: number and secret, rate-limited.

    A wrong secret and an unknown number get the same page, byte for byte (the CSRF token
    aside): the form comes back empty and one message covers both.
    """
    if request.method != "POST":
        complaint = _complaint_of_session(request, TRACKED)
        if complaint is None:
            return render(request, "complaints/track_form.html", {"track_form": TrackForm()})
        return _track_render(request, complaint)
    if "forget" in request.POST:
        complaint_flags_clear(request)
        response = redirect("complaints:track")
        receipt_key_cookie_delete(response)
        return response
    # Every guess counts, right or wrong, and before the secret is looked at: the limit then
    # says nothing about the guess.
    refused = rate_limit_check(
        request,
        scope="complaint_track",
        limit=settings.COMPLAINT_TRACK_LIMIT,
        window=TRACK_WINDOW,
    )
    if refused is not None:
        return refused
    form = TrackForm(request.POST)
    if form.is_valid():
        complaint = services.complaint_track(
            number=form.cleaned_data["number"], secret=form.cleaned_data["secret"]
        )
        if complaint is not None:
            complaint_flag_set(request, purpose=TRACKED, complaint_id=complaint.pk)
            return redirect("complaints:track")
        errors = [
            _(
                "Nomor pengaduan dan kode pelacakan tidak cocok. Periksa keduanya lalu coba "
                "lagi; huruf besar atau kecil tidak berpengaruh."
            )
        ]
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
    return render(
        request, "complaints/track_form.html", {"track_form": TrackForm(), "errors": errors}
    )


@private_page
@require_POST
def info_add(request: HttpRequest) -> HttpResponse:
    purpose = request.POST.get("back", "")
    complaint = _complaint_of_session(request, purpose)
    if complaint is None:
        return _session_missing(request)
    refused = _additions_limit(request, complaint)
    if refused is not None:
        return refused
    try:
        services.complaint_additions_check(complaint, evidence=False)
    except ValidationError as error:
        # The page no longer offers the form: the message goes where the reporter lands.
        messages_add(request, error=" ".join(error.messages))
        return redirect(_page_url(purpose))
    form = InfoForm(request.POST, auto_id="info_%s")
    if form.is_valid():
        try:
            services.complaint_info_add(complaint_id=complaint.pk, text=form.cleaned_data["text"])
        except ValidationError as error:  # the stage moved on since the check above
            messages_add(request, error=" ".join(error.messages))
        else:
            messages_add(request, success=_("Informasi tambahan sudah terkirim."))
        return redirect(_page_url(purpose))
    # Shown again with what was typed, which a redirect would lose.
    if purpose == FILED:
        return _receipt_render(request, complaint, info_form=form)
    return _track_render(request, complaint, info_form=form)


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def secret_reset(request: HttpRequest) -> HttpResponse:
    """A new secret by e-mail, pending until first used (services.complaint_secret_reset); the
    answer is the same whether number and address matched, and past the day's limit."""
    if request.method != "POST":
        return _secret_reset_render(request, SecretResetForm())
    refused = rate_limit_check(
        request,
        scope="complaint_secret_reset",
        limit=settings.COMPLAINT_TRACK_LIMIT,
        window=TRACK_WINDOW,
    )
    if refused is not None:
        return refused
    form = SecretResetForm(request.POST)
    if not form.is_valid():
        return _secret_reset_render(request, form)
    services.complaint_secret_reset(
        number=form.cleaned_data["number"], email=form.cleaned_data["email"]
    )
    return render(request, "complaints/secret_reset_sent.html")


def _secret_reset_render(request: HttpRequest, form: SecretResetForm) -> HttpResponse:
    return render(
        request,
        "complaints/secret_reset.html",
        {"form": form, "requests_max": settings.COMPLAINT_SECRET_REQUESTS_PER_DAY},
    )
