"""What the outbox shows on the staff dashboard (humas_portal/dashboard.py): the dead
messages that wait for "send again", and the latest bulk sends, which the news panel lists."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse

from humas_portal.notifications.models import BulkSend, Message, Status

# Who may send dead messages again is who needs to know there are some.
DEAD_PANEL_PERMISSION = "notifications.change_message"
BULK_SEND_VIEW_PERMISSION = "notifications.view_bulksend"


def dead_messages_panel(request: HttpRequest) -> dict:
    """How many messages are dead, linking to them in the delivery log; one query."""
    return {
        "dead": Message.objects.filter(status=Status.DEAD).count(),
        "link": "%s?status__exact=%s"
        % (reverse("admin:notifications_message_changelist"), Status.DEAD.value),
    }


def bulk_sends_latest(*, limit: int = 3) -> list[dict]:
    """The latest bulk sends with their progress, newest first; one query whatever their size."""
    sends = (
        BulkSend.objects.order_by("-created_at", "-pk")
        .annotate(
            sent=Count("messages", filter=Q(messages__status=Status.SENT)),
            failed=Count("messages", filter=Q(messages__status=Status.DEAD)),
        )
        .values("pk", "subject", "created_at", "total", "sent", "failed")[:limit]
    )
    return [
        {**send, "url": reverse("admin:notifications_bulksend_change", args=[send["pk"]])}
        for send in sends
    ]


def bulk_send_progress(*, reference: str) -> dict | None:
    """The progress of the send made under ``reference`` (bulk_send_create), as the latest
    sends show it, or None when there is none; one query."""
    send = (
        BulkSend.objects.filter(reference=reference)
        .annotate(
            sent=Count("messages", filter=Q(messages__status=Status.SENT)),
            failed=Count("messages", filter=Q(messages__status=Status.DEAD)),
        )
        .values("pk", "subject", "created_at", "total", "sent", "failed")
        .first()
    )
    if send is None:
        return None
    return {**send, "url": reverse("admin:notifications_bulksend_change", args=[send["pk"]])}
