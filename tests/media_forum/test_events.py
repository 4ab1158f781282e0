"""The office's side of events (media_forum.events): publishing, change and cancellation notices
once per change, finishing, materials, attendance, and permissions."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from humas_portal.models import AuditEvent
from humas_portal.notifications.models import BulkSend, Message
from humas_portal.roles import EDITOR, MEDIA_FORUM_COORDINATOR
from media_forum import events
from media_forum.models import EventMaterial, EventStatus, MaterialKind, RegistrationStatus
from tests.factories import staff_create
from tests.media_forum.factories import event_create, registration_create_row

pytestmark = pytest.mark.django_db

S = RegistrationStatus


@pytest.fixture
def coordinator(office):
    return staff_create("koordinator", role=MEDIA_FORUM_COORDINATOR)


@pytest.fixture
def writer(office):
    return staff_create("penulis", role=EDITOR)


def one_of_each(event):
    """A registration in each status: who is told of a change and who is not."""
    return {status: registration_create_row(event, status=status) for status in S.values}


def messages(kind, registration=None):
    found = Message.objects.filter(kind=kind)
    if registration is not None:
        found = found.filter(recipient=registration.email, about_id=registration.pk)
    return found


def edited(event, **changes):
    """The event as the admin form hands it over: a fresh instance carrying the new values."""
    copy = type(event).objects.get(pk=event.pk)
    for field, value in changes.items():
        setattr(copy, field, value)
    return copy


# --- Creating and publishing -----------------------------------------------------------------


def test_a_new_event_is_a_draft_of_its_author_whatever_the_form_said(coordinator):
    draft = event_create(status=EventStatus.DRAFT, created_by=coordinator)
    draft.delete()
    draft.pk = None
    draft.slug = "forum-baru"
    draft.status = EventStatus.FINISHED
    draft.published_at = timezone.now()
    draft.materials_sent_at = timezone.now()

    created = events.event_create(event=draft, actor=coordinator)

    created.refresh_from_db()
    assert created.status == EventStatus.DRAFT
    assert created.published_at is None
    assert created.materials_sent_at is None
    assert created.created_by == coordinator
    assert AuditEvent.objects.filter(action="event.created", target_id=str(created.pk)).exists()


def test_the_coordinator_publishes_a_draft_once(coordinator):
    event = event_create(status=EventStatus.DRAFT)

    events.event_publish(event_id=event.pk, actor=coordinator)

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.published_at is not None
    with pytest.raises(ValidationError):
        events.event_publish(event_id=event.pk, actor=coordinator)
    assert AuditEvent.objects.filter(action="event.published").count() == 1


def test_a_writer_may_not_publish_cancel_finish_or_send_materials(writer):
    draft = event_create(status=EventStatus.DRAFT)
    published = event_create(starts_in=timedelta(days=-2))

    for service, event in [
        (events.event_publish, draft),
        (events.event_cancel, published),
        (events.event_finish, published),
        (events.materials_send, published),
    ]:
        with pytest.raises(PermissionDenied):
            service(event_id=event.pk, actor=writer)
    with pytest.raises(PermissionDenied):
        events.event_update(event=edited(published, title="Diubah"), actor=writer)
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == EventStatus.DRAFT
    assert published.status == EventStatus.PUBLISHED
    assert published.title != "Diubah"


def test_anonymous_and_none_actors_are_refused(coordinator):
    from django.contrib.auth.models import AnonymousUser

    event = event_create(status=EventStatus.DRAFT)
    for actor in (None, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            events.event_publish(event_id=event.pk, actor=actor)


# --- Changes of time or place ----------------------------------------------------------------


def test_a_time_change_tells_each_seat_holder_and_waiting_registrant_once(coordinator):
    event = event_create()
    people = one_of_each(event)
    new_start = event.starts_at + timedelta(hours=3)

    events.event_update(
        event=edited(event, starts_at=new_start, ends_at=new_start + timedelta(hours=2)),
        actor=coordinator,
    )

    event.refresh_from_db()
    assert event.schedule_version == 2
    told = {S.CONFIRMED, S.WAITLISTED, S.PENDING_APPROVAL}
    for status, registration in people.items():
        assert messages("event_changed", registration).count() == (1 if status in told else 0)
    assert messages("event_changed").count() == 3
    body = messages("event_changed", people[S.CONFIRMED]).get().body_text
    assert "→" in body


def test_saving_without_a_change_tells_nobody_and_two_changes_tell_twice(coordinator):
    event = event_create()
    registration = registration_create_row(event)

    events.event_update(event=edited(event, title="Judul baru"), actor=coordinator)
    events.event_update(event=edited(event, title="Judul baru"), actor=coordinator)
    assert messages("event_changed").count() == 0
    event.refresh_from_db()
    assert event.schedule_version == 1

    events.event_update(event=edited(event, venue="Hotel Aston Jember"), actor=coordinator)
    events.event_update(event=edited(event, venue="Hotel Aston Jember"), actor=coordinator)
    assert messages("event_changed", registration).count() == 1
    events.event_update(event=edited(event, address="Jl. Sultan Agung 2"), actor=coordinator)

    event.refresh_from_db()
    assert event.schedule_version == 3
    assert messages("event_changed", registration).count() == 2


def test_a_repeated_notice_of_the_same_version_is_not_enqueued_twice(coordinator):
    event = event_create()
    registration = registration_create_row(event)
    events.event_update(event=edited(event, venue="Tempat baru"), actor=coordinator)
    event.refresh_from_db()

    # As if the same change were handled again (a retried request): the key holds.
    events._changed_notify(event, events._schedule(event))

    assert messages("event_changed", registration).count() == 1


def test_the_online_link_of_a_change_goes_only_to_confirmed_registrants(coordinator):
    event = event_create(online_url="https://meet.example.com/lama")
    confirmed = registration_create_row(event, status=S.CONFIRMED)
    waiting = registration_create_row(event, status=S.WAITLISTED)

    events.event_update(
        event=edited(event, online_url="https://meet.example.com/baru"), actor=coordinator
    )

    confirmed_mail = messages("event_changed", confirmed).get()
    waiting_mail = messages("event_changed", waiting).get()
    assert "https://meet.example.com/baru" in confirmed_mail.body_text
    assert "https://meet.example.com/baru" in confirmed_mail.body_html
    assert "meet.example.com" not in waiting_mail.body_text + waiting_mail.body_html


def test_a_draft_changes_freely_without_notices_and_status_cannot_be_forged(coordinator):
    event = event_create(status=EventStatus.DRAFT)
    registration_create_row(event)

    events.event_update(
        event=edited(event, venue="Tempat lain", status=EventStatus.PUBLISHED, schedule_version=9),
        actor=coordinator,
    )

    event.refresh_from_db()
    assert event.venue == "Tempat lain"
    assert event.status == EventStatus.DRAFT
    assert event.schedule_version == 1
    assert messages("event_changed").count() == 0


def test_an_invalid_change_is_refused_and_nothing_is_sent(coordinator):
    event = event_create()
    registration_create_row(event)

    with pytest.raises(ValidationError):
        events.event_update(event=edited(event, ends_at=event.starts_at), actor=coordinator)

    event.refresh_from_db()
    assert event.schedule_version == 1
    assert messages("event_changed").count() == 0


# --- Cancelling and finishing ----------------------------------------------------------------


def test_a_cancellation_tells_each_registrant_once(coordinator):
    event = event_create()
    people = one_of_each(event)

    events.event_cancel(event_id=event.pk, actor=coordinator)
    with pytest.raises(ValidationError):
        events.event_cancel(event_id=event.pk, actor=coordinator)

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.cancelled_at is not None
    assert messages("event_cancelled").count() == 3
    assert messages("event_cancelled", people[S.CANCELLED]).count() == 0
    # The registrations keep their status: the counts stay.
    assert event.registrations.filter(status=S.CONFIRMED).count() == 1


def test_a_cancelled_event_is_not_changed_by_a_later_edit_notice(coordinator):
    event = event_create()
    registration_create_row(event)
    events.event_cancel(event_id=event.pk, actor=coordinator)

    events.event_update(event=edited(event, venue="Tempat lain"), actor=coordinator)

    assert messages("event_changed").count() == 0


def test_an_event_is_finished_only_once_it_has_begun(coordinator):
    upcoming = event_create()
    with pytest.raises(ValidationError):
        events.event_finish(event_id=upcoming.pk, actor=coordinator)

    past = event_create(starts_in=timedelta(days=-1))
    events.event_finish(event_id=past.pk, actor=coordinator)
    past.refresh_from_db()
    assert past.status == EventStatus.FINISHED
    with pytest.raises(ValidationError):
        events.event_finish(event_id=past.pk, actor=coordinator)


# --- Materials -------------------------------------------------------------------------------


def add_material(event, *, publish_at=None, title="Bahan paparan"):
    material = EventMaterial(
        event=event, title=title, kind=MaterialKind.PDF, publish_at=publish_at, size=1234
    )
    material.file.save("paparan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    material.save()
    return material


def test_materials_go_once_to_each_attendee_only(coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = event_create(starts_in=timedelta(days=-1))
    add_material(event)
    add_material(event, title="Belum terbit", publish_at=timezone.now() + timedelta(days=3))
    came = registration_create_row(event, attended_at=timezone.now())
    absent = registration_create_row(event)

    first = events.materials_send(event_id=event.pk, actor=coordinator)
    again = events.materials_send(event_id=event.pk, actor=coordinator)

    assert first.attendees == 1
    assert again.attendees == 1
    mail = messages("event_materials", came).get()
    assert "Bahan paparan" in mail.body_text
    assert "Belum terbit" not in mail.body_text
    assert messages("event_materials", absent).count() == 0
    event.refresh_from_db()
    assert event.materials_sent_at is not None
    assert BulkSend.objects.count() == 0


def test_the_press_list_gets_the_materials_as_one_bulk_send_once(coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = event_create(starts_in=timedelta(days=-1))
    add_material(event)

    assert events.materials_send(event_id=event.pk, actor=coordinator, press=True).press
    assert not events.materials_send(event_id=event.pk, actor=coordinator, press=True).press

    bulk = BulkSend.objects.get()
    assert bulk.audience == "verified_press"
    assert bulk.topic == "siaran-pers"


def test_materials_are_refused_before_the_end_without_materials_or_when_cancelled(
    coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upcoming = event_create()
    add_material(upcoming)
    bare = event_create(starts_in=timedelta(days=-1))
    cancelled = event_create(starts_in=timedelta(days=-1))
    add_material(cancelled)
    events.event_cancel(event_id=cancelled.pk, actor=coordinator)

    for event in (upcoming, bare, cancelled):
        with pytest.raises(ValidationError):
            events.materials_send(event_id=event.pk, actor=coordinator)
    assert messages("event_materials").count() == 0


# --- Attendance ------------------------------------------------------------------------------


def test_attendance_is_recorded_once(coordinator):
    event = event_create(starts_in=timedelta(minutes=-10))
    registration = registration_create_row(event)

    first = events.registration_checkin(registration_id=registration.pk, actor=coordinator)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        second = events.registration_checkin(registration_id=registration.pk, actor=coordinator)

    assert first.recorded
    assert not second.recorded
    assert second.registration.attended_at == first.registration.attended_at
    assert second.registration.attended_by == coordinator
    assert AuditEvent.objects.filter(action="registration.attended").count() == 1


@pytest.mark.parametrize("status", [S.WAITLISTED, S.CANCELLED, S.PENDING_APPROVAL, S.REGISTERED])
def test_someone_without_a_seat_is_not_recorded(coordinator, status):
    registration = registration_create_row(event_create(), status=status)

    with pytest.raises(ValidationError):
        events.registration_checkin(registration_id=registration.pk, actor=coordinator)

    registration.refresh_from_db()
    assert registration.attended_at is None


def test_nobody_is_checked_in_to_a_cancelled_event(coordinator):
    event = event_create()
    registration = registration_create_row(event)
    events.event_cancel(event_id=event.pk, actor=coordinator)

    with pytest.raises(ValidationError):
        events.registration_checkin(registration_id=registration.pk, actor=coordinator)
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_checking_in_needs_the_permission(writer):
    registration = registration_create_row(event_create())

    with pytest.raises(PermissionDenied):
        events.registration_checkin(registration_id=registration.pk, actor=writer)
    registration.refresh_from_db()
    assert registration.attended_at is None
