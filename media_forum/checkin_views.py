"""Check-in at the door, for signed-in staff past the second factor who may check people in.

The QR code on a ticket opens ``checkin``: a GET shows who it is and never writes; the
"Catat hadir" button POSTs, and attendance is recorded once (media_forum.events). A forged
code or an unknown id gets one refusal that records nothing. ``checkin_search`` finds a
registrant of one event by name or typed code, for a ticket that will not scan.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from humas_portal.accounts.access import staff_required
from humas_portal.publicforms import private_page
from media_forum.checkin_forms import CheckinSearchForm
from media_forum.events import (
    CHECKIN_PERMISSION,
    CHECKIN_SEARCH_LIMIT,
    checkin_by_code,
    checkin_by_name,
    checkin_events,
    checkin_registration,
    registration_checkin,
)
from media_forum.tickets import ticket_path


@private_page
@staff_required(CHECKIN_PERMISSION)
@require_http_methods(["GET", "POST"])
def checkin(request, public_id, code: str):
    registration = checkin_registration(public_id=public_id, code=code)
    if registration is None:
        return render(request, "media_forum/checkin/refused.html", status=404)
    context = {"registration": registration, "event": registration.event}
    if request.method == "POST":
        try:
            result = registration_checkin(registration_id=registration.pk, actor=request.user)
        except ValidationError as error:
            context["refusal"] = " ".join(error.messages)
        else:
            registration = result.registration
            context.update(registration=registration, recorded=result.recorded, answered=True)
    return render(request, "media_forum/checkin/checkin.html", context)


@private_page
@staff_required(CHECKIN_PERMISSION)
@require_http_methods(["GET"])
def checkin_search(request):
    form = CheckinSearchForm(request.GET or None, events=checkin_events())
    context = {"form": form, "limit": CHECKIN_SEARCH_LIMIT}
    if form.is_valid() and form.cleaned_data["cari"]:
        event, words = form.cleaned_data["acara"], form.cleaned_data["cari"]
        found = checkin_by_code(event=event, code=words)
        if found is not None:
            return redirect(ticket_path(found))
        results = checkin_by_name(event=event, words=words)
        context.update(
            searched=True,
            event=event,
            results=[(registration, ticket_path(registration)) for registration in results],
        )
    context["search_url"] = reverse("forum_media:checkin_search")
    return render(request, "media_forum/checkin/search.html", context)
