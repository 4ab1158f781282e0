"""Every write to a public-information request goes through here: submitting, tracking,
extension, decision, withdrawal, objection, answer, notes, retention.

Built like the complaint desk (complaints.services): a number under a locked per-year counter,
a tracking secret of which only the hash is kept, and each move under a row lock that refuses
a request seen at another stage. Every move leaves a RequestEvent, and the requester hears of
it through the outbox, in their language, with the event's id in the idempotency key: the same
event is never mailed twice, however often the send task runs.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from complaints.retention import months_add
from humas_portal.audit import audit_record
from humas_portal.elections.dates import day_end, local_date, local_today
from humas_portal.notifications.services import notification_enqueue, notifications_forget
from humas_portal.siteprofile.selectors import office_profile_current
from humas_portal.tracking import (
    case_number_normalise,
    tracking_secret_format,
    tracking_secret_hash,
    tracking_secret_new,
)
from humas_portal.uploads import pdf_sanitize, stored_files_removed_on_error
from ppid.deadlines import (
    extension_due_on,
    objection_due_on,
    objection_window_end,
    request_due_on,
)
from ppid.models import (
    DECISIONS,
    EXTENSION_MAX_WORKING_DAYS,
    ExemptGround,
    InformationRequest,
    Objection,
    ObjectionOutcome,
    ObjectionReason,
    RequestCounter,
    RequestEvent,
    RequestEventKind,
    RequestStage,
)

logger = logging.getLogger(__name__)

DECIDE_PERMISSION = "ppid.decide_request"
ANSWER_PERMISSION = "ppid.answer_objection"


def _actor_check(actor, permission: str) -> None:
    # None is the requester (withdrawal from the tracking page) or the office's automation.
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini."))


def _date_shown(day, language: str) -> str:
    # Written into e-mail and stored notes in the requester's language, not the officer's.
    with translation.override(language):
        return formats.date_format(day, "j F Y")


def _requester_notify(
    request: InformationRequest, *, kind: str, key: str, context: dict, public_form: bool = False
) -> None:
    """Enqueue ``kind`` for the requester when they gave an e-mail address; one without is
    answered by telephone or at the office, as they chose."""
    if not request.requester_email:
        return
    notification_enqueue(
        kind=kind,
        recipient=request.requester_email,
        context={
            "number": request.number,
            "track_url": settings.PORTAL_BASE_URL + reverse("ppid:track"),
            **context,
        },
        idempotency_key=key,
        # Retention forgets these messages with the requester's contact data.
        about=request,
        language=request.language,
        public_form=public_form,
    )


def _event_add(request: InformationRequest, **fields) -> RequestEvent:
    event = RequestEvent(request=request, **fields)
    event.full_clean()
    event.save()
    return event


def _locked(request_id: int) -> InformationRequest:
    # The row lock: two officers (or an officer and the requester) acting at once must not
    # both move the request; the second waits and then sees the first one's stage.
    return InformationRequest.objects.select_for_update().get(pk=request_id)


# --- Submitting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    number: str
    # Shown once on the receipt and mailed; never stored.
    secret: str
    request_id: int

    @property
    def secret_display(self) -> str:
        return tracking_secret_format(self.secret)


def request_sequence_take(*, year: int) -> int:
    """The next request number of the year; call inside the transaction that stores it."""
    # Created once per year, then locked: two requests at once get consecutive numbers and a
    # rolled-back one leaves no gap.
    RequestCounter.objects.bulk_create([RequestCounter(year=year)], ignore_conflicts=True)
    counter = RequestCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def request_number_format(year: int, sequence: int) -> str:
    region = office_profile_current().region_id or "00"
    return "PPID-%s-%d-%06d" % (region.replace(".", ""), year, sequence)


@transaction.atomic
def request_submit(
    *,
    requester_name: str,
    requester_address: str,
    information: str,
    purpose: str,
    delivery: str,
    requester_email: str = "",
    requester_phone: str = "",
    language: str,
) -> Receipt:
    """Register a request and issue its receipt (number and tracking secret).

    ``language`` is the one the requester read the form in: every e-mail is written in it.
    """
    now = timezone.now()
    year = local_date(now).year
    secret = tracking_secret_new()
    request = InformationRequest(
        number="-",
        tracking_hash=tracking_secret_hash(secret),
        requester_name=requester_name.strip(),
        requester_address=requester_address.strip(),
        requester_email=requester_email,
        requester_phone=requester_phone,
        information=information.strip(),
        purpose=purpose.strip(),
        delivery=delivery,
        language=language,
        stage=RequestStage.RECEIVED,
        received_at=now,
        due_on=request_due_on(now),
    )
    if not request.requester_email and not request.requester_phone:
        raise ValidationError(
            _("Isi alamat e-mail atau nomor telepon agar jawaban dapat disampaikan."),
            code="contact_required",
        )
    request.full_clean(exclude=["number", "tracking_hash"])
    request.number = request_number_format(year, request_sequence_take(year=year))
    request.save()
    _event_add(request, kind=RequestEventKind.RECEIVED, to_stage=RequestStage.RECEIVED)
    _requester_notify(
        request,
        kind="ppid_request_receipt",
        key="receipt",
        context={
            "secret": tracking_secret_format(secret),
            "due_on": _date_shown(request.due_on, request.language),
        },
        public_form=True,
    )
    logger.info("information request %s received", request.number)
    return Receipt(number=request.number, secret=secret, request_id=request.pk)


# --- Tracking ---------------------------------------------------------------------------------


def request_track(*, number: str, secret: str) -> InformationRequest | None:
    """The request with this number and secret, or None: the same None for a wrong secret and
    an unknown number, so that no caller can tell them apart."""
    request = InformationRequest.objects.filter(tracking_hash=tracking_secret_hash(secret)).first()
    if request is None or request.number != case_number_normalise(number):
        return None
    return request


# --- Officers' moves --------------------------------------------------------------------------


def _stage_check(request: InformationRequest, expected_stage: str) -> None:
    if request.stage != expected_stage:
        raise ValidationError(
            _(
                "Permohonan %(number)s sudah berada pada tahap %(stage)s, diubah oleh petugas "
                "lain atau oleh pemohon. Muat ulang halaman lalu periksa lagi."
            ),
            params={"number": request.number, "stage": request.get_stage_display()},
            code="stale",
        )


@transaction.atomic
def request_extend(*, request_id: int, actor, days: int, reason: str) -> InformationRequest:
    """Extend the answer's deadline, once, by 1 to 7 working days, with a written reason that
    goes to the requester (UU 14/2008 Pasal 22 ayat 8)."""
    _actor_check(actor, DECIDE_PERMISSION)
    request = _locked(request_id)
    if request.extended_due_on is not None:
        raise ValidationError(
            _(
                "Jangka waktu permohonan %(number)s sudah pernah diperpanjang. Undang-undang "
                "hanya mengizinkan satu kali perpanjangan."
            ),
            params={"number": request.number},
            code="already_extended",
        )
    _stage_check(request, RequestStage.RECEIVED)
    if not isinstance(days, int) or not 1 <= days <= EXTENSION_MAX_WORKING_DAYS:
        raise ValidationError(
            _("Perpanjangan paling sedikit 1 dan paling lama %(max)s hari kerja."),
            params={"max": EXTENSION_MAX_WORKING_DAYS},
            code="days",
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Tuliskan alasan perpanjangan; alasan itu dikirim kepada pemohon."),
            code="reason_required",
        )
    if local_today() > request.due_on:
        raise ValidationError(
            _(
                "Batas jawaban %(date)s sudah lewat. Perpanjangan harus diberitahukan sebelum "
                "batas itu berakhir; berikan jawaban sekarang."
            ),
            params={"date": _date_shown(request.due_on, translation.get_language())},
            code="too_late",
        )
    request.extended_due_on = extension_due_on(request=request, days=days)
    request.extension_reason = reason
    if request.handled_by_id is None:
        request.handled_by = actor
    request.save(update_fields=["extended_due_on", "extension_reason", "handled_by"])
    event = _event_add(request, kind=RequestEventKind.EXTENDED, actor=actor, public_note=reason)
    audit_record(actor, "ppid.request_extended", request, days=days)
    _requester_notify(
        request,
        kind="ppid_request_extended",
        key="event:%s" % event.pk,
        context={
            "reason": reason,
            "days": days,
            "due_on": _date_shown(request.extended_due_on, request.language),
        },
    )
    return request


def _decision_check(*, stage: str, note: str, refusal_ground: str, document) -> None:
    if stage not in DECISIONS:
        raise ValidationError(_("Pilih keputusan yang sah."), code="stage")
    if refusal_ground and refusal_ground not in ExemptGround.values:
        raise ValidationError(_("Pilih dasar pengecualian dari Pasal 17."), code="ground")
    needs_ground = stage in (RequestStage.REFUSED, RequestStage.PARTLY_GRANTED)
    if needs_ground and not refusal_ground:
        raise ValidationError(
            _(
                "Sebutkan dasar pengecualian (UU 14/2008 Pasal 17) untuk informasi yang tidak "
                "diberikan."
            ),
            code="ground_required",
        )
    if not needs_ground and refusal_ground:
        raise ValidationError(
            _("Dasar pengecualian hanya untuk permohonan yang ditolak atau dikabulkan sebagian."),
            code="ground_not_allowed",
        )
    needs_note = {
        RequestStage.GRANTED: _("Tuliskan di mana dan bagaimana pemohon memperoleh informasinya."),
        RequestStage.PARTLY_GRANTED: _(
            "Tuliskan bagian mana yang diberikan dan bagian mana yang dikecualikan."
        ),
        RequestStage.NOT_HELD: _(
            "Tuliskan badan publik yang menguasai informasi itu, tempat pemohon dapat meminta."
        ),
    }
    if stage in needs_note and not note:
        raise ValidationError(needs_note[stage], code="note_required")
    if document is not None and stage not in (RequestStage.GRANTED, RequestStage.PARTLY_GRANTED):
        raise ValidationError(
            _("Dokumen hanya dilampirkan pada permohonan yang dikabulkan."), code="document"
        )


def request_decide(
    *,
    request_id: int,
    actor,
    stage: str,
    note: str,
    refusal_ground: str = "",
    document=None,
    expected_stage: str = RequestStage.RECEIVED,
) -> InformationRequest:
    """Decide a request the officer saw at ``expected_stage``: granted (the note says where or
    how to get it; a PDF may go with it, cleaned), partly granted (the note says what is
    withheld, with the Pasal 17 ground), refused (the ground), or not held (the note says
    where to ask). A second officer deciding at the same moment is refused."""
    _actor_check(actor, DECIDE_PERMISSION)
    note = (note or "").strip()
    _decision_check(stage=stage, note=note, refusal_ground=refusal_ground, document=document)
    # Cleaned before the lock is taken: a slow PDF must not hold the row.
    cleaned = pdf_sanitize(document) if document is not None else None
    with stored_files_removed_on_error(), transaction.atomic():
        request = _locked(request_id)
        _stage_check(request, expected_stage)
        _stage_check(request, RequestStage.RECEIVED)
        from_stage = request.stage
        request.stage = stage
        request.decided_at = timezone.now()
        request.decided_by = actor
        request.decision_note = note
        request.refusal_ground = refusal_ground
        if request.handled_by_id is None:
            request.handled_by = actor
        if cleaned is not None:
            request.decision_document.save(cleaned.name, cleaned, save=False)
        request.save(
            update_fields=[
                "stage", "decided_at", "decided_by", "decision_note", "refusal_ground",
                "decision_document", "handled_by",
            ]
        )  # fmt: skip
        event = _event_add(
            request,
            kind=RequestEventKind.DECIDED,
            from_stage=from_stage,
            to_stage=stage,
            actor=actor,
            public_note=note,
        )
        audit_record(actor, "ppid.request_decided", request, stage=stage)
        _decision_notify(request, event)
    return request


def _decision_notify(request: InformationRequest, event: RequestEvent) -> None:
    window_end = objection_window_end(request)
    _requester_notify(
        request,
        kind="ppid_request_decided",
        key="event:%s" % event.pk,
        context={
            # Lazy labels: rendered in the requester's language by the outbox.
            "stage": RequestStage(request.stage).label,
            "withdrawn": request.stage == RequestStage.WITHDRAWN,
            "note": event.public_note,
            "refusal_ground": (
                ExemptGround(request.refusal_ground).label if request.refusal_ground else ""
            ),
            "has_document": bool(request.decision_document),
            "objection_until": (
                _date_shown(window_end, request.language) if window_end is not None else ""
            ),
        },
    )


@transaction.atomic
def request_withdraw(*, request_id: int, actor=None, note: str = "") -> InformationRequest:
    """Withdraw an undecided request: by the requester from the tracking page (``actor``
    None), or by an officer on the requester's word (the note says how it was given)."""
    _actor_check(actor, DECIDE_PERMISSION)
    request = _locked(request_id)
    if request.stage != RequestStage.RECEIVED:
        raise ValidationError(
            _(
                "Permohonan %(number)s sudah berada pada tahap %(stage)s dan tidak dapat "
                "dicabut lagi."
            ),
            params={"number": request.number, "stage": request.get_stage_display()},
            code="stale",
        )
    request.stage = RequestStage.WITHDRAWN
    # The closing time: retention counts from it (the constraint wants one for every stage
    # but Diterima).
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["stage", "decided_at", "decided_by"])
    event = _event_add(
        request,
        kind=RequestEventKind.WITHDRAWN,
        from_stage=RequestStage.RECEIVED,
        to_stage=RequestStage.WITHDRAWN,
        actor=actor,
        public_note=note.strip(),
    )
    audit_record(actor, "ppid.request_withdrawn", request, by_requester=actor is None)
    _decision_notify(request, event)
    return request


@transaction.atomic
def request_note_add(*, request_id: int, actor, internal_note: str) -> RequestEvent:
    """An officer's note on the request, never shown to the requester."""
    _actor_check(actor, DECIDE_PERMISSION)
    internal_note = internal_note.strip()
    if not internal_note:
        raise ValidationError(_("Catatan tidak boleh kosong."), code="empty")
    request = _locked(request_id)
    return _event_add(request, kind=RequestEventKind.NOTE, actor=actor, internal_note=internal_note)


# --- Objections -------------------------------------------------------------------------------


def objection_window_state(request: InformationRequest, today=None) -> str:
    """Where the request stands for an objection: "filed", "closed" (withdrawn, or the window
    has passed), "waiting" (the answer is not due yet) or "open"."""
    today = today or local_today()
    if hasattr(request, "objection"):
        return "filed"
    end = objection_window_end(request)
    if end is None:
        return "closed"
    if request.stage == RequestStage.RECEIVED and today <= request.answer_due_on:
        return "waiting"
    return "open" if today <= end else "closed"


@transaction.atomic
def objection_file(*, request_id: int, reason: str, statement: str) -> Objection:
    """File the requester's objection (keberatan) to the PPID's superior: within 30 working
    days of the decision, or, when the answer's deadline passed without one, of that
    deadline (UU 14/2008 Pasal 35-36). One per request."""
    request = _locked(request_id)
    statement = (statement or "").strip()
    if reason not in ObjectionReason.values:
        raise ValidationError(_("Pilih alasan keberatan."), code="reason")
    if not statement:
        raise ValidationError(_("Uraikan keberatan Anda."), code="statement_required")
    state = objection_window_state(request)
    if state == "filed":
        raise ValidationError(
            _(
                "Keberatan atas permohonan %(number)s sudah diajukan; satu permohonan, satu "
                "keberatan."
            ),
            params={"number": request.number},
            code="already_filed",
        )
    if state == "waiting":
        raise ValidationError(
            _(
                "Permohonan masih diproses; batas jawabannya %(date)s. Keberatan dapat diajukan "
                "setelah ada keputusan, atau bila sampai batas itu permohonan tidak dijawab."
            ),
            params={"date": _date_shown(request.answer_due_on, translation.get_language())},
            code="not_yet",
        )
    if state == "closed":
        end = objection_window_end(request)
        if end is None:
            raise ValidationError(
                _(
                    "Permohonan ini sudah dicabut; tidak ada keputusan yang dapat diajukan "
                    "keberatan."
                ),
                code="withdrawn",
            )
        raise ValidationError(
            _(
                "Batas waktu pengajuan keberatan sudah berakhir pada %(date)s (30 hari kerja "
                "sejak keputusan atau sejak batas jawaban terlewati, UU 14/2008 Pasal 36). "
                "Keberatan tidak dapat diajukan lagi. Anda dapat mengajukan permohonan informasi "
                "yang baru."
            ),
            params={"date": _date_shown(end, translation.get_language())},
            code="window_closed",
        )
    now = timezone.now()
    objection = Objection(
        request=request,
        reason=reason,
        statement=statement,
        filed_at=now,
        due_on=objection_due_on(now),
    )
    objection.full_clean()
    objection.save()
    event = _event_add(
        request,
        kind=RequestEventKind.OBJECTION_FILED,
        public_note=str(ObjectionReason(reason).label),
    )
    logger.info("information request %s: objection filed", request.number)
    _requester_notify(
        request,
        kind="ppid_objection_received",
        key="event:%s" % event.pk,
        context={
            "reason": ObjectionReason(reason).label,
            "due_on": _date_shown(objection.due_on, request.language),
        },
    )
    return objection


@transaction.atomic
def objection_answer(*, objection_id: int, actor, outcome: str, answer: str) -> Objection:
    """The PPID's superior answers the objection (upheld or rejected, with a written answer);
    the requester is told, and of the route to the Komisi Informasi."""
    _actor_check(actor, ANSWER_PERMISSION)
    if actor is None:
        raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini."))
    answer = (answer or "").strip()
    if outcome not in ObjectionOutcome.values:
        raise ValidationError(_("Pilih hasil keberatan."), code="outcome")
    if not answer:
        raise ValidationError(_("Tuliskan tanggapan atas keberatan."), code="answer_required")
    objection = Objection.objects.select_for_update().select_related("request").get(pk=objection_id)
    if objection.answered_at is not None:
        raise ValidationError(
            _("Keberatan ini sudah dijawab. Muat ulang halaman lalu periksa lagi."), code="stale"
        )
    objection.outcome = outcome
    objection.answer = answer
    objection.answered_at = timezone.now()
    objection.answered_by = actor
    objection.save(update_fields=["outcome", "answer", "answered_at", "answered_by"])
    request = objection.request
    event = _event_add(
        request,
        kind=RequestEventKind.OBJECTION_ANSWERED,
        actor=actor,
        public_note=answer,
    )
    audit_record(actor, "ppid.objection_answered", request, outcome=outcome)
    _requester_notify(
        request,
        kind="ppid_objection_answered",
        key="event:%s" % event.pk,
        context={"outcome": ObjectionOutcome(outcome).label, "answer": answer},
    )
    return objection


# --- Retention --------------------------------------------------------------------------------


def _closed_before(today) -> datetime:
    # Closed on or before this instant: the retention period has run out by today.
    return day_end(months_add(today, -settings.PPID_RETENTION_MONTHS))


def requests_erase_due() -> int:
    """Erase the requester's name, address and contacts PPID_RETENTION_MONTHS after the request
    closed (decided or withdrawn, and its objection, if any, answered); the rest of the row
    stays for the annual report. Returns how many were erased."""
    limit = _closed_before(local_today())
    due = (
        InformationRequest.objects.filter(erased_at__isnull=True, decided_at__lte=limit)
        .exclude(stage=RequestStage.RECEIVED)
        .filter(Q(objection__isnull=True) | Q(objection__answered_at__lte=limit))
        .values_list("pk", flat=True)
    )
    erased = 0
    for request_id in list(due):
        with transaction.atomic():
            request = InformationRequest.objects.select_for_update().get(pk=request_id)
            if request.erased_at is not None:
                continue
            request.requester_name = ""
            request.requester_address = ""
            request.requester_email = ""
            request.requester_phone = ""
            request.erased_at = timezone.now()
            request.save(
                update_fields=[
                    "requester_name", "requester_address", "requester_email",
                    "requester_phone", "erased_at",
                ]
            )  # fmt: skip
            # The outbox rows hold the address (and a receipt the secret's old copy).
            notifications_forget(about=request)
            erased += 1
    if erased:
        logger.info("information requests: contact data of %s erased", erased)
    return erased
