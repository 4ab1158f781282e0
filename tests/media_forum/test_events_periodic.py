"""The periodic side of events: reminders 24 hours before (once per registration, however often
the task runs) and the erasure of registrants' contact data after the retention period."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from humas_portal.notifications.models import Message
from humas_portal.notifications.services import notification_enqueue
from humas_portal.periodic import beat_schedule
from media_forum import event_tasks, events
from media_forum.models import EventStatus, RegistrationStatus, RegistrationToken
from tests.conftest import run_at_once
from tests.media_forum.factories import event_create, journalist_create, registration_create_row

pytestmark = pytest.mark.django_db

S = RegistrationStatus
JAKARTA = ZoneInfo("Asia/Jakarta")


def reminders(registration=None):
    found = Message.objects.filter(kind="event_reminder")
    return found.filter(about_id=registration.pk) if registration else found


def test_both_tasks_are_scheduled():
    schedule = beat_schedule()
    assert schedule["media-forum-event-reminders"]["task"] == "media_forum.event_reminders_send"
    assert schedule["media-forum-contacts-erase"]["task"] == "media_forum.contacts_erase_due"


# --- Reminders -------------------------------------------------------------------------------


def test_the_reminder_task_run_twice_reminds_each_confirmed_registrant_once(office):
    event = event_create(starts_in=timedelta(hours=20), online_url="https://meet.example.com/x")
    confirmed = [registration_create_row(event) for _number in range(3)]
    waiting = registration_create_row(event, status=S.WAITLISTED)
    cancelled = registration_create_row(event, status=S.CANCELLED)

    event_tasks.event_reminders_send()
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        event_tasks.event_reminders_send()

    for registration in confirmed:
        mail = reminders(registration).get()
        assert mail.recipient == registration.email
        assert "https://meet.example.com/x" in mail.body_text
    assert not reminders(waiting).exists()
    assert not reminders(cancelled).exists()
    assert reminders().count() == 3


def test_the_reminder_goes_in_the_window_only(office):
    start = datetime(2027, 3, 10, 9, 0, tzinfo=JAKARTA)
    with time_machine.travel(start - timedelta(days=10), tick=False):
        event = event_create(starts_in=timedelta(days=10))
        registration = registration_create_row(event)
    for moment, expected in [
        (start - timedelta(hours=25), 0),
        (start - timedelta(hours=24, minutes=1), 0),
        (start - timedelta(hours=23, minutes=50), 1),
        (start - timedelta(hours=1), 1),
        (start + timedelta(minutes=5), 1),
    ]:
        with time_machine.travel(moment, tick=False):
            events.event_reminders_send()
        assert reminders(registration).count() == expected, moment


def test_the_reminder_tells_time_and_place_in_the_office_time_zone(office):
    start = datetime(2027, 3, 10, 9, 0, tzinfo=JAKARTA)
    with time_machine.travel(start - timedelta(hours=20), tick=False):
        event = event_create(starts_in=timedelta(hours=20), map_url="https://maps.example.com/a")
        registration = registration_create_row(event, language="en")
        events.event_reminders_send()

    mail = reminders(registration).get()
    assert mail.language == "en"
    assert "09.00" in mail.body_text
    assert event.venue in mail.body_text
    assert "https://maps.example.com/a" in mail.body_html


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_enqueue_one_reminder_each(office, require_postgresql):
    event = event_create(starts_in=timedelta(hours=10))
    registrations = [registration_create_row(event) for _number in range(5)]

    run_at_once(events.event_reminders_send, times=3)

    for registration in registrations:
        assert reminders(registration).count() == 1


def test_cancelled_and_draft_events_get_no_reminders(office):
    for status in (EventStatus.DRAFT, EventStatus.CANCELLED):
        fields = {"cancelled_at": timezone.now()} if status == EventStatus.CANCELLED else {}
        registration_create_row(event_create(starts_in=timedelta(hours=5), status=status, **fields))

    events.event_reminders_send()

    assert not reminders().exists()


# --- Retention -------------------------------------------------------------------------------


def test_erasing_keeps_the_rows_and_the_counts(office):
    event = event_create(starts_in=timedelta(days=-200))
    profile = journalist_create("wartawan@example.com", verified=True)
    came = registration_create_row(
        event, attended_at=timezone.now(), journalist=profile, press_card="KP-123"
    )
    waiting = registration_create_row(event, status=S.WAITLISTED, adhoc_body="pkd", area="Ajung")
    RegistrationToken.objects.create(
        registration=came, purpose="manage", token_hash="a" * 64, expires_at=timezone.now()
    )
    notification_enqueue(
        kind="event_reminder",
        recipient=came.email,
        context={"title": "x"},
        idempotency_key="event_reminder",
        about=came,
    )
    before = {status: event.registrations.filter(status=status).count() for status in S.values}

    erased = events.contacts_erase(event_id=event.pk)

    assert erased == 2
    assert before == {
        status: event.registrations.filter(status=status).count() for status in S.values
    }
    assert event.registrations.filter(attended_at__isnull=False).count() == 1
    for registration in (came, waiting):
        registration.refresh_from_db()
        assert registration.erased_at is not None
        for field in ("name", "email", "phone", "outlet", "position", "press_card", "area"):
            assert getattr(registration, field) == "", field
        assert registration.adhoc_body == ""
        assert registration.journalist is None
    assert not RegistrationToken.objects.exists()
    assert not Message.objects.filter(about_id=came.pk).exists()
    event.refresh_from_db()
    assert event.contacts_erased_at is not None
    # The profile on the press list is the journalist's own, not the registration's.
    profile.refresh_from_db()
    assert profile.name


def test_the_daily_task_erases_only_events_past_the_retention_period(office, settings):
    settings.FORUM_MEDIA_CONTACT_RETENTION_MONTHS = 6
    old = event_create(starts_in=timedelta(days=-200))
    recent = event_create(starts_in=timedelta(days=-100))
    old_registration = registration_create_row(old)
    recent_registration = registration_create_row(recent)

    event_tasks.contacts_erase_due()
    event_tasks.contacts_erase_due()

    old_registration.refresh_from_db()
    recent_registration.refresh_from_db()
    assert old_registration.erased_at is not None
    assert recent_registration.erased_at is None
    assert recent_registration.name


def test_the_period_is_counted_in_calendar_months_from_the_office_date(office, settings):
    settings.FORUM_MEDIA_CONTACT_RETENTION_MONTHS = 6
    ended = datetime(2027, 8, 31, 20, 0, tzinfo=JAKARTA)
    with time_machine.travel(ended - timedelta(hours=3), tick=False):
        event = event_create(starts_in=timedelta(hours=1))

    assert not events.contacts_erase_due(event, datetime(2028, 2, 28).date())
    assert events.contacts_erase_due(event, datetime(2028, 2, 29).date())


def test_no_reminder_goes_to_an_erased_registration(office):
    event = event_create(starts_in=timedelta(hours=3))
    registration = registration_create_row(event)
    events.contacts_erase(event_id=event.pk)

    events.event_reminders_send()

    assert not reminders(registration).exists()


def test_the_worker_knows_both_tasks():
    from humas_portal.celery import app

    assert {"media_forum.event_reminders_send", "media_forum.contacts_erase_due"} <= set(app.tasks)
