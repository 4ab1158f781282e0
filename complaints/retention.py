"""Retention of the complaint desk: what is shredded once a complaint is long finished.

A complaint that reached Selesai keeps its reporter's identity, contacts, witnesses and evidence
for settings.COMPLAINT_RETENTION_MONTHS calendar months (office's time zone) after it got there,
unless an officer put it on legal hold; then the beat task (``complaints_retention_run``, daily)
shreds them, and what stays are the facts the office counts and answers for.

Rules (``complaint_shred`` has the details of what goes and what stays):

- Final stages: Selesai, and Digabung. A merged duplicate never reaches Selesai itself, but its
  witnesses and evidence are part of the case it joined, so it is shredded only once that case
  is done with too: its own period since the merge is over AND its parent is shredded already,
  or is Selesai past the period and not on hold.
- The period ends on the same calendar date N months after the complaint reached its final
  stage (office's date), or on the last day of that month when it is shorter (31 August + 6 months
  is 28/29 February). Dates, not times: the clamped month ends would otherwise make the rule
  non-monotonic, and the task runs once a day anyway.
- Each complaint is shredded in its own transaction under a row lock, the conditions checked
  again under the lock: a legal hold set meanwhile wins, and two runs at once shred once.
- Evidence files are deleted inside that transaction, after every database change and before
  the commit. If a file cannot be deleted, the transaction is rolled back (the complaint stays
  unshredded and the next run tries again, a file already gone counting as deleted); if the
  commit itself failed after the files went, the rows point to files that were due for
  destruction anyway, and the next run finishes the job. No order of failures leaves a file in
  storage that no row points to, which nothing would ever find again.
"""

import logging
from calendar import monthrange
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.models import (
    HOLD_PERMISSION,
    Complaint,
    ComplaintEvent,
    EventKind,
    Evidence,
    Stage,
    Witness,
    evidence_storage,
)
from complaints.services import complaint_actor_check
from humas_portal.audit import audit_record
from humas_portal.elections.dates import local_date, local_today, months_add
from humas_portal.notifications.services import notifications_forget

logger = logging.getLogger(__name__)


def _office_language():
    # Texts written into the records are the office's, in its language, whatever the language
    # of the officer's admin session.
    return translation.override(settings.LANGUAGE_CODE)


@transaction.atomic
def complaint_legal_hold_set(*, complaint_id: int, hold: bool, actor) -> Complaint:
    """Put a complaint on legal hold (``hold=True``) or release it.

    While held, retention never shreds it. Setting the state it already has changes nothing and
    records nothing (a repeated click); a complaint already shredded has nothing left to hold.
    """
    complaint_actor_check(actor, HOLD_PERMISSION)
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    if complaint.legal_hold == hold:
        return complaint
    if hold and complaint.shredded_at is not None:
        raise ValidationError(
            _(
                "Identitas dan bukti pengaduan %(number)s sudah dimusnahkan; "
                "tidak ada lagi yang dapat ditahan."
            ),
            params={"number": complaint.number},
            code="shredded",
        )
    complaint.legal_hold = hold
    complaint.save(update_fields=["legal_hold"])
    with _office_language():
        note = (
            _("Ditahan dari pemusnahan: identitas dan bukti disimpan melewati masa simpan.")
            if hold
            else _("Penahanan dari pemusnahan dicabut: masa simpan berlaku lagi.")
        )
    ComplaintEvent.objects.create(
        complaint=complaint, kind=EventKind.NOTE, actor=actor, internal_note=note
    )
    audit_record(
        actor,
        "complaint.legal_hold_set" if hold else "complaint.legal_hold_released",
        complaint,
    )
    logger.info("complaint %s: legal hold %s", complaint.number, "set" if hold else "released")
    return complaint


# --- The period ------------------------------------------------------------------------------


def retention_ends_on(finished_at: datetime) -> date:
    """The office's date from which a complaint that reached its final stage at ``finished_at``
    may be shredded."""
    return months_add(local_date(finished_at), settings.COMPLAINT_RETENTION_MONTHS)


def _period_over(complaint: Complaint, today: date) -> bool:
    return retention_ends_on(complaint.stage_changed_at) <= today


def _finished_before(today: date) -> datetime:
    """The moment before which a complaint must have reached its final stage to be due today.

    The inverse of ``retention_ends_on``: the latest finishing date due today is ``today`` less
    N months, or, when today is the last day of its month, the last day of that earlier month
    (all of 29, 30 and 31 August end on 28 February). The exact rule is checked again per
    complaint under its lock; this bound only has to select every due complaint.
    """
    last = months_add(today, -settings.COMPLAINT_RETENTION_MONTHS)
    if today.day == monthrange(today.year, today.month)[1]:
        last = last.replace(day=monthrange(last.year, last.month)[1])
    return timezone.make_aware(
        datetime.combine(last + timedelta(days=1), time.min), timezone.get_default_timezone()
    )


def _due(today: date) -> QuerySet:
    before = _finished_before(today)
    parent_done = Q(merged_into__shredded_at__isnull=False) | Q(
        merged_into__stage=Stage.CLOSED,
        merged_into__legal_hold=False,
        merged_into__stage_changed_at__lt=before,
    )
    return (
        Complaint.objects.filter(
            shredded_at__isnull=True, legal_hold=False, stage_changed_at__lt=before
        )
        .filter(Q(stage=Stage.CLOSED) | (Q(stage=Stage.MERGED) & parent_done))
        # "closed" sorts before "merged": parents go first, so a duplicate whose parent is
        # shredded in this run is not left for tomorrow's.
        .order_by("stage", "pk")
    )


def _shreddable(complaint: Complaint, parent: Complaint | None, today: date) -> bool:
    if complaint.shredded_at is not None or complaint.legal_hold:
        return False
    if complaint.stage == Stage.CLOSED:
        return _period_over(complaint, today)
    if complaint.stage == Stage.MERGED and parent is not None:
        parent_done = parent.shredded_at is not None or (
            parent.stage == Stage.CLOSED and not parent.legal_hold and _period_over(parent, today)
        )
        return parent_done and _period_over(complaint, today)
    return False


# --- Shredding -------------------------------------------------------------------------------


class EvidenceFileNotDeleted(OSError):
    """A file of a complaint being shredded could not be deleted; its transaction is undone."""


def complaints_retention_run() -> int:
    """Shred every complaint whose retention period is over (the daily beat task).

    One failure (a file that cannot be deleted, say) is logged and leaves that complaint for
    the next run; the others are still shredded. Returns how many were shredded.
    """
    today = local_today()
    shredded = 0
    for complaint_id, number in list(_due(today).values_list("pk", "number")):
        try:
            if complaint_shred(complaint_id=complaint_id):
                shredded += 1
        except EvidenceFileNotDeleted:
            # Each file was logged with its evidence id; the transaction was rolled back.
            logger.error("complaint %s: not shredded; the next run tries again", number)
        except Exception:
            logger.exception("complaint %s: shredding failed; the next run tries again", number)
    if shredded:
        logger.info("retention: %d complaint(s) shredded", shredded)
    return shredded


def complaint_shred(*, complaint_id: int, actor=None) -> bool:
    """Shred one complaint whose retention period is over; False if it is not (or no longer)
    due: on hold, not final, too recent, its case still open, or shredded already.

    What goes: the reporter's name, phone, e-mail and address; the witnesses; the evidence
    (rows and files); the free texts that may name people (title and description, replaced by a
    neutral placeholder because the admin form requires them; place detail and reported party,
    emptied; every public and internal note of the event log, emptied, except the officer
    username that complaint_assign writes into an assignment event); the outbox rows of the
    complaint's own messages to the reporter (normally purged after
    NOTIFICATIONS_RETENTION_DAYS already, and their bodies wiped once sent).

    What stays: number, election, category, dates (occurred, known, received, stage changes),
    village (hence kecamatan), stage, outcome (merged into, forwarded to), assigned officer,
    the anonymous flag, the tracking hash (the reporter can still read the outcome), and each
    event's kind, stages, actor and time: the statistics and the office's account of its work.
    A private SHREDDED event and an audit row record the counts removed, without names.
    """
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        # Locked too (always child before parent, and merges never form a cycle): a hold put
        # on the case meanwhile must stop its duplicates' shredding as well.
        parent = (
            Complaint.objects.select_for_update().get(pk=complaint.merged_into_id)
            if complaint.merged_into_id is not None
            else None
        )
        if not _shreddable(complaint, parent, local_today()):
            return False
        _shred(complaint, actor)
    logger.info("complaint %s shredded", complaint.number)
    return True


def _shred(complaint: Complaint, actor) -> None:
    evidence = list(Evidence.objects.filter(complaint=complaint))
    witnesses, _per_model = Witness.objects.filter(complaint=complaint).delete()
    Evidence.objects.filter(pk__in=[item.pk for item in evidence]).delete()

    complaint.events.update(public_note="")
    complaint.events.exclude(kind=EventKind.ASSIGNED).update(internal_note="")
    notifications_forget(about=complaint)

    with _office_language():
        placeholder = _("(dimusnahkan setelah masa simpan berakhir)")
        note = _(
            "Masa simpan berakhir. Dimusnahkan: identitas dan kontak pelapor, %(witnesses)d "
            "saksi, %(files)d berkas bukti, uraian kejadian dan catatan."
        ) % {"witnesses": witnesses, "files": len(evidence)}
    complaint.reporter_name = ""
    complaint.reporter_phone = ""
    complaint.reporter_email = ""
    complaint.reporter_address = ""
    complaint.title = placeholder
    complaint.description = placeholder
    complaint.location_detail = ""
    complaint.reported_party = ""
    # In the same save as the emptied identity: the named-reporter constraint allows empty
    # fields only on a shredded complaint.
    complaint.shredded_at = timezone.now()
    complaint.save(
        update_fields=[
            "reporter_name", "reporter_phone", "reporter_email", "reporter_address",
            "title", "description", "location_detail", "reported_party", "shredded_at",
        ]
    )  # fmt: skip
    ComplaintEvent.objects.create(
        complaint=complaint, kind=EventKind.SHREDDED, actor=actor, internal_note=note
    )
    audit_record(
        actor,
        "complaint.shredded",
        complaint,
        evidence_files=len(evidence),
        witnesses=witnesses,
    )
    _files_delete(complaint, evidence)


def _files_delete(complaint: Complaint, evidence: list[Evidence]) -> None:
    # Last, so that nothing after it can fail and roll back the database changes; every file is
    # tried, so a retry has as little left as possible.
    failed = []
    for item in evidence:
        try:
            evidence_storage.delete(item.file.name)
        except OSError:
            logger.exception(
                "complaint %s: evidence %s: file not deleted", complaint.number, item.public_id
            )
            failed.append(str(item.public_id))
    if failed:
        raise EvidenceFileNotDeleted(
            "complaint %s: %d evidence file(s) not deleted" % (complaint.number, len(failed))
        )
