"""Reads of complaints for pages: each names its joins, so query counts stay fixed."""

from django.db.models import Prefetch, QuerySet

from complaints.models import PRIVATE_EVENT_KINDS, Complaint, ComplaintEvent, Evidence
from humas_portal.elections.models import Election


def election_choices() -> QuerySet[Election]:
    return Election.objects.filter(is_open=True)


def complaint_public_timeline(complaint: Complaint) -> list[ComplaintEvent]:
    """What the reporter sees: stage changes, replies and their own additions, oldest first."""
    return list(
        complaint.events.exclude(kind__in=PRIVATE_EVENT_KINDS).only(
            "kind", "from_stage", "to_stage", "public_note", "created_at", "complaint_id"
        )
    )


def complaint_for_tracking(complaint_id: int) -> Complaint | None:
    """The complaint a session may see, with what its tracking page shows."""
    return (
        Complaint.objects.select_related("election", "location__parent", "merged_into")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.only("complaint_id", "kind", "created_at", "size"),
            )
        )
        .filter(pk=complaint_id)
        .first()
    )
