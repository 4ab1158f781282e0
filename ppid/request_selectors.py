"""Reads of the request desk's public pages."""

from django.db.models import QuerySet

from ppid.models import InformationRequest, RequestEvent, RequestEventKind


def request_for_tracking(request_id: int) -> InformationRequest | None:
    # The objection (one-to-one) is read with the request: the page shows it, or its form.
    return InformationRequest.objects.select_related("objection").filter(pk=request_id).first()


def request_public_timeline(request: InformationRequest) -> QuerySet[RequestEvent]:
    """What the requester sees of the history: every event but the officers' notes."""
    return request.events.exclude(kind=RequestEventKind.NOTE).order_by("created_at", "id")
