"""The append-only audit trail: one call for every place where a human acted."""

from typing import Any

from django.db import models

from humas_portal.models import AuditEvent

# Models that moved to another app: new label -> the labels its older audit rows carry.
# Audit rows are append-only, so they keep the label they were written with.
_MOVED: dict[str, set[str]] = {}


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


def audit_target_moved(*, old: str, new: str) -> None:
    """Say that the model labelled ``old`` is now ``new`` (an app's ``ready()`` calls this)."""
    _MOVED.setdefault(new, set()).add(old)


def audit_target_current(target_type: str) -> str:
    """The label a target type has today (an old label of a moved model gives its new one)."""
    for new, olds in _MOVED.items():
        if target_type in olds:
            return new
    return target_type


def audit_target_types(target_type: str) -> list[str]:
    """Every label under which the audit rows of a model's objects may be stored."""
    current = audit_target_current(target_type)
    return sorted({current} | _MOVED.get(current, set()))
