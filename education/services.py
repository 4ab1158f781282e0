"""The education workflow: every write to an item goes through here, as for news.

Status moves only through the transitions below, each under a row lock and each leaving an
``EducationItemRevision``. Permissions are checked here, not only in the admin: Redaksi writes
and submits; only holders of ``education.publish_educationitem`` (Pemimpin Redaksi) publish,
schedule, archive, or edit an item that has left draft and review.

Visibility is ``EducationItem.objects.public()`` (published and ``publish_at`` <= now):
scheduling only stores a future ``publish_at``; the page cache ends at that moment
(education.cache_pages.item_publication_next) and education.distribution mails the item once
its time has passed.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from education.models import EducationItem, EducationItemRevision, ItemStatus
from humas_portal.audit import audit_record
from humas_portal.cache_invalidation import cache_pages_invalidate
from humas_portal.search import search_words_refresh_soon

PUBLISH_PERMISSION = "education.publish_educationitem"

# Statuses in which an item is still being written: Redaksi may edit it.
EDITABLE_STATUSES = frozenset({ItemStatus.DRAFT, ItemStatus.REVIEW})

# Never taken from item_save's caller: status moves only through the transitions, the author is
# whoever created the item, and the distribution stamp is the distribution's (a stale admin
# form must not clear it and cause a second sending).
PROTECTED_FIELDS = frozenset({"status", "author", "distributed_at", "created_at"})


class RevisionAction:
    CREATED = "created"
    UPDATED = "updated"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    SCHEDULED = "scheduled"
    ARCHIVED = "archived"


REVISION_ACTION_LABELS = {
    RevisionAction.CREATED: gettext_lazy("dibuat"),
    RevisionAction.UPDATED: gettext_lazy("diubah"),
    RevisionAction.SUBMITTED: gettext_lazy("diajukan untuk ditinjau"),
    RevisionAction.PUBLISHED: gettext_lazy("diterbitkan"),
    RevisionAction.SCHEDULED: gettext_lazy("dijadwalkan"),
    RevisionAction.ARCHIVED: gettext_lazy("diarsipkan"),
}

# Each move: the permission it needs (add/change checked by item_save).
MOVE_PERMISSIONS = {
    "submit": "education.change_educationitem",
    "publish": PUBLISH_PERMISSION,
    "schedule": PUBLISH_PERMISSION,
    "archive": PUBLISH_PERMISSION,
}

MOVE_VERBS = {
    "submit": gettext_lazy("diajukan untuk ditinjau"),
    "publish": gettext_lazy("diterbitkan"),
    "schedule": gettext_lazy("dijadwalkan"),
    "archive": gettext_lazy("diarsipkan"),
}


def item_editable_by(item: EducationItem, user) -> bool:
    """Redaksi edits drafts and items under review; a published or archived item is the
    office's public word, so changing it needs the publishing permission."""
    return item.status in EDITABLE_STATUSES or user.has_perm(PUBLISH_PERMISSION)


def item_is_scheduled(item: EducationItem, now: datetime | None = None) -> bool:
    return item.status == ItemStatus.PUBLISHED and not item.is_public(now)


def _require(actor, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini."))


def _locked(item_id: int) -> EducationItem:
    # Two editors acting at once must not both move (or overwrite) the same item.
    return EducationItem.objects.select_for_update().get(pk=item_id)


def _move_allowed(item: EducationItem, move: str, now: datetime) -> bool:
    if move == "submit":
        return item.status == ItemStatus.DRAFT
    if move in ("publish", "schedule"):
        # A scheduled item may go out now or be rescheduled.
        return item.status in EDITABLE_STATUSES or item_is_scheduled(item, now)
    return item.status == ItemStatus.PUBLISHED


def item_moves_available(item: EducationItem, user) -> list[str]:
    """The moves ``user`` may make on ``item`` now (what the admin offers as buttons)."""
    now = timezone.now()
    return [
        move
        for move, permission in MOVE_PERMISSIONS.items()
        if user.has_perm(permission) and _move_allowed(item, move, now)
    ]


def _move_begin(*, item_id: int, move: str, actor, now: datetime) -> EducationItem:
    """Check the permission, lock the row, and refuse a move its status does not allow."""
    _require(actor, MOVE_PERMISSIONS[move])
    item = _locked(item_id)
    if not _move_allowed(item, move, now):
        raise ValidationError(
            _("Materi berstatus %(status)s tidak dapat %(move)s."),
            params={"status": item.get_status_display(), "move": MOVE_VERBS[move]},
            code="invalid_transition",
        )
    return item


def _revision_write(item: EducationItem, *, action: str, actor) -> EducationItemRevision:
    revision = EducationItemRevision(
        item=item,
        actor=actor,
        action=action,
        status=item.status,
        title=item.title,
        easy_read=item.easy_read,
        body=item.body,
    )
    revision.full_clean()
    revision.save()
    return revision


def _public_changed(item: EducationItem) -> None:
    """What any change to public content needs: stale pages go, the word list is rebuilt."""
    cache_pages_invalidate(instance=item)
    search_words_refresh_soon()


@transaction.atomic
def item_save(*, item: EducationItem, actor) -> EducationItem:
    """Create ``item`` (its author becomes ``actor``) or store the changes made to it.

    ``item`` carries the new values (the admin form's instance). Its status, author and
    distribution stamp are always taken from the database. Segments and themes are the
    caller's to set afterwards (``form.save_m2m()``), as they need the row first.
    """
    if item.pk is None:
        _require(actor, "education.add_educationitem")
        item.author = actor
        item.status = ItemStatus.DRAFT
        item.distributed_at = None
        item.full_clean()
        item.save(force_insert=True)
        _revision_write(item, action=RevisionAction.CREATED, actor=actor)
        return item

    _require(actor, "education.change_educationitem")
    current = _locked(item.pk)
    if not item_editable_by(current, actor):
        raise PermissionDenied(
            _("Materi yang sudah terbit atau diarsipkan hanya dapat diubah oleh Pemimpin Redaksi.")
        )
    for field in EducationItem._meta.concrete_fields:
        if field.name in PROTECTED_FIELDS:
            setattr(item, field.attname, getattr(current, field.attname))
    item.full_clean()
    item.save(
        update_fields=[
            field.name
            for field in EducationItem._meta.concrete_fields
            if not field.primary_key and field.name not in PROTECTED_FIELDS
        ]
    )
    _revision_write(item, action=RevisionAction.UPDATED, actor=actor)
    if current.status == ItemStatus.PUBLISHED:
        # The pages under the old slug too.
        cache_pages_invalidate(instance=current)
        _public_changed(item)
    return item


@transaction.atomic
def item_submit(*, item_id: int, actor) -> EducationItem:
    """Draft -> review: the writer hands the item to the chief editor."""
    item = _move_begin(item_id=item_id, move="submit", actor=actor, now=timezone.now())
    item.status = ItemStatus.REVIEW
    item.full_clean()
    item.save(update_fields=["status", "updated_at"])
    _revision_write(item, action=RevisionAction.SUBMITTED, actor=actor)
    return item


def _release(item: EducationItem, *, publish_at: datetime, action: str, actor) -> EducationItem:
    item.status = ItemStatus.PUBLISHED
    item.publish_at = publish_at
    # Raises for what a published item needs (a video's transcript) with the field's message.
    item.full_clean()
    item.save(update_fields=["status", "publish_at", "updated_at"])
    _revision_write(item, action=action, actor=actor)
    _public_changed(item)
    audit_record(
        actor,
        "education.item_%s" % action,
        item,
        format=item.format,
        publish_at=publish_at.isoformat(),
    )
    return item


@transaction.atomic
def item_publish(*, item_id: int, actor) -> EducationItem:
    """Draft or review -> published; a scheduled item -> public now.

    From draft or review, an empty or past ``publish_at`` becomes now and a future one is kept
    (the item appears then, and the revision says "scheduled"). An item already scheduled is
    pulled forward to now, which is what pressing "publish" on it means.
    """
    now = timezone.now()
    item = _move_begin(item_id=item_id, move="publish", actor=actor, now=now)
    planned = item.publish_at
    if item.status in EDITABLE_STATUSES and planned is not None and planned > now:
        return _release(item, publish_at=planned, action=RevisionAction.SCHEDULED, actor=actor)
    return _release(item, publish_at=now, action=RevisionAction.PUBLISHED, actor=actor)


@transaction.atomic
def item_schedule(*, item_id: int, actor, publish_at: datetime | None = None) -> EducationItem:
    """-> published with a future ``publish_at`` (the given one, else the item's own)."""
    now = timezone.now()
    item = _move_begin(item_id=item_id, move="schedule", actor=actor, now=now)
    when = publish_at or item.publish_at
    if when is None or when <= now:
        raise ValidationError(
            {"publish_at": _("Isi waktu terbit yang masih akan datang untuk menjadwalkan.")},
            code="publish_at_not_future",
        )
    return _release(item, publish_at=when, action=RevisionAction.SCHEDULED, actor=actor)


@transaction.atomic
def item_archive(*, item_id: int, actor) -> EducationItem:
    """Published -> archived: withdrawn from the public site, kept with its history."""
    item = _move_begin(item_id=item_id, move="archive", actor=actor, now=timezone.now())
    item.status = ItemStatus.ARCHIVED
    item.full_clean()
    item.save(update_fields=["status", "updated_at"])
    _revision_write(item, action=RevisionAction.ARCHIVED, actor=actor)
    _public_changed(item)
    audit_record(actor, "education.item_archived", item, format=item.format)
    return item
