"""Registration pages of Forum Media: the form, its answer, the confirmation link and the
registrant's own page (state, ticket, calendar file, cancellation) behind the manage link.

Every page here shows or takes someone's data: ``private_page`` (never cached or indexed, no
referrer). A wrong, expired or malformed link gets one page and one status (404), so nobody
can tell which it was. Opening a link in an e-mail changes nothing: mail scanners open links,
so confirming and cancelling are buttons (POST).
"""

import logging
from contextlib import suppress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from humas_portal.publicforms import HONEYPOT_FIELD, honeypot_filled, private_page
from humas_portal.ratelimit import rate_limit_check
from media_forum.attachments import (
    ics_filename,
    png_filename,
    registration_ics,
    ticket_png,
)
from media_forum.models import (
    Event,
    Registration,
    RegistrationStatus,
    RegistrationTokenPurpose,
)
from media_forum.registration_forms import CancelForm, RegistrationForm, registration_form_class
from media_forum.registrations import (
    registration_cancel,
    registration_cancel_refusal,
    registration_confirm_email,
    registration_create,
    registration_for_token,
    registration_refusal,
    registration_waitlist_position,
)
from media_forum.tickets import ticket_code, ticket_code_display

logger = logging.getLogger(__name__)

REGISTER_WINDOW = 3600
# What a registrant may download again: not after cancelling or being turned down.
_DOWNLOADABLE = (
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


def _event_public(slug: str) -> Event:
    return get_object_or_404(Event.objects.public(), slug=slug)


def _form_render(
    request: HttpRequest, event: Event, form: RegistrationForm | None, *, refusal=None
) -> HttpResponse:
    return render(
        request,
        "media_forum/registration/form.html",
        {
            "event": event,
            "form": form,
            "honeypot": form[HONEYPOT_FIELD] if form is not None else None,
            "refusal": refusal,
        },
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_public(slug)
    refusal = registration_refusal(event, timezone.now())
    if refusal is not None:
        # Said instead of the form; a POST (a form left open past the close) is refused alike.
        return _form_render(request, event, None, refusal=refusal)
    form_class = registration_form_class(event)
    if request.method != "POST":
        return _form_render(request, event, form_class.fresh())
    # Every POST counts, a bot's and a mistaken one's: what is limited is the sending.
    refused = rate_limit_check(
        request,
        scope="forum_media_register",
        limit=settings.FORUM_MEDIA_REGISTER_LIMIT,
        window=REGISTER_WINDOW,
    )
    if refused is not None:
        return refused
    if honeypot_filled(request):
        logger.info("event registration form: hidden field filled, nothing stored")
        return render(request, "media_forum/registration/not_stored.html", {"event": event})
    form = form_class(request.POST)
    if form.is_valid():
        try:
            # Its e-mails are written in the language the registrant reads the site in.
            registration_create(event=event, **form.registration_kwargs(), language=get_language())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Redirected: a reload asks for the answer again, not for a second registration.
            return redirect("forum_media:register_sent", slug=event.slug)
    return _form_render(request, event, form)


@private_page
@require_GET
def register_sent(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_public(slug)
    return render(
        request,
        "media_forum/registration/sent.html",
        {"event": event, "confirm_hours": settings.FORUM_MEDIA_CONFIRM_HOURS},
    )


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "media_forum/registration/link_invalid.html", status=404)


def _state_context(registration: Registration) -> dict:
    return {
        "event": registration.event,
        "registration": registration,
        "position": registration_waitlist_position(registration),
        "statuses": RegistrationStatus,
    }


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            registration = registration_confirm_email(raw_token=token)
        except ValidationError as error:
            return render(
                request,
                "media_forum/registration/confirm_refused.html",
                {"reason": error.messages[0]},
            )
    else:
        registration = registration_for_token(
            raw_token=token, purpose=RegistrationTokenPurpose.CONFIRM
        )
    if registration is None:
        return _link_invalid(request)
    return render(request, "media_forum/registration/confirm.html", _state_context(registration))


def _managed(token: str) -> Registration:
    registration = registration_for_token(raw_token=token, purpose=RegistrationTokenPurpose.MANAGE)
    if registration is None:
        raise Http404
    return registration


def _manage_render(
    request: HttpRequest, token: str, registration: Registration, cancel_form=None
) -> HttpResponse:
    context = _state_context(registration)
    refusal = registration_cancel_refusal(registration, timezone.now())
    context.update(
        token=token,
        ticket_code=ticket_code_display(ticket_code(registration.public_id)),
        downloadable=registration.status in _DOWNLOADABLE,
        cancel_form=(cancel_form or CancelForm()) if refusal is None else None,
        # A cancelled or rejected registration says so already (its state).
        cancel_refusal=refusal if registration.status in _DOWNLOADABLE else None,
    )
    return render(request, "media_forum/registration/manage.html", context)


@private_page
@require_GET
def manage(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_for_token(raw_token=token, purpose=RegistrationTokenPurpose.MANAGE)
    if registration is None:
        return _link_invalid(request)
    return _manage_render(request, token, registration)


@private_page
@require_POST
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_for_token(raw_token=token, purpose=RegistrationTokenPurpose.MANAGE)
    if registration is None:
        return _link_invalid(request)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _manage_render(request, token, registration, cancel_form=form)
    # Refused (the event is over, say): the page, shown again, says why.
    with suppress(ValidationError):
        registration_cancel(registration=registration)
    return redirect("forum_media:registration_manage", token=token)


@private_page
@require_GET
def ticket_image(request: HttpRequest, token: str) -> HttpResponse:
    registration = _managed(token)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    return HttpResponse(
        ticket_png(registration),
        content_type="image/png",
        headers={"Content-Disposition": 'inline; filename="%s"' % png_filename(registration)},
    )


@private_page
@require_GET
def calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    registration = _managed(token)
    if registration.status not in _DOWNLOADABLE:
        raise Http404
    return HttpResponse(
        registration_ics(registration, language=get_language()),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="%s"' % ics_filename(registration)},
    )
