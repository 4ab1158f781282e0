"""Every write to a complaint goes through here: filing, tracking, stages, notes, evidence.

A complaint is stored exactly once per form token (a unique constraint, not a look-up), its
number is taken under a locked per-year counter, and its stage moves only through
``complaint_transition`` under a row lock. The reporter hears of every public change through
the outbox, in messages marked sensitive (their bodies are wiped once sent).
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.alerts import complaint_alerts_queue
from complaints.deadlines import HANDLING_STAGES, HANDLING_START_STAGES, complaint_due_at
from complaints.models import (
    ACT_PERMISSION,
    OPEN_STAGES,
    REASON_REQUIRED,
    TRANSITIONS,
    Complaint,
    ComplaintCounter,
    ComplaintEvent,
    EventKind,
    Evidence,
    ForwardedTo,
    Stage,
    Witness,
)
from humas_portal.audit import audit_record
from humas_portal.elections.models import Election
from humas_portal.notifications.email import RenderedEmail
from humas_portal.notifications.services import notification_enqueue, notification_preview
from humas_portal.siteprofile.selectors import office_profile_current
from humas_portal.tracking import (
    case_number_normalise,
    tracking_secret_format,
    tracking_secret_hash,
    tracking_secret_new,
)
from humas_portal.uploads import PixelBudget, evidence_process, stored_files_removed_on_error

logger = logging.getLogger(__name__)


def complaint_reporting_deadline_passed(*, election: Election, known_on: date) -> bool:
    """Whether the legal reporting window has closed; the form warns but still accepts."""
    days = settings.COMPLAINT_REPORTING_DAYS.get(election.kind, 7)
    return (timezone.localdate() - known_on).days > days


def complaint_actor_check(actor, permission: str) -> None:
    """Refuse (PermissionDenied) an officer's step to a user without ``permission``.

    ``actor`` None is no officer: the reporter, whom the caller authorised (evidence_add), or
    the office's own automation (the demo seeder, retention). Every staff view passes the
    signed-in user, who must hold the permission.
    """
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini."))


def _track_url() -> str:
    return settings.PORTAL_BASE_URL + reverse("complaints:track")


def _reporter_context(complaint: Complaint, context: dict) -> dict:
    # Labels go in lazy (Stage(...).label): e-mail is rendered in the reporter's language
    # whatever language the acting officer chose for the admin.
    return {"number": complaint.number, "track_url": _track_url(), **context}


def _reporter_notify(
    complaint: Complaint, *, kind: str, key: str, context: dict, public_form: bool = False
) -> object | None:
    """The outbox row enqueued for the reporter, or None (no address, or the mailbox's limit).

    ``public_form``: anyone can make the desk send this one (a receipt, a new code), so it
    counts against the mailbox's daily limit (notification_enqueue).
    """
    if not complaint.reporter_email:
        return None
    return notification_enqueue(
        kind=kind,
        recipient=complaint.reporter_email,
        context=_reporter_context(complaint, context),
        idempotency_key=key,
        # Retention forgets these messages with the reporter's identity.
        about=complaint,
        language=complaint.language,
        public_form=public_form,
    )


def complaint_update_preview(
    complaint: Complaint, *, stage: str, public_note: str, merged_into: str = ""
) -> RenderedEmail:
    """The e-mail the reporter will get for a move to ``stage`` (or a reply, an extension)
    with ``public_note``, exactly as it will be sent; nothing is written."""
    return notification_preview(
        kind="complaint_update",
        context=_reporter_context(
            complaint,
            {"stage": Stage(stage).label, "public_note": public_note, "merged_into": merged_into},
        ),
        language=complaint.language,
    )


# --- Filing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    complaint: Complaint
    # For the receipt page of the browser that filed (kept encrypted, complaints.session);
    # None on a repeated submit.
    secret: str | None

    @property
    def secret_display(self) -> str:
        return tracking_secret_format(self.secret) if self.secret else ""


def complaint_sequence_take(*, year: int, count: int = 1) -> int:
    """Take ``count`` consecutive sequence numbers of the year and return the first; call it
    inside the transaction that stores the complaints."""
    # The counter row is created once per year (a conflict means it exists), then locked, so
    # two filings at once get consecutive numbers and a rolled-back filing leaves no gap.
    ComplaintCounter.objects.bulk_create([ComplaintCounter(year=year)], ignore_conflicts=True)
    counter = ComplaintCounter.objects.select_for_update().get(year=year)
    counter.last += count
    counter.save(update_fields=["last"])
    return counter.last - count + 1


def complaint_number_format(year: int, sequence: int) -> str:
    region = office_profile_current().region_id or "00"
    return "ADU-%s-%d-%06d" % (region.replace(".", ""), year, sequence)


def complaint_submit(
    *,
    form_token: uuid.UUID,
    election: Election,
    anonymous: bool,
    category: str,
    title: str,
    description: str,
    occurred_on: date,
    known_on: date,
    location,
    consent: bool,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    reporter_address: str = "",
    location_detail: str = "",
    reported_party: str = "",
    witnesses: list[tuple[str, str]] | None = None,
    language: str,
) -> Receipt:
    """Store a complaint and issue its receipt; the same form token again creates nothing.

    The tracking secret is in the returned receipt (to show once) and in a sensitive e-mail
    when an address was given; only its hash is stored. ``language`` is the one the reporter
    read the form in: the receipt and every later e-mail are written in it.
    """
    existing = Complaint.objects.filter(form_token=form_token).first()
    if existing is not None:
        return Receipt(complaint=existing, secret=None)
    fields = {
        "election": election,
        "anonymous": anonymous,
        "category": category,
        "title": title,
        "description": description,
        "occurred_on": occurred_on,
        "known_on": known_on,
        "location": location,
        "consent": consent,
        "reporter_name": reporter_name,
        "reporter_phone": reporter_phone,
        "reporter_email": reporter_email,
        "reporter_address": reporter_address,
        "location_detail": location_detail,
        "reported_party": reported_party,
        "language": language,
    }
    try:
        with transaction.atomic():
            return _complaint_create(form_token, fields, witnesses or [])
    except IntegrityError:
        # The same token, submitted twice at once: the other request's complaint is the one.
        existing = Complaint.objects.filter(form_token=form_token).first()
        if existing is None:
            raise
        return Receipt(complaint=existing, secret=None)


def _complaint_create(form_token: uuid.UUID, fields: dict, witnesses: list) -> Receipt:
    now = timezone.now()
    year = timezone.localdate(now).year
    secret = tracking_secret_new()
    complaint = Complaint(
        form_token=form_token,
        tracking_hash=tracking_secret_hash(secret),
        stage=Stage.RECEIVED,
        stage_changed_at=now,
        created_at=now,
        year=year,
        sequence=0,
        number="-",
        **fields,
    )
    complaint.full_clean(exclude=["number", "sequence", "form_token", "tracking_hash"])
    complaint.sequence = complaint_sequence_take(year=year)
    complaint.number = complaint_number_format(year, complaint.sequence)
    # The assessment clock starts at receipt.
    complaint.due_at = complaint_due_at(complaint)
    complaint.save()
    Witness.objects.bulk_create(
        [
            Witness(complaint=complaint, name=name, contact=contact)
            for name, contact in witnesses
            if name
        ]
    )
    ComplaintEvent.objects.create(
        complaint=complaint, kind=EventKind.STAGE, to_stage=Stage.RECEIVED
    )
    _reporter_notify(
        complaint,
        kind="complaint_receipt",
        key="receipt",
        context={"secret": tracking_secret_format(secret)},
        public_form=True,
    )
    # The coordinators hear of it (at once, or batched on a busy day), in this transaction.
    complaint_alerts_queue(complaint=complaint)
    logger.info("complaint %s filed", complaint.number)
    return Receipt(complaint=complaint, secret=secret)


# --- Tracking --------------------------------------------------------------------------------


@transaction.atomic
def complaint_track(*, number: str, secret: str) -> Complaint | None:
    """The complaint with this number and secret, or None — the same None for a wrong secret
    and an unknown number, so callers cannot tell them apart.

    The current secret works, and so does one asked for by e-mail and still pending: its first
    use makes it the current one and the old one stops working.
    """
    secret_hash = tracking_secret_hash(secret)
    complaint = (
        Complaint.objects.select_related("election", "location")
        .filter(Q(tracking_hash=secret_hash) | Q(tracking_pending_hash=secret_hash))
        .first()
    )
    if complaint is None or complaint.number != case_number_normalise(number):
        return None
    if complaint.tracking_pending_hash == secret_hash:
        Complaint.objects.filter(pk=complaint.pk, tracking_pending_hash=secret_hash).update(
            tracking_hash=secret_hash, tracking_pending_hash="", tracking_pending_at=None
        )
        complaint.refresh_from_db(
            fields=["tracking_hash", "tracking_pending_hash", "tracking_pending_at"]
        )
        logger.info("complaint %s: new tracking secret taken into use", complaint.number)
    return complaint


@transaction.atomic
def complaint_secret_reset(*, number: str, email: str) -> None:
    """Send a new tracking secret to the complaint's e-mail address if number and address
    match, at most COMPLAINT_SECRET_REQUESTS_PER_DAY times a day. Says nothing either way (no
    oracle).

    The new secret waits (pending) and the current one keeps working until the new one is
    first used (complaint_track): whoever knows the number and the address can send the
    reporter a code, but cannot take the current one away. A later request replaces a
    pending one.
    """
    complaint = (
        Complaint.objects.select_for_update()
        .filter(number=case_number_normalise(number))
        .exclude(reporter_email="")
        .first()
    )
    if complaint is None or complaint.reporter_email.lower() != email.strip().lower():
        return
    today = timezone.localdate()
    if complaint.secret_requests_on != today:
        complaint.secret_requests_on, complaint.secret_requests = today, 0
    if complaint.secret_requests >= settings.COMPLAINT_SECRET_REQUESTS_PER_DAY:
        logger.info("complaint %s: new tracking secret refused, daily limit", complaint.number)
        return
    secret = tracking_secret_new()
    mailed = _reporter_notify(
        complaint,
        kind="complaint_secret_reset",
        key="secret:%s" % uuid.uuid4().hex,
        context={"secret": tracking_secret_format(secret)},
        public_form=True,
    )
    if mailed is None:
        # The mailbox had its day's mail: a code nobody received must not replace the
        # pending one the reporter did receive.
        return
    complaint.secret_requests += 1
    complaint.tracking_pending_hash = tracking_secret_hash(secret)
    complaint.tracking_pending_at = timezone.now()
    complaint.save(
        update_fields=[
            "tracking_pending_hash", "tracking_pending_at", "secret_requests_on",
            "secret_requests",
        ]
    )  # fmt: skip
    logger.info("complaint %s: new tracking secret pending", complaint.number)


def complaint_additions_check(complaint: Complaint, *, evidence: bool) -> None:
    """Refuse (ValidationError, code "closed") a reporter's addition the stage no longer takes.

    The services check under the row lock; the views call it first too, so nothing is uploaded
    or processed for a complaint that would refuse it anyway.
    """
    if complaint.accepts_additions:
        return
    if evidence:
        message = _("Pada tahap %(stage)s, bukti tidak dapat ditambahkan lewat portal.")
    else:
        message = _("Pada tahap %(stage)s, informasi tambahan tidak dapat dikirim lewat portal.")
    raise ValidationError(message, params={"stage": complaint.get_stage_display()}, code="closed")


@transaction.atomic
def complaint_info_add(*, complaint_id: int, text: str) -> ComplaintEvent:
    """The reporter adds information, while the stage still takes it."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    complaint_additions_check(complaint, evidence=False)
    event = ComplaintEvent(complaint=complaint, kind=EventKind.REPORTER_INFO, public_note=text)
    event.full_clean()
    event.save()
    return event


# --- Officers --------------------------------------------------------------------------------


def complaint_transition_check(
    complaint: Complaint, *, expected_stage: str, to: str, public_note: str
) -> None:
    """Refuse (ValidationError, coded) a move the officer saw at ``expected_stage``: the stage
    has changed since ("stale"), the move is not in the table, or its reason is missing.

    complaint_transition checks under the row lock; the admin checks first too, so that the
    officer is told before the preview rather than after it.
    """
    if complaint.stage != expected_stage:
        raise ValidationError(
            _(
                "Pengaduan %(number)s sudah dipindah ke tahap %(stage)s oleh petugas lain. "
                "Muat ulang halaman lalu periksa lagi."
            ),
            params={"number": complaint.number, "stage": complaint.get_stage_display()},
            code="stale",
        )
    merging = to == Stage.MERGED and complaint.stage in OPEN_STAGES
    if not merging and to not in TRANSITIONS.get(complaint.stage, frozenset()):
        raise ValidationError(
            _("Tahap %(from)s tidak dapat diubah ke %(to)s."),
            params={
                "from": complaint.get_stage_display(),
                "to": Stage(to).label if to in Stage.values else to,
            },
            code="not_allowed",
        )
    if to in REASON_REQUIRED and not public_note.strip():
        raise ValidationError(
            _("Tuliskan alasannya di catatan untuk pelapor."), code="reason_required"
        )


@transaction.atomic
def complaint_transition(
    *,
    complaint_id: int,
    expected_stage: str,
    to: str,
    actor,
    public_note: str = "",
    internal_note: str = "",
    merged_into_number: str = "",
    forwarded_to: str = "",
    forwarded_agency: str = "",
) -> Complaint:
    """Move a complaint to the stage ``to``, as ``actor`` saw it at ``expected_stage``.

    Locks the row, so a second officer acting at the same time waits and then finds the stage
    moved. A reason (the public note) is required where the office does not go on; the reporter
    is notified of every move.
    """
    complaint_actor_check(actor, ACT_PERMISSION)
    # Lock the row: two officers acting at once must not both move it.
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    complaint_transition_check(
        complaint, expected_stage=expected_stage, to=to, public_note=public_note
    )
    public_note, internal_note = public_note.strip(), internal_note.strip()
    if to == Stage.FORWARDED:
        if forwarded_to not in ForwardedTo.values:
            raise ValidationError(_("Pilih instansi tujuan penerusan."), code="forward_target")
        if forwarded_to == ForwardedTo.OTHER and not forwarded_agency.strip():
            raise ValidationError(_("Tuliskan nama instansi lain itu."), code="forward_agency")
        complaint.forwarded_to = forwarded_to
        complaint.forwarded_agency = forwarded_agency.strip()
    if to == Stage.MERGED:
        complaint.merged_into = _merge_target(complaint, merged_into_number)

    from_stage = complaint.stage
    complaint.stage = to
    complaint.stage_changed_at = timezone.now()
    if to in HANDLING_START_STAGES:
        # Registration (or the office's own finding) starts the handling clock.
        complaint.handling_started_at = complaint.stage_changed_at
    complaint.due_at = complaint_due_at(complaint)
    complaint.save(
        update_fields=[
            "stage", "stage_changed_at", "merged_into", "forwarded_to", "forwarded_agency",
            "handling_started_at", "due_at",
        ]
    )  # fmt: skip
    event = ComplaintEvent(
        complaint=complaint,
        kind=EventKind.STAGE,
        from_stage=from_stage,
        to_stage=to,
        actor=actor,
        public_note=public_note,
        internal_note=internal_note,
    )
    event.full_clean()
    event.save()
    audit_record(actor, "complaint.transition", complaint, from_stage=from_stage, to_stage=to)
    _reporter_notify(
        complaint,
        kind="complaint_update",
        key="event:%s" % event.pk,
        context={
            "stage": Stage(complaint.stage).label,
            "public_note": public_note,
            # A duplicate's reporter is told where the handling goes on.
            "merged_into": complaint.merged_into.number if complaint.merged_into_id else "",
        },
    )
    return complaint


EXTENSION_NOTE_DEFAULT = gettext_lazy(
    "Penanganan diperpanjang karena memerlukan keterangan tambahan."
)


def complaint_extension_note(complaint: Complaint, public_note: str) -> str:
    """The note the reporter reads with an extension: the officer's, or the standard one."""
    public_note = public_note.strip()
    if public_note:
        return public_note
    # Stored for the reporter's timeline and e-mail, in the reporter's language whatever
    # language the officer reads the admin in.
    with translation.override(complaint.language):
        return str(EXTENSION_NOTE_DEFAULT)


@transaction.atomic
def complaint_deadline_extend(*, complaint_id: int, actor, public_note: str = "") -> Complaint:
    """Extend the handling deadline, once, because more information is needed.

    Allowed only while the handling clock runs; the new due date counts from registration
    (complaints.deadlines). The reporter is told, like of any move.
    """
    complaint_actor_check(actor, ACT_PERMISSION)
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    if complaint.deadline_extended:
        raise ValidationError(
            _("Batas waktu pengaduan %(number)s sudah pernah diperpanjang."),
            params={"number": complaint.number},
            code="already_extended",
        )
    if complaint.stage not in HANDLING_STAGES:
        raise ValidationError(
            _("Pada tahap %(stage)s, batas waktu penanganan tidak dapat diperpanjang."),
            params={"stage": complaint.get_stage_display()},
            code="not_handling",
        )
    public_note = complaint_extension_note(complaint, public_note)
    complaint.deadline_extended = True
    complaint.due_at = complaint_due_at(complaint)
    complaint.save(update_fields=["deadline_extended", "due_at"])
    event = ComplaintEvent(
        complaint=complaint, kind=EventKind.EXTENDED, actor=actor, public_note=public_note
    )
    event.full_clean()
    event.save()
    audit_record(
        actor,
        "complaint.deadline_extended",
        complaint,
        due_at=complaint.due_at.isoformat() if complaint.due_at else None,
    )
    _reporter_notify(
        complaint,
        kind="complaint_update",
        key="event:%s" % event.pk,
        context={"stage": Stage(complaint.stage).label, "public_note": event.public_note},
    )
    return complaint


def _merge_target(complaint: Complaint, number: str) -> Complaint:
    target = (
        Complaint.objects.filter(number=case_number_normalise(number))
        .exclude(pk=complaint.pk)
        .first()
    )
    if target is None:
        raise ValidationError(
            _("Tuliskan nomor pengaduan lain yang menjadi induknya."), code="merge_target"
        )
    if target.stage == Stage.MERGED:
        raise ValidationError(
            _("Pengaduan %(number)s sudah digabung ke pengaduan lain; gabungkan ke induknya."),
            params={"number": target.number},
            code="merge_chain",
        )
    return target


@transaction.atomic
def complaint_reply(*, complaint_id: int, actor, public_note: str) -> ComplaintEvent:
    """A public answer to the reporter, without a change of stage."""
    complaint_actor_check(actor, ACT_PERMISSION)
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    event = ComplaintEvent(
        complaint=complaint, kind=EventKind.REPLY, actor=actor, public_note=public_note.strip()
    )
    if not event.public_note:
        raise ValidationError(_("Balasan tidak boleh kosong."), code="empty")
    event.full_clean()
    event.save()
    audit_record(actor, "complaint.reply", complaint)
    _reporter_notify(
        complaint,
        kind="complaint_update",
        key="event:%s" % event.pk,
        context={"stage": Stage(complaint.stage).label, "public_note": event.public_note},
    )
    return event


@transaction.atomic
def complaint_note_add(*, complaint_id: int, actor, internal_note: str) -> ComplaintEvent:
    """An internal note: officers only, never shown to the reporter."""
    complaint_actor_check(actor, ACT_PERMISSION)
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    event = ComplaintEvent(
        complaint=complaint, kind=EventKind.NOTE, actor=actor, internal_note=internal_note.strip()
    )
    if not event.internal_note:
        raise ValidationError(_("Catatan tidak boleh kosong."), code="empty")
    event.full_clean()
    event.save()
    audit_record(actor, "complaint.note", complaint)
    return event


@transaction.atomic
def complaint_assign(*, complaint_id: int, officer, actor) -> Complaint:
    """Give a complaint to an officer (or to nobody, with ``officer=None``)."""
    complaint_actor_check(actor, ACT_PERMISSION)
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    if officer is not None and not officer.has_perm(ACT_PERMISSION):
        raise ValidationError(
            _("%(name)s bukan petugas pengaduan."),
            params={"name": officer.get_username()},
            code="not_officer",
        )
    complaint.assigned_to = officer
    complaint.save(update_fields=["assigned_to"])
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=EventKind.ASSIGNED,
        actor=actor,
        internal_note=officer.get_username() if officer is not None else "",
    )
    audit_record(
        actor,
        "complaint.assigned",
        complaint,
        officer=officer.get_username() if officer is not None else None,
    )
    return complaint


# --- Evidence --------------------------------------------------------------------------------


def _evidence_room_check(complaint: Complaint, *, adding: int) -> None:
    """Refuse a file of ``adding`` bytes when the complaint is full by count or total size."""
    held = complaint.evidence.aggregate(files=Count("pk"), total=Sum("size"))
    if held["files"] >= settings.COMPLAINT_EVIDENCE_MAX_FILES:
        raise ValidationError(
            _("Satu pengaduan dapat memuat paling banyak %(max)s berkas bukti."),
            params={"max": settings.COMPLAINT_EVIDENCE_MAX_FILES},
            code="too_many",
        )
    if (held["total"] or 0) + adding > settings.COMPLAINT_EVIDENCE_MAX_TOTAL_BYTES:
        raise ValidationError(
            _("Ukuran seluruh bukti melebihi %(mb)s MB. Serahkan sisanya ke kantor."),
            params={"mb": settings.COMPLAINT_EVIDENCE_MAX_TOTAL_BYTES // (1024 * 1024)},
            code="too_large_total",
        )


def evidence_add(
    *, complaint_id: int, upload, actor=None, pixel_budget: PixelBudget | None = None
) -> Evidence:
    """Clean one uploaded file and attach it to the complaint.

    ``actor`` None means the reporter (authorised by the caller), who may add only while the
    stage takes additions. Count and total size are checked before the file is decoded, so a
    full complaint costs no decoding, and again under the row lock with the cleaned size (the
    cleaning, which may take seconds for a video, runs without the lock). ``pixel_budget`` is
    the request's, shared by all its files (``evidence_process``). A disk that refuses the file
    raises ``StorageWriteError`` and leaves neither file nor row.
    """
    complaint_actor_check(actor, ACT_PERMISSION)
    # Any file adds at least one byte; its cleaned size is known only after decoding.
    _evidence_room_check(Complaint.objects.get(pk=complaint_id), adding=1)
    processed = evidence_process(upload, pixel_budget=pixel_budget)
    # A file without its row would be evidence nobody can find or shred.
    with stored_files_removed_on_error(), transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        if actor is None:
            complaint_additions_check(complaint, evidence=True)
        _evidence_room_check(complaint, adding=processed.size)
        evidence = Evidence(
            complaint=complaint,
            kind=processed.kind,
            size=processed.size,
            sha256_received=processed.sha256_received,
            sha256_stored=processed.sha256_stored,
            added_by_reporter=actor is None,
            created_at=timezone.now(),
        )
        evidence.file.save(processed.content.name, processed.content, save=False)
        evidence.save()
        ComplaintEvent.objects.create(
            complaint=complaint, kind=EventKind.EVIDENCE, actor=actor if actor else None
        )
        if actor is not None:
            audit_record(actor, "complaint.evidence_added", complaint)
    return evidence
