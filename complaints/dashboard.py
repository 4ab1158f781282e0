"""The complaint desk's panel on the staff dashboard (humas_portal/dashboard.py)."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from complaints.models import OPEN_STAGES, Complaint, Stage


def complaint_dashboard_counts(request: HttpRequest) -> dict[str, int]:
    """Open complaints: new, unassigned and overdue. Numbers only (no title can name anyone
    here), in one query."""
    return Complaint.objects.filter(stage__in=OPEN_STAGES).aggregate(
        new=Count("pk", filter=Q(stage=Stage.RECEIVED)),
        unassigned=Count("pk", filter=Q(assigned_to__isnull=True)),
        overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
    )
