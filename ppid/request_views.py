"""Public pages of the request desk: the request form and its receipt, tracking, the answer's
document, withdrawal and the objection.

Nothing secret travels in a URL: the tracking secret is only ever POSTed, and the receipt that
shows it is the answer to the form's POST itself (never cached, never linked). A repeated POST
of the same form (a reload, a double click) stores nothing new. Tracking opens the request in
this browser for a while (ppid.request_session); the other pages act on that request only.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from humas_portal.publicforms import HONEYPOT_FIELD, honeypot_filled, private_page
from humas_portal.ratelimit import rate_limit_check
from ppid import request_selectors as selectors
from ppid import services
from ppid.deadlines import objection_window_end
from ppid.models import InformationRequest, RequestStage
from ppid.request_forms import ObjectionForm, RequestForm, TrackForm, WithdrawForm
from ppid.request_session import request_flag_clear, request_flag_get, request_flag_set

logger = logging.getLogger(__name__)

SUBMIT_WINDOW = 3600
TRACK_WINDOW = 900
# Komisi Informasi dispute: within 14 working days of the objection's answer (Pasal 37).
DISPUTE_WORKING_DAYS = 14

STAGE_HELP = {
    RequestStage.RECEIVED: gettext_lazy(
        "Permohonan sudah tercatat dan sedang diproses oleh Petugas Informasi."
    ),
    RequestStage.GRANTED: gettext_lazy(
        "Informasi diberikan; keterangan di bawah menyebut di mana dan bagaimana memperolehnya."
    ),
    RequestStage.PARTLY_GRANTED: gettext_lazy(
        "Sebagian informasi diberikan; bagian yang dikecualikan dan dasar hukumnya disebut di "
        "bawah."
    ),
    RequestStage.REFUSED: gettext_lazy(
        "Informasi tidak dapat diberikan karena termasuk informasi yang dikecualikan."
    ),
    RequestStage.NOT_HELD: gettext_lazy(
        "Informasi tidak dikuasai kantor ini; keterangan di bawah menyebut ke mana Anda dapat "
        "meminta."
    ),
    RequestStage.WITHDRAWN: gettext_lazy("Permohonan sudah dicabut dan tidak diproses lagi."),
}


def _session_missing(request: HttpRequest) -> HttpResponse:
    return render(request, "ppid/request/session_missing.html", status=403)


def _of_session(request: HttpRequest) -> InformationRequest | None:
    request_id = request_flag_get(request)
    return None if request_id is None else selectors.request_for_tracking(request_id)


def _form_render(request: HttpRequest, form: RequestForm) -> HttpResponse:
    return render(
        request,
        "ppid/request/form.html",
        {
            "form": form,
            "honeypot": form[HONEYPOT_FIELD],
            "retention_months": settings.PPID_RETENTION_MONTHS,
        },
    )


def _submit_limit(request: HttpRequest) -> HttpResponse | None:
    return rate_limit_check(
        request, scope="ppid_request_submit", limit=settings.PPID_SUBMIT_LIMIT, window=SUBMIT_WINDOW
    )


def _token_first_use(form: RequestForm) -> bool:
    # The request has no column for the form's one-time token; the cache remembers it for as
    # long as the form itself is good (PUBLIC_FORM_MAX_AGE_HOURS). cache.add is atomic.
    return cache.add(
        "ppid:request-form:%s" % form.cleaned_data["form_token"],
        1,
        timeout=settings.PUBLIC_FORM_MAX_AGE_HOURS * 3600,
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    """GET: the request form. POST: the request is stored and its receipt shown, once."""
    if request.method != "POST":
        return _form_render(request, RequestForm.fresh())
    if honeypot_filled(request):
        # A bot: nothing stored, a plain page that fakes no receipt and names no check.
        refused = _submit_limit(request)
        if refused is not None:
            return refused
        logger.info("ppid request form: hidden field filled, nothing stored")
        return render(request, "ppid/request/not_stored.html")
    form = RequestForm(request.POST)
    if not form.is_valid():
        return _form_render(request, form)
    refused = _submit_limit(request)
    if refused is not None:
        return refused
    if not _token_first_use(form):
        logger.info("ppid request form: token already used, nothing stored")
        return render(request, "ppid/request/already_sent.html")
    try:
        receipt = services.request_submit(**form.submit_kwargs(), language=get_language())
    except ValidationError as error:
        cache.delete("ppid:request-form:%s" % form.cleaned_data["form_token"])
        form.add_error(None, error)
        return _form_render(request, form)
    request_flag_set(request, request_id=receipt.request_id)
    info_request = selectors.request_for_tracking(receipt.request_id)
    return render(
        request,
        "ppid/request/receipt.html",
        {"receipt": receipt, "info_request": info_request},
    )


def _track_context(info_request: InformationRequest, **extra) -> dict:
    state = services.objection_window_state(info_request)
    objection = getattr(info_request, "objection", None) if state == "filed" else None
    context = {
        "info_request": info_request,
        "stage_help": STAGE_HELP.get(info_request.stage, ""),
        "timeline": selectors.request_public_timeline(info_request),
        "objection_state": state,
        "objection_until": objection_window_end(info_request),
        "objection": objection,
        "objection_form": ObjectionForm(auto_id="objection_%s"),
        "withdraw_form": WithdrawForm(auto_id="withdraw_%s"),
        "dispute_days": DISPUTE_WORKING_DAYS,
        "track_form": TrackForm(),
    }
    context.update(extra)
    return context


def _track_render(request: HttpRequest, info_request: InformationRequest, **extra) -> HttpResponse:
    return render(request, "ppid/request/track.html", _track_context(info_request, **extra))


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def request_track(request: HttpRequest) -> HttpResponse:
    """GET: the session's request, or the form. POST: number and secret, rate-limited.

    A wrong secret and an unknown number get the same page and status: the form comes back
    empty and one message covers both."""
    if request.method != "POST":
        info_request = _of_session(request)
        if info_request is None:
            return render(request, "ppid/request/track_form.html", {"track_form": TrackForm()})
        return _track_render(request, info_request)
    if "forget" in request.POST:
        request_flag_clear(request)
        return redirect("ppid:track")
    # Every guess counts, before the secret is looked at.
    refused = rate_limit_check(
        request, scope="ppid_request_track", limit=settings.PPID_TRACK_LIMIT, window=TRACK_WINDOW
    )
    if refused is not None:
        return refused
    form = TrackForm(request.POST)
    if form.is_valid():
        info_request = services.request_track(
            number=form.cleaned_data["number"], secret=form.cleaned_data["secret"]
        )
        if info_request is not None:
            request_flag_set(request, request_id=info_request.pk)
            return redirect("ppid:track")
        errors = [
            _(
                "Nomor permohonan dan kode pelacakan tidak cocok. Periksa keduanya lalu coba "
                "lagi; huruf besar atau kecil tidak berpengaruh."
            )
        ]
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
    return render(
        request, "ppid/request/track_form.html", {"track_form": TrackForm(), "errors": errors}
    )


@private_page
@require_GET
def answer_document(request: HttpRequest) -> HttpResponse:
    """The answer's document, for the browser that tracked the request only."""
    info_request = _of_session(request)
    if info_request is None:
        return _session_missing(request)
    if not info_request.decision_document:
        return render(request, "ppid/request/session_missing.html", status=404)
    return FileResponse(
        info_request.decision_document.open("rb"),
        as_attachment=True,
        filename="jawaban-%s.pdf" % info_request.number.lower(),
        content_type="application/pdf",
    )


@private_page
@require_POST
def request_withdraw(request: HttpRequest) -> HttpResponse:
    info_request = _of_session(request)
    if info_request is None:
        return _session_missing(request)
    form = WithdrawForm(request.POST, auto_id="withdraw_%s")
    if not form.is_valid():
        return _track_render(request, info_request, withdraw_form=form)
    try:
        services.request_withdraw(request_id=info_request.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ppid:track")
    messages.success(request, _("Permohonan Anda sudah dicabut."))
    return redirect("ppid:track")


@private_page
@require_POST
def objection_create(request: HttpRequest) -> HttpResponse:
    info_request = _of_session(request)
    if info_request is None:
        return _session_missing(request)
    form = ObjectionForm(request.POST, auto_id="objection_%s")
    if form.is_valid():
        try:
            services.objection_file(request_id=info_request.pk, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Keberatan Anda sudah diterima dan diteruskan kepada Atasan PPID."),
            )
            return redirect("ppid:track")
    return _track_render(request, info_request, objection_form=form)
