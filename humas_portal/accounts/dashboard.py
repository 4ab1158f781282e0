"""Login lockouts on the staff dashboard (humas_portal/dashboard.py), for whoever lifts them."""

from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

LOCKOUT_PANEL_PERMISSION = "axes.view_accessattempt"


def lockouts_panel(request: HttpRequest) -> dict:
    """Accounts locked out now: attempts that reached AXES_FAILURE_LIMIT within the cool-off
    (axes' own reading of its rows), counted by username; one query."""
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )
    return {
        "locked": locked.order_by().values("username").distinct().count(),
        "link": reverse("admin:axes_accessattempt_changelist"),
    }
