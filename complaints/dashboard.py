"""The complaint desk's panel on the staff dashboard (humas_portal/dashboard.py)."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from complaints.models import OPEN_STAGES, Complaint, Stage
from humas_portal.elections.dates import day_end, local_date

# Each count links to the admin list filtered to exactly the complaints it counts
# (complaints.admin_list: "belum" and the deadline filters see open complaints only).
FILTERS = {
    "new": "stage__exact=%s" % Stage.RECEIVED.value,
    "unassigned": "ditugaskan=belum",
    "due_today": "batas_waktu=hari_ini",
    "overdue": "batas_waktu=terlambat",
}


def complaint_dashboard_counts(request: HttpRequest | None) -> dict:
    """Open complaints: new, unassigned, due before today ends, overdue. Numbers only (no title
    can name anyone here), in one query; ``links`` holds each count's filtered list."""
    now = timezone.now()
    counts = Complaint.objects.filter(stage__in=OPEN_STAGES).aggregate(
        new=Count("pk", filter=Q(stage=Stage.RECEIVED)),
        unassigned=Count("pk", filter=Q(assigned_to__isnull=True)),
        due_today=Count("pk", filter=Q(due_at__gte=now, due_at__lte=day_end(local_date(now)))),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
    )
    changelist = reverse("admin:complaints_complaint_changelist")
    counts["links"] = {name: "%s?%s" % (changelist, query) for name, query in FILTERS.items()}
    return counts
