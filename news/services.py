"""The editorial workflow: every write to an article goes through here.

Status moves only through the transitions below, each under a row lock and each leaving an
``ArticleRevision`` (who, what, when, and the text as it was). Permissions are checked here, not
only in the admin, so any future caller (a view, a command) gets the same rules:
Redaksi writes and submits; only holders of ``news.publish_article`` (Pemimpin Redaksi) publish,
schedule, archive, or edit an article that has left draft and review.

Visibility is ``Article.objects.public()`` (published and ``publish_at`` <= now): scheduling
only stores a future ``publish_at``, no job has to run for the article to appear.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from humas_portal.audit import audit_record
from humas_portal.cache_invalidation import cache_pages_invalidate
from humas_portal.search import search_words_refresh_soon
from news.models import Article, ArticleRevision, ArticleStatus, Correction
from news.selectors import article_years_forget

PUBLISH_PERMISSION = "news.publish_article"

# Statuses in which an article is still being written: Redaksi may edit it.
EDITABLE_STATUSES = frozenset({ArticleStatus.DRAFT, ArticleStatus.REVIEW})

# Fields that article_save never takes from its caller: status moves only through the
# transitions, the author is whoever created the article, and the distribution stamps belong to
# the distribution task (a stale admin form must not undo them and cause a second sending).
PROTECTED_FIELDS = frozenset(
    {"status", "author", "press_distributed_at", "public_distributed_at", "created_at"}
)


class RevisionAction:
    CREATED = "created"
    UPDATED = "updated"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    SCHEDULED = "scheduled"
    ARCHIVED = "archived"
    CORRECTED = "corrected"


REVISION_ACTION_LABELS = {
    RevisionAction.CREATED: gettext_lazy("dibuat"),
    RevisionAction.UPDATED: gettext_lazy("diubah"),
    RevisionAction.SUBMITTED: gettext_lazy("diajukan untuk ditinjau"),
    RevisionAction.PUBLISHED: gettext_lazy("diterbitkan"),
    RevisionAction.SCHEDULED: gettext_lazy("dijadwalkan"),
    RevisionAction.ARCHIVED: gettext_lazy("diarsipkan"),
    RevisionAction.CORRECTED: gettext_lazy("diberi ralat"),
}


def article_editable_by(article: Article, user) -> bool:
    """Redaksi edits drafts and articles under review; a published or archived text is the
    office's public word, so changing it (or adding a Ralat) needs the publishing permission."""
    return article.status in EDITABLE_STATUSES or user.has_perm(PUBLISH_PERMISSION)


def article_is_scheduled(article: Article, now: datetime | None = None) -> bool:
    return article.status == ArticleStatus.PUBLISHED and not article.is_public(now)


def _require(actor, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini."))


def _locked(article_id: int) -> Article:
    # Two editors acting at once must not both move (or overwrite) the same article.
    return Article.objects.select_for_update().get(pk=article_id)


# Each move: the permissions it needs, and the statuses it may start from. A Ralat note is
# public the moment it is added, so it needs the publishing permission as much as publishing does.
MOVE_PERMISSIONS = {
    "submit": ("news.change_article",),
    "publish": (PUBLISH_PERMISSION,),
    "schedule": (PUBLISH_PERMISSION,),
    "archive": (PUBLISH_PERMISSION,),
    "correct": ("news.add_correction", PUBLISH_PERMISSION),
}


def _move_allowed(article: Article, move: str, now: datetime) -> bool:
    if move == "submit":
        return article.status == ArticleStatus.DRAFT
    if move in ("publish", "schedule"):
        # A scheduled article (published, time not yet come) may go out now or be rescheduled.
        return article.status in EDITABLE_STATUSES or article_is_scheduled(article, now)
    return article.status == ArticleStatus.PUBLISHED


def article_moves_available(article: Article, user) -> list[str]:
    """The moves ``user`` may make on ``article`` now (what the admin offers as buttons)."""
    now = timezone.now()
    return [
        move
        for move, permissions in MOVE_PERMISSIONS.items()
        if user.has_perms(permissions) and _move_allowed(article, move, now)
    ]


def _move_begin(*, article_id: int, move: str, actor, now: datetime) -> Article:
    """Check the permission, lock the row, and refuse a move its status does not allow."""
    for permission in MOVE_PERMISSIONS[move]:
        _require(actor, permission)
    article = _locked(article_id)
    if not _move_allowed(article, move, now):
        moves = {
            "submit": _("diajukan untuk ditinjau"),
            "publish": _("diterbitkan"),
            "schedule": _("dijadwalkan"),
            "archive": _("diarsipkan"),
            "correct": _("diberi ralat"),
        }
        raise ValidationError(
            _("Artikel berstatus %(status)s tidak dapat %(move)s."),
            params={"status": article.get_status_display(), "move": moves[move]},
            code="invalid_transition",
        )
    return article


def _revision_write(article: Article, *, action: str, actor) -> ArticleRevision:
    revision = ArticleRevision(
        article=article,
        actor=actor,
        action=action,
        status=article.status,
        title=article.title,
        body=article.body,
    )
    revision.full_clean()
    revision.save()
    return revision


@transaction.atomic
def article_save(*, article: Article, actor) -> Article:
    """Create ``article`` (its author becomes ``actor``) or store the changes made to it.

    ``article`` is an instance carrying the new values, e.g. the admin form's instance. Its
    status, author and distribution stamps are always taken from the database, never from it.
    """
    if article.pk is None:
        _require(actor, "news.add_article")
        article.author = actor
        article.status = ArticleStatus.DRAFT
        article.press_distributed_at = article.public_distributed_at = None
        article.full_clean()
        article.save(force_insert=True)
        _revision_write(article, action=RevisionAction.CREATED, actor=actor)
        return article

    _require(actor, "news.change_article")
    current = _locked(article.pk)
    if not article_editable_by(current, actor):
        raise PermissionDenied(
            _(
                "Artikel yang sudah terbit atau diarsipkan hanya dapat diubah oleh Pemimpin "
                "Redaksi; tambahkan ralat bila ada yang keliru."
            )
        )
    for field in Article._meta.concrete_fields:
        if field.name in PROTECTED_FIELDS:
            setattr(article, field.attname, getattr(current, field.attname))
    article.full_clean()
    article.save(
        update_fields=[
            field.name
            for field in Article._meta.concrete_fields
            if not field.primary_key and field.name not in PROTECTED_FIELDS
        ]
    )
    _revision_write(article, action=RevisionAction.UPDATED, actor=actor)
    if current.status == ArticleStatus.PUBLISHED:
        # The pages under the old slug and category too.
        cache_pages_invalidate(instance=current)
        cache_pages_invalidate(instance=article)
        search_words_refresh_soon()
        # The chief editor may have moved its publication time to another year.
        article_years_forget()
    return article


@transaction.atomic
def article_submit(*, article_id: int, actor) -> Article:
    """Draft -> review: the writer hands the article to the chief editor."""
    article = _move_begin(article_id=article_id, move="submit", actor=actor, now=timezone.now())
    article.status = ArticleStatus.REVIEW
    article.full_clean()
    article.save(update_fields=["status", "updated_at"])
    _revision_write(article, action=RevisionAction.SUBMITTED, actor=actor)
    return article


def _release(article: Article, *, publish_at: datetime, action: str, actor) -> Article:
    article.status = ArticleStatus.PUBLISHED
    article.publish_at = publish_at
    article.full_clean()
    article.save(update_fields=["status", "publish_at", "updated_at"])
    _revision_write(article, action=action, actor=actor)
    cache_pages_invalidate(instance=article)
    search_words_refresh_soon()
    article_years_forget()
    audit_record(
        actor,
        "news.article_%s" % action,
        article,
        kind=article.kind,
        publish_at=publish_at.isoformat(),
    )
    return article


@transaction.atomic
def article_publish(*, article_id: int, actor) -> Article:
    """Draft or review -> published; a scheduled article -> public now.

    From draft or review, an empty or past ``publish_at`` becomes now (a stale date would bury
    the article in the lists) and a future one is kept: the article appears then, and the
    revision says "scheduled". An article already scheduled is pulled forward to now, which is
    what pressing "publish" on it means.
    """
    now = timezone.now()
    article = _move_begin(article_id=article_id, move="publish", actor=actor, now=now)
    planned = article.publish_at
    if article.status in EDITABLE_STATUSES and planned is not None and planned > now:
        return _release(article, publish_at=planned, action=RevisionAction.SCHEDULED, actor=actor)
    return _release(article, publish_at=now, action=RevisionAction.PUBLISHED, actor=actor)


@transaction.atomic
def article_schedule(*, article_id: int, actor, publish_at: datetime | None = None) -> Article:
    """-> published with a future ``publish_at`` (the given one, else the article's own).

    The article stays out of every public list, feed and page until that time.
    """
    now = timezone.now()
    article = _move_begin(article_id=article_id, move="schedule", actor=actor, now=now)
    when = publish_at or article.publish_at
    if when is None or when <= now:
        raise ValidationError(
            {"publish_at": _("Isi waktu terbit yang masih akan datang untuk menjadwalkan.")},
            code="publish_at_not_future",
        )
    return _release(article, publish_at=when, action=RevisionAction.SCHEDULED, actor=actor)


@transaction.atomic
def article_archive(*, article_id: int, actor) -> Article:
    """Published -> archived: withdrawn from the public site, kept with its history."""
    article = _move_begin(article_id=article_id, move="archive", actor=actor, now=timezone.now())
    article.status = ArticleStatus.ARCHIVED
    article.full_clean()
    article.save(update_fields=["status", "updated_at"])
    _revision_write(article, action=RevisionAction.ARCHIVED, actor=actor)
    cache_pages_invalidate(instance=article)
    search_words_refresh_soon()
    article_years_forget()
    audit_record(actor, "news.article_archived", article, kind=article.kind)
    return article


@transaction.atomic
def article_correction_add(*, article_id: int, note: str, actor) -> Correction:
    """Add a visible "Ralat" note to a published article, time-stamped now. The note is public
    at once, so only someone who may publish adds one (MOVE_PERMISSIONS)."""
    article = _move_begin(article_id=article_id, move="correct", actor=actor, now=timezone.now())
    correction = Correction(article=article, note=note.strip())
    correction.full_clean()
    correction.save()
    # The public page shows the updated time next to the Ralat.
    article.save(update_fields=["updated_at"])
    _revision_write(article, action=RevisionAction.CORRECTED, actor=actor)
    cache_pages_invalidate(instance=article)
    audit_record(actor, "news.article_corrected", article)
    return correction
