"""The office's side of an event: creating, publishing, changing, cancelling and finishing it,
sending its materials, recording attendance at the door, reminders, and erasing registrants'
contact data when the retention period is over.

Every service checks its permission itself (the admin and the check-in page only call them) and
leaves an audit event for what a person did. Registrants hear of it only through the outbox,
each message keyed so that it goes once whatever runs twice:

- a change of time or place of a published event raises ``schedule_version`` and tells every
  registrant holding or waiting for a seat once per version (``event_changed``);
- a cancellation tells them once (``event_cancelled``);
- the reminder goes once per registration, 24 hours before the start (``event_reminder``);
- the materials go once to each attendee (``event_materials``), and optionally once to the
  verified press list as a bulk send.

An event is not marked finished by a clock: ``Event.registration_state`` already treats an
event past its end as over, and "finished" is the office's word that it took place (sending
the materials says so too).
"""

import hmac
import logging
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from humas_portal.audit import audit_record
from humas_portal.cache_invalidation import cache_pages_invalidate
from humas_portal.notifications.bulk import bulk_send_create, bulk_send_find
from humas_portal.notifications.services import notification_enqueue, notifications_forget
from media_forum.models import (
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    RegistrationToken,
)
from media_forum.tickets import CODE_LENGTH, ticket_code, ticket_code_normalise, ticket_matches

logger = logging.getLogger(__name__)

ADD_PERMISSION = "media_forum.add_event"
CHANGE_PERMISSION = "media_forum.change_event"
PUBLISH_PERMISSION = "media_forum.publish_event"
CHECKIN_PERMISSION = "media_forum.checkin_event"

# What registrants must be told about when it changes on a published event.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue", "address", "online_url")
# Set only by the services below, never from a form.
PROTECTED_FIELDS = frozenset(
    {
        "status",
        "schedule_version",
        "published_at",
        "cancelled_at",
        "materials_sent_at",
        "contacts_erased_at",
        "created_by",
        "created_at",
    }
)
# Who hears of a change or a cancellation: whoever holds a seat or may still get one.
NOTIFIED_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.PENDING_APPROVAL,
)
REMINDER_AHEAD = timedelta(hours=24)
# The verified press list (media_forum/apps.py) on the "siaran pers" topic.
PRESS_TOPIC = "siaran-pers"
PRESS_AUDIENCE = "verified_press"


def _require(actor, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini."))


def _locked(event_id: int) -> Event:
    # Two officers acting at once must not both publish, cancel or change the same event.
    return Event.objects.select_for_update().get(pk=event_id)


def _refuse(event: Event, verb: str) -> ValidationError:
    return ValidationError(
        _("Acara berstatus %(status)s tidak dapat %(verb)s."),
        params={"status": event.get_status_display(), "verb": verb},
        code="invalid_transition",
    )


def event_url(event: Event) -> str:
    return settings.PORTAL_BASE_URL + reverse("forum_media:event", kwargs={"slug": event.slug})


def _schedule(event: Event) -> dict:
    return {field: getattr(event, field) for field in SCHEDULE_FIELDS}


def _schedule_changes(event: Event, old: dict) -> list[str]:
    """The fields of SCHEDULE_FIELDS whose value differs. Times are compared to the second,
    the admin form's precision: a time stored with microseconds (demo content, a script) and
    saved back unchanged is no change."""

    def comparable(value):
        return value.replace(microsecond=0) if isinstance(value, datetime) else value

    return [
        field
        for field in SCHEDULE_FIELDS
        if comparable(getattr(event, field)) != comparable(old[field])
    ]


def _event_context(event: Event) -> dict:
    return {
        "title": event.title,
        "url": event_url(event),
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "venue": event.venue,
        "address": event.address,
        "map_url": event.map_url,
    }


def _registrants(event: Event, statuses) -> QuerySet[Registration]:
    # Erased rows keep no address to write to.
    return event.registrations.filter(status__in=statuses, erased_at__isnull=True).order_by("pk")


def _tell(
    registration: Registration, *, kind: str, key: str, context: dict, online_url: str = ""
) -> None:
    # The online link is for those holding a seat only, never for the waitlist.
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    notification_enqueue(
        kind=kind,
        recipient=registration.email,
        context={
            **context,
            "name": registration.name,
            "confirmed": confirmed,
            "online_url": online_url if confirmed else "",
        },
        idempotency_key=key,
        about=registration,
        language=registration.language,
    )


# --- Creating, publishing and changing -------------------------------------------------------


@transaction.atomic
def event_create(*, event: Event, actor) -> Event:
    """Store a new event (the admin form's instance) as a draft of ``actor``."""
    _require(actor, ADD_PERMISSION)
    event.created_by = actor
    event.status = EventStatus.DRAFT
    event.schedule_version = 1
    event.published_at = event.cancelled_at = None
    event.materials_sent_at = event.contacts_erased_at = None
    event.full_clean()
    event.save(force_insert=True)
    audit_record(actor, "event.created", event)
    return event


@transaction.atomic
def event_update(*, event: Event, actor) -> Event:
    """Store the changes carried by ``event`` (the admin form's instance).

    Its status and stamps are always taken from the database. Changing an event the public
    already sees needs the publishing permission. A change of time or place of a published
    event raises ``schedule_version`` and tells each registrant once; saving again without a
    change tells nobody anything.
    """
    _require(actor, CHANGE_PERMISSION)
    current = _locked(event.pk)
    if current.status != EventStatus.DRAFT:
        _require(actor, PUBLISH_PERMISSION)
    for field in PROTECTED_FIELDS:
        attname = Event._meta.get_field(field).attname
        setattr(event, attname, getattr(current, attname))
    old = _schedule(current)
    changed = _schedule_changes(event, old)
    if changed and current.status == EventStatus.PUBLISHED:
        event.schedule_version = current.schedule_version + 1
    event.full_clean()
    event.save(
        update_fields=[
            field.name
            for field in Event._meta.concrete_fields
            if not field.primary_key and field.name not in PROTECTED_FIELDS
        ]
        + ["schedule_version"]
    )
    audit_record(actor, "event.updated", event, schedule_changed=changed)
    if event.schedule_version != current.schedule_version:
        _changed_notify(event, old)
    if current.status != EventStatus.DRAFT:
        # The pages under the old slug too.
        cache_pages_invalidate(instance=current)
        cache_pages_invalidate(instance=event)
    return event


def _changed_notify(event: Event, old: dict) -> int:
    context = {
        **_event_context(event),
        "old_starts_at": old["starts_at"],
        "old_ends_at": old["ends_at"],
        "old_venue": old["venue"],
        "old_address": old["address"],
        "time_changed": (old["starts_at"], old["ends_at"]) != (event.starts_at, event.ends_at),
        "place_changed": (old["venue"], old["address"]) != (event.venue, event.address),
        "online_changed": old["online_url"] != event.online_url,
    }
    count = 0
    for registration in _registrants(event, NOTIFIED_STATUSES):
        _tell(
            registration,
            kind="event_changed",
            # One notice per version: saving the same version again finds the row.
            key="event_changed:%d" % event.schedule_version,
            context=context,
            online_url=event.online_url,
        )
        count += 1
    return count


@transaction.atomic
def event_publish(*, event_id: int, actor) -> Event:
    """Draft -> published: the event's page opens, and registration with it (at its times)."""
    _require(actor, PUBLISH_PERMISSION)
    event = _locked(event_id)
    if event.status != EventStatus.DRAFT:
        raise _refuse(event, _("diterbitkan"))
    event.status = EventStatus.PUBLISHED
    event.published_at = timezone.now()
    event.full_clean()
    event.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor, "event.published", event)
    cache_pages_invalidate(instance=event)
    return event


@transaction.atomic
def event_cancel(*, event_id: int, actor) -> Event:
    """Published -> cancelled; every registrant holding or waiting for a seat is told once.

    The registrations keep their status: the counts of what was asked for stay.
    """
    _require(actor, PUBLISH_PERMISSION)
    event = _locked(event_id)
    if event.status != EventStatus.PUBLISHED:
        raise _refuse(event, _("dibatalkan"))
    event.status = EventStatus.CANCELLED
    event.cancelled_at = timezone.now()
    event.full_clean()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(actor, "event.cancelled", event)
    context = _event_context(event)
    for registration in _registrants(event, NOTIFIED_STATUSES):
        _tell(registration, kind="event_cancelled", key="event_cancelled", context=context)
    cache_pages_invalidate(instance=event)
    return event


@transaction.atomic
def event_finish(*, event_id: int, actor) -> Event:
    """Published -> finished, once the event has begun: the office says it took place."""
    _require(actor, PUBLISH_PERMISSION)
    event = _locked(event_id)
    if event.status != EventStatus.PUBLISHED:
        raise _refuse(event, _("diselesaikan"))
    if timezone.now() < event.starts_at:
        raise ValidationError(
            _("Acara %(title)s belum dimulai; tandai selesai setelah acara berlangsung."),
            params={"title": event.title},
            code="not_started",
        )
    event.status = EventStatus.FINISHED
    event.save(update_fields=["status", "updated_at"])
    audit_record(actor, "event.finished", event)
    cache_pages_invalidate(instance=event)
    return event


# --- Materials -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MaterialsSent:
    attendees: int
    press: bool


def _materials_links(event: Event, now: datetime) -> list[dict]:
    materials = [
        material
        for material in event.materials.all()
        if material.publish_at is None or material.publish_at <= now
    ]
    return [
        {
            "title": material.title,
            "url": settings.PORTAL_BASE_URL + material.file.url,
            "kind": material.get_kind_display(),
            "size": material.size,
        }
        for material in materials
    ]


@transaction.atomic
def materials_send(*, event_id: int, actor, press: bool = False) -> MaterialsSent:
    """After the event: its materials to each attendee, once; with ``press`` also once to the
    verified press list (a bulk send on the "siaran pers" topic, with its unsubscribe links).

    Sending again sends nothing new to anyone.
    """
    _require(actor, PUBLISH_PERMISSION)
    event = _locked(event_id)
    now = timezone.now()
    if event.status not in (EventStatus.PUBLISHED, EventStatus.FINISHED):
        raise ValidationError(
            _("Materi acara berstatus %(status)s tidak dikirim."),
            params={"status": event.get_status_display()},
            code="invalid_transition",
        )
    if now < event.ends_at:
        raise ValidationError(
            _("Materi dikirim setelah acara %(title)s selesai."),
            params={"title": event.title},
            code="not_over",
        )
    links = _materials_links(event, now)
    if not links:
        raise ValidationError(
            _("Acara %(title)s belum punya materi yang terbit."),
            params={"title": event.title},
            code="no_materials",
        )
    context = {**_event_context(event), "materials": links}
    attendees = event.registrations.filter(attended_at__isnull=False, erased_at__isnull=True)
    count = 0
    for registration in attendees.order_by("pk"):
        _tell(registration, kind="event_materials", key="event_materials", context=context)
        count += 1
    if event.materials_sent_at is None:
        event.materials_sent_at = now
        event.save(update_fields=["materials_sent_at", "updated_at"])
    reference = "media_forum.event:%d:materials" % event.pk
    press_sent = False
    if press and bulk_send_find(reference=reference) is None:
        bulk_send_create(
            topic=PRESS_TOPIC,
            kind="event_materials_press",
            context=context,
            actor=actor,
            audience=PRESS_AUDIENCE,
            reference=reference,
        )
        press_sent = True
    audit_record(actor, "event.materials_sent", event, attendees=count, press=press_sent)
    return MaterialsSent(attendees=count, press=press_sent)


# --- Check-in at the door --------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinResult:
    registration: Registration
    # False: nothing was written (already present, or not holding a seat).
    recorded: bool


CHECKIN_STATUSES = (EventStatus.PUBLISHED, EventStatus.FINISHED)


def registration_checkin(*, registration_id: int, actor) -> CheckinResult:
    """Record that the holder of a confirmed seat came, once.

    One conditional UPDATE: of two scans at once, one records and the other finds it done.
    Refused (ValidationError, nothing written) for a registration without a seat or an event
    that is not on.
    """
    _require(actor, CHECKIN_PERMISSION)
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        if registration.event.status not in CHECKIN_STATUSES:
            raise ValidationError(
                _("Acara ini berstatus %(status)s; kehadiran tidak dicatat."),
                params={"status": registration.event.get_status_display()},
                code="event_not_on",
            )
        now = timezone.now()
        recorded = bool(
            Registration.objects.filter(
                pk=registration_id,
                status=RegistrationStatus.CONFIRMED,
                attended_at__isnull=True,
            ).update(attended_at=now, attended_by=actor)
        )
        registration.refresh_from_db(fields=["status", "attended_at", "attended_by"])
        if not recorded and registration.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(
                _("Pendaftaran ini berstatus %(status)s, bukan pemegang kursi; tidak dicatat."),
                params={"status": registration.get_status_display()},
                code="no_seat",
            )
        if recorded:
            audit_record(actor, "registration.attended", registration)
    return CheckinResult(registration=registration, recorded=recorded)


# --- Periodic: reminders, retention ----------------------------------------------------------


def event_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each confirmed registrant of a published event that starts within 24 hours.

    Runs every few minutes; each registration's reminder is keyed, so a second run, or two
    at once, enqueues nothing new. Returns how many registrations were considered.
    """
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_AHEAD,
            status=RegistrationStatus.CONFIRMED,
            erased_at__isnull=True,
        )
        .select_related("event")
        .order_by("event_id", "pk")
    )
    count = 0
    for registration in registrations.iterator(chunk_size=500):
        with transaction.atomic():
            _tell(
                registration,
                kind="event_reminder",
                key="event_reminder",
                context=_event_context(registration.event),
                online_url=registration.event.online_url,
            )
        count += 1
    return count


def _months_add(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def contacts_erase_due(event: Event, today: date) -> bool:
    """Whether the retention period of ``event``'s registrants' contacts is over on ``today``:
    FORUM_MEDIA_CONTACT_RETENTION_MONTHS calendar months after the office's date it ended."""
    months = settings.FORUM_MEDIA_CONTACT_RETENTION_MONTHS
    return _months_add(timezone.localdate(event.ends_at), months) <= today


@transaction.atomic
def contacts_erase(*, event_id: int, actor=None) -> int:
    """Erase the contact data of every registration of one event (UU 27/2022): name, e-mail,
    phone and the audience's fields; the rows, their status and attendance stay, so the counts
    stay. Their tokens and outbox messages go too. Returns how many rows were erased."""
    event = _locked(event_id)
    now = timezone.now()
    registrations = event.registrations.filter(erased_at__isnull=True)
    for registration in registrations:
        notifications_forget(about=registration)
    RegistrationToken.objects.filter(registration__event=event).delete()
    erased = registrations.update(
        name="",
        email="",
        phone="",
        outlet="",
        position="",
        press_card="",
        adhoc_body="",
        area="",
        journalist=None,
        erased_at=now,
    )
    event.contacts_erased_at = now
    event.save(update_fields=["contacts_erased_at", "updated_at"])
    audit_record(actor, "event.contacts_erased", event, registrations=erased)
    return erased


def contacts_erase_due_all(*, now: datetime | None = None) -> int:
    """The daily task: erase the contacts of every event whose retention period is over."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # A bound that selects every due event (a month is at least 28 days); the exact calendar
    # rule is checked per event.
    bound = now - timedelta(days=28 * settings.FORUM_MEDIA_CONTACT_RETENTION_MONTHS)
    candidates = Event.objects.filter(contacts_erased_at__isnull=True, ends_at__lte=bound)
    erased = 0
    for event in candidates.order_by("ends_at"):
        if contacts_erase_due(event, today):
            erased += contacts_erase(event_id=event.pk)
    if erased:
        logger.info("media_forum: contact data of %d registrations erased", erased)
    return erased


# --- Check-in selectors ----------------------------------------------------------------------

CHECKIN_SEARCH_LIMIT = 20
CHECKIN_EVENTS_LIMIT = 30


def checkin_events(*, now: datetime | None = None) -> list[Event]:
    """The events a door may be staffed for: today's and upcoming first (soonest first), then
    the recent past (latest first), published or finished."""
    now = now or timezone.now()
    today_start = timezone.make_aware(
        datetime.combine(timezone.localdate(now), datetime.min.time())
    )
    on = Event.objects.filter(status__in=CHECKIN_STATUSES)
    current = list(
        on.filter(ends_at__gte=today_start).order_by("starts_at", "pk")[:CHECKIN_EVENTS_LIMIT]
    )
    past = list(
        on.filter(ends_at__lt=today_start).order_by("-starts_at", "-pk")[
            : max(0, CHECKIN_EVENTS_LIMIT - len(current))
        ]
    )
    return current + past


def checkin_registration(*, public_id, code: str) -> Registration | None:
    """The registration a ticket's QR code names, or None for a forged code or an unknown id
    (the same answer, so the page tells nothing more about either)."""
    if not ticket_matches(public_id, code):
        return None
    return (
        Registration.objects.select_related("event", "attended_by")
        .filter(public_id=public_id)
        .first()
    )


def checkin_by_code(*, event: Event, code: str) -> Registration | None:
    """The confirmed registration of ``event`` whose ticket code was typed, or None. The codes
    are computed from the event's confirmed registrations (one query): none is stored."""
    typed = ticket_code_normalise(code)
    if len(typed) != CODE_LENGTH:
        return None
    confirmed = event.registrations.holding_seat().filter(erased_at__isnull=True)
    for registration in confirmed.select_related("event").only("pk", "public_id", "event"):
        if hmac.compare_digest(ticket_code(registration.public_id), typed):
            return registration
    return None


def checkin_by_name(*, event: Event, words: str) -> list[Registration]:
    """Registrations of ``event`` whose name or outlet contains ``words`` (at most
    CHECKIN_SEARCH_LIMIT, by name), whatever their status: the page says who holds a seat."""
    return list(
        event.registrations.filter(erased_at__isnull=True)
        .filter(Q(name__icontains=words) | Q(outlet__icontains=words))
        .order_by("name", "pk")[:CHECKIN_SEARCH_LIMIT]
    )
