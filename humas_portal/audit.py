"""The append-only audit trail: one call for every place where a human acted."""

from typing import Any

from django.db import models

from humas_portal.models import AuditEvent


def audit_record(actor, action: str, target: models.Model | None = None, **data: Any) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``target``.

    ``data`` must be JSON-serialisable and hold no personal data or secrets: the trail is read
    by administrators and kept longer than the records it describes.
    """
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "",
        action=action,
        data=data,
    )
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:200]
    event.full_clean()
    event.save()
    return event
