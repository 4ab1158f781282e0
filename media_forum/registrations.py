"""Registrations for Forum Media events: the state machine and its e-mails.

registered → (e-mail confirmed) → [pending_approval →] confirmed or waitlisted → cancelled;
rejected ends a pending one. A seat is given or freed only under the event's row lock
(``select_for_update`` on the Event, always taken before the registration's own row), so
however many confirm at once, exactly ``capacity`` hold a seat, and the waitlist keeps the
order of confirmation (``email_confirmed_at``, stamped under that lock).

Every e-mail goes through the outbox with ``about=registration`` and an idempotency key that
makes each message once: one ticket per registration (whether the seat came at confirmation,
approval or promotion from the waitlist), one waitlist notice, one cancellation notice. Links
in e-mails are tokens (humas_portal.tokens): the confirmation link lives
FORUM_MEDIA_CONFIRM_HOURS and may be opened again; the link to manage the registration lives
until some days after the event.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from humas_portal.audit import audit_record
from humas_portal.notifications.services import notification_enqueue, notifications_forget
from humas_portal.notifications.subscriptions import subscriber_email_key
from humas_portal.tokens import TokenPolicy, token_issue, token_verify
from media_forum.models import (
    Event,
    EventAudience,
    JournalistProfile,
    Registration,
    RegistrationState,
    RegistrationStatus,
    RegistrationToken,
    RegistrationTokenPurpose,
)
from media_forum.tickets import ticket_code, ticket_code_display

APPROVE_PERMISSION = "media_forum.approve_registration"
# The manage link works this long after the event ends: for the ticket and the calendar file
# afterwards, never for cancelling (a finished event refuses that).
MANAGE_DAYS_AFTER_EVENT = 30

# Why an event takes no registration now, as the form and the service say it.
REFUSALS = {
    RegistrationState.NOT_YET: _("Pendaftaran acara ini belum dibuka."),
    RegistrationState.CLOSED: _("Pendaftaran acara ini sudah ditutup."),
    RegistrationState.CANCELLED: _("Acara ini dibatalkan; pendaftaran tidak diterima."),
    RegistrationState.FINISHED: _("Acara ini sudah selesai; pendaftaran tidak diterima."),
    RegistrationState.DRAFT: _("Acara ini belum terbit."),
}
DUPLICATE = _(
    "Alamat e-mail ini sudah terdaftar untuk acara ini. Kami mengirim ulang tautan pendaftaran "
    "Anda ke alamat tersebut; periksa kotak masuk (dan folder spam)."
)
# States in which a seat may still be given (a registration made just before the close
# may still be confirmed) or freed.
_SEATS_MOVE = (RegistrationState.OPEN, RegistrationState.CLOSED, RegistrationState.NOT_YET)


# --- Tokens and links ------------------------------------------------------------------------


def _confirm_policy() -> TokenPolicy:
    # Read on every call: the setting may differ per deployment and per test.
    return TokenPolicy(
        purpose=RegistrationTokenPurpose.CONFIRM,
        lifetime=timedelta(hours=settings.FORUM_MEDIA_CONFIRM_HOURS),
    )


def _manage_policy(event: Event, now: datetime) -> TokenPolicy:
    until = event.ends_at + timedelta(days=MANAGE_DAYS_AFTER_EVENT)
    return TokenPolicy(
        purpose=RegistrationTokenPurpose.MANAGE, lifetime=max(until - now, timedelta(days=1))
    )


def _link(url_name: str, raw_token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("forum_media:%s" % url_name, args=[raw_token])


def _confirm_url(registration: Registration) -> str:
    raw_token = token_issue(
        model=RegistrationToken, policy=_confirm_policy(), registration=registration
    )
    return _link("registration_confirm", raw_token)


def _manage_url(registration: Registration) -> str:
    policy = _manage_policy(registration.event, timezone.now())
    raw_token = token_issue(model=RegistrationToken, policy=policy, registration=registration)
    return _link("registration_manage", raw_token)


def registration_for_token(*, raw_token: str, purpose: str) -> Registration | None:
    """The registration a live link of ``purpose`` opens, with its event; None for a wrong,
    expired or malformed one (one answer for all)."""
    # Neither purpose is single use; the lifetime was fixed when the token was issued.
    policy = TokenPolicy(purpose=purpose, lifetime=timedelta(0))
    token = token_verify(
        RegistrationToken.objects.select_related("registration__event"),
        policy=policy,
        raw_token=raw_token,
    )
    return token.registration if token is not None else None


# --- E-mails ---------------------------------------------------------------------------------


def _send(registration: Registration, kind: str, key: str, *, public_form=False, **context):
    notification_enqueue(
        kind=kind,
        recipient=registration.email,
        context={"event": registration.event, "registration": registration, **context},
        idempotency_key=key,
        about=registration,
        language=registration.language,
        public_form=public_form,
    )


def _ticket_send(registration: Registration, *, promoted: bool = False) -> None:
    # One ticket per registration, however its seat came: a promotion after a cancellation
    # run twice, or an approval clicked twice, sends nothing new.
    _send(
        registration,
        "event_ticket",
        "ticket",
        promoted=promoted,
        ticket_code=ticket_code_display(ticket_code(registration.public_id)),
        manage_url=_manage_url(registration),
    )


def _decision_send(registration: Registration) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        _ticket_send(registration)
    elif registration.status == RegistrationStatus.WAITLISTED:
        _send(
            registration,
            "event_waitlisted",
            "waitlisted",
            position=registration_waitlist_position(registration),
            manage_url=_manage_url(registration),
        )
    elif registration.status == RegistrationStatus.PENDING_APPROVAL:
        _send(
            registration,
            "event_pending_approval",
            "pending",
            manage_url=_manage_url(registration),
        )


# --- Seats -----------------------------------------------------------------------------------


def _event_lock(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _registration_lock(registration_id: int) -> Registration:
    # Its event is locked already (always first, so two services never wait on each other).
    return Registration.objects.select_for_update().select_related("event").get(pk=registration_id)


def _seat_decide(event: Event, registration: Registration, now: datetime) -> None:
    """A seat if one is free, else the waitlist. Under the event's lock."""
    taken = Registration.objects.filter(event=event).holding_seat().count()
    registration.status = (
        RegistrationStatus.CONFIRMED if taken < event.capacity else RegistrationStatus.WAITLISTED
    )
    registration.decided_at = now


def _waitlist_fill(event: Event, now: datetime) -> list[Registration]:
    """Give every free seat to the first of the waitlist, in order. Under the event's lock."""
    free = event.capacity - Registration.objects.filter(event=event).holding_seat().count()
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(event=event)
        .waiting()
        .select_related("event")
        .select_for_update()[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.decided_at = now
        registration.save(update_fields=["status", "decided_at"])
        _ticket_send(registration, promoted=True)
    return promoted


def registration_waitlist_position(registration: Registration) -> int | None:
    """1 for the first of the waitlist; None when not on it."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(event_id=registration.event_id)
        .waiting()
        .filter(
            Q(email_confirmed_at__lt=registration.email_confirmed_at)
            | Q(email_confirmed_at=registration.email_confirmed_at, pk__lt=registration.pk)
        )
    )
    return ahead.count() + 1


@transaction.atomic
def registration_waitlist_promote(*, event_id: int) -> list[Registration]:
    """Fill the seats that are free (after the capacity was raised, say) from the waitlist;
    each one promoted gets their ticket, once."""
    event = _event_lock(event_id)
    if event.registration_state(timezone.now()) not in _SEATS_MOVE:
        return []
    return _waitlist_fill(event, timezone.now())


# --- Registering -----------------------------------------------------------------------------


def registration_refusal(event: Event, now: datetime):
    """Why ``event`` takes no registration at ``now``; None when it does."""
    return REFUSALS.get(event.registration_state(now))


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    phone: str,
    language: str,
    outlet: str = "",
    position: str = "",
    press_card: str = "",
    adhoc_body: str = "",
    area: str = "",
) -> Registration:
    """Register ``email`` for ``event`` and send it the confirmation link.

    Refused (ValidationError, in Indonesian) unless the event takes registrations now, and for
    an address already registered for it: then no second row is made and the mailbox gets its
    link again (the confirmation link while unconfirmed, else the manage link; once a day).
    """
    refusal = registration_refusal(event, timezone.now())
    if refusal is not None:
        raise ValidationError(refusal, code="refused")
    audience_fields = {}
    if event.audience == EventAudience.JOURNALISTS:
        audience_fields = {"outlet": outlet, "position": position, "press_card": press_card}
    elif event.audience == EventAudience.ADHOC:
        audience_fields = {"adhoc_body": adhoc_body, "area": area}
    if not _registered_already(event, email):
        try:
            with transaction.atomic():
                registration = Registration(
                    event=event,
                    name=name,
                    email=email,
                    phone=phone,
                    language=language,
                    **audience_fields,
                )
                registration.full_clean(validate_unique=False, validate_constraints=False)
                registration.save()
                _send(
                    registration,
                    "event_registration_confirm",
                    "confirm:%s" % timezone.localdate().isoformat(),
                    public_form=True,
                    confirm_url=_confirm_url(registration),
                    confirm_hours=settings.FORUM_MEDIA_CONFIRM_HOURS,
                )
                return registration
        except IntegrityError:
            pass  # the same address at the same moment: the constraint kept one row
    _link_again(event, email)
    raise ValidationError(DUPLICATE, code="duplicate")


def _registered_already(event: Event, email: str) -> bool:
    # Case-folded: a mailbox is one person however its local part is typed.
    return Registration.objects.filter(event=event, email__iexact=email).exists()


@transaction.atomic
def _link_again(event: Event, email: str) -> None:
    registration = (
        Registration.objects.filter(event=event, email__iexact=email)
        .select_related("event")
        .first()
    )
    if registration is None:
        return
    today = timezone.localdate().isoformat()
    # Keyed by the day, as the first link was: at most one a day, whoever asks for it.
    if registration.status == RegistrationStatus.REGISTERED:
        _send(
            registration,
            "event_registration_confirm",
            "confirm:%s" % today,
            public_form=True,
            confirm_url=_confirm_url(registration),
            confirm_hours=settings.FORUM_MEDIA_CONFIRM_HOURS,
        )
    else:
        _send(
            registration,
            "event_manage_link",
            "manage-link:%s" % today,
            public_form=True,
            manage_url=_manage_url(registration),
            position=registration_waitlist_position(registration),
        )


def _journalist_by_email(email: str) -> JournalistProfile | None:
    return (
        JournalistProfile.objects.filter(subscriber__email=subscriber_email_key(email))
        .order_by("pk")
        .first()
    )


@transaction.atomic
def registration_confirm_email(*, raw_token: str) -> Registration | None:
    """The registrant proved the address: a seat, the waitlist, or the officers' approval.

    None for a wrong or expired link. Confirming again returns the registration unchanged.
    A cancelled or finished event refuses (ValidationError with the reason).
    """
    found = registration_for_token(raw_token=raw_token, purpose=RegistrationTokenPurpose.CONFIRM)
    if found is None:
        return None
    event = _event_lock(found.event_id)
    registration = _registration_lock(found.pk)
    if registration.status != RegistrationStatus.REGISTERED:
        return registration
    now = timezone.now()
    if event.registration_state(now) not in _SEATS_MOVE:
        raise ValidationError(REFUSALS[event.registration_state(now)], code="refused")
    registration.email_confirmed_at = now
    # Linked only now, by the address just proven: the press list's own profile.
    journalist = _journalist_by_email(registration.email)
    if event.audience == EventAudience.JOURNALISTS:
        registration.journalist = journalist
    if event.approval_required and not (journalist is not None and journalist.verified):
        registration.status = RegistrationStatus.PENDING_APPROVAL
    else:
        _seat_decide(event, registration, now)
    registration.save(update_fields=["email_confirmed_at", "journalist", "status", "decided_at"])
    _decision_send(registration)
    return registration


# --- Officers' decisions ---------------------------------------------------------------------


def _decision_lock(registration_id: int, actor) -> tuple[Event, Registration]:
    if not actor.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = _event_lock(event_id)
    return event, _registration_lock(registration_id)


@transaction.atomic
def registration_approve(*, registration_id: int, actor) -> Registration:
    """Approve a registration waiting for it: a seat if one is free, else the waitlist (in the
    order of e-mail confirmation). Approving again changes nothing."""
    event, registration = _decision_lock(registration_id, actor)
    if registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
        return registration
    if registration.status != RegistrationStatus.PENDING_APPROVAL:
        raise ValidationError(
            _("Hanya pendaftaran yang menunggu persetujuan yang dapat disetujui."),
            code="not_pending",
        )
    now = timezone.now()
    if event.registration_state(now) not in _SEATS_MOVE:
        raise ValidationError(REFUSALS[event.registration_state(now)], code="refused")
    _seat_decide(event, registration, now)
    registration.approved_by = actor
    registration.save(update_fields=["status", "decided_at", "approved_by"])
    audit_record(actor, "registration.approved", registration, status=registration.status)
    _decision_send(registration)
    return registration


@transaction.atomic
def registration_reject(*, registration_id: int, actor) -> Registration:
    """Turn down a registration waiting for approval; the registrant is told once."""
    _event, registration = _decision_lock(registration_id, actor)
    if registration.status == RegistrationStatus.REJECTED:
        return registration
    if registration.status != RegistrationStatus.PENDING_APPROVAL:
        raise ValidationError(
            _("Hanya pendaftaran yang menunggu persetujuan yang dapat ditolak."),
            code="not_pending",
        )
    registration.status = RegistrationStatus.REJECTED
    registration.decided_at = timezone.now()
    registration.approved_by = actor
    registration.save(update_fields=["status", "decided_at", "approved_by"])
    audit_record(actor, "registration.rejected", registration)
    _send(registration, "event_registration_rejected", "rejected")
    return registration


# --- The registrant's own cancellation -------------------------------------------------------

_CANCELLABLE = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


def registration_cancel_refusal(registration: Registration, now: datetime):
    """Why the registrant can no longer cancel; None while they can."""
    if registration.status not in _CANCELLABLE:
        return _("Pendaftaran ini sudah berakhir; tidak ada yang perlu dibatalkan.")
    if registration.attended_at is not None:
        return _("Kehadiran Anda sudah tercatat; pendaftaran tidak dapat dibatalkan lagi.")
    state = registration.event.registration_state(now)
    if state == RegistrationState.CANCELLED:
        return _("Acara ini dibatalkan; pendaftaran Anda tidak perlu dibatalkan lagi.")
    if state not in _SEATS_MOVE:
        return _("Pendaftaran ini tidak dapat dibatalkan lagi: acaranya sudah selesai.")
    return None


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel from the manage page. A seat it held goes to the first of the waitlist at once,
    under the same lock, who gets their ticket. Cancelling again changes nothing."""
    event = _event_lock(registration.event_id)
    registration = _registration_lock(registration.pk)
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
        return registration
    now = timezone.now()
    refusal = registration_cancel_refusal(registration, now)
    if refusal is not None:
        raise ValidationError(refusal, code="not_cancellable")
    held_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    _send(registration, "event_registration_cancelled", "cancelled")
    if held_seat:
        _waitlist_fill(event, now)
    return registration


# --- Expiry ----------------------------------------------------------------------------------


@transaction.atomic
def registrations_expire() -> int:
    """Delete registrations whose address was never confirmed within FORUM_MEDIA_CONFIRM_HOURS
    (nobody proved it is theirs, so nothing of it is kept, its e-mails included), and expired
    links. Returns how many registrations went."""
    now = timezone.now()
    cutoff = now - timedelta(hours=settings.FORUM_MEDIA_CONFIRM_HOURS)
    expired = list(
        Registration.objects.filter(status=RegistrationStatus.REGISTERED, created_at__lt=cutoff)
    )
    for registration in expired:
        notifications_forget(about=registration)
    Registration.objects.filter(pk__in=[registration.pk for registration in expired]).delete()
    RegistrationToken.objects.filter(expires_at__lte=now).delete()
    return len(expired)
