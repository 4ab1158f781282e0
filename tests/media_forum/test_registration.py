"""Forum Media registrations: the state machine and its e-mails (media_forum.registrations)."""

import io
from datetime import timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from humas_portal.notifications.email import email_build, message_bodies
from humas_portal.notifications.models import Message
from humas_portal.notifications.services import notification_deliver
from humas_portal.periodic import beat_schedule
from humas_portal.qr import BORDER, BOX_SIZE
from media_forum.models import (
    EventAudience,
    EventStatus,
    Registration,
    RegistrationStatus,
    RegistrationToken,
)
from media_forum.registrations import (
    registration_approve,
    registration_cancel,
    registration_confirm_email,
    registration_create,
    registration_reject,
    registration_waitlist_position,
    registration_waitlist_promote,
    registrations_expire,
)
from media_forum.tickets import ticket_code, ticket_code_display
from tests.media_forum.factories import event_create, journalist_create, officer_create
from tests.media_forum.registration_support import (
    confirm_token,
    link_token,
    mails,
    registration_site,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office", "registration_site")]


def register(event, email="rina@media.example.id", **fields):
    values = {
        "name": "Rina Wartawati",
        "email": email,
        "phone": "+6281234567890",
        "language": "id",
        "outlet": "Radar Jember",
        "position": "Wartawan",
        **fields,
    }
    return registration_create(event=event, **values)


def confirmed(event, email="rina@media.example.id", **fields):
    registration = register(event, email, **fields)
    return registration_confirm_email(raw_token=confirm_token(registration))


# --- Registering -----------------------------------------------------------------------------


def test_registering_stores_the_row_and_mails_a_confirmation_link():
    event = event_create()

    registration = register(event)

    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.email_confirmed_at is None
    (mail,) = mails(registration)
    assert mail.kind == "event_registration_confirm"
    assert mail.recipient == "rina@media.example.id"
    assert mail.sensitive
    assert mail.encrypted
    assert event.title in mail.subject
    text, html = message_bodies(message=mail)
    assert "/forum-media/pendaftaran/konfirmasi/" in text
    assert "24 jam" in text
    assert confirm_token(registration) in html


def test_only_the_audiences_own_fields_are_kept():
    public = event_create(audience=EventAudience.PUBLIC)
    adhoc = event_create(audience=EventAudience.ADHOC)

    first = register(public, adhoc_body="pkd", area="Desa Antirogo")
    second = register(adhoc, adhoc_body="pkd", area="Desa Antirogo")

    assert (first.outlet, first.adhoc_body, first.area) == ("", "", "")
    assert (second.outlet, second.adhoc_body, second.area) == ("", "pkd", "Desa Antirogo")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": EventStatus.CANCELLED, "cancelled_at": None}, "dibatalkan"),
        ({"status": EventStatus.FINISHED}, "sudah selesai"),
        ({"registration_opens_at": timedelta(days=1)}, "belum dibuka"),
        ({"registration_closes_at": -timedelta(hours=1)}, "sudah ditutup"),
    ],
)
def test_an_event_not_taking_registrations_refuses_with_its_reason(fields, message):
    now = timezone.now()
    fields = {
        name: (now + value if isinstance(value, timedelta) else value)
        for name, value in fields.items()
    }
    if "registration_closes_at" in fields:
        fields["registration_opens_at"] = now - timedelta(days=2)
    event = event_create(**fields)

    with pytest.raises(ValidationError) as refused:
        register(event)

    assert message in refused.value.messages[0]
    assert not Registration.objects.filter(event=event).exists()
    assert not Message.objects.exists()


def test_an_event_that_is_over_refuses_even_while_published():
    now = timezone.now()
    event = event_create(starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))

    with pytest.raises(ValidationError, match="sudah selesai"):
        register(event)


def test_a_duplicate_gets_a_clear_message_no_second_row_and_the_link_again():
    event = event_create()
    registration = confirmed(event)

    with pytest.raises(ValidationError) as refused:
        register(event, "rina@media.example.id", name="Orang Lain")
    # The local part's case makes no second person.
    with pytest.raises(ValidationError):
        register(event, "RINA@Media.Example.ID")

    assert "sudah terdaftar untuk acara ini" in refused.value.messages[0]
    assert Registration.objects.filter(event=event).count() == 1
    registration.refresh_from_db()
    assert registration.name == "Rina Wartawati"
    # One manage link a day, however often someone tries.
    (link,) = mails(registration, "event_manage_link")
    text, _html = message_bodies(message=link)
    assert "/forum-media/pendaftaran/" in text
    assert "Terkonfirmasi" in text


def test_a_duplicate_of_an_unconfirmed_registration_gets_no_second_confirmation_today():
    event = event_create()
    registration = register(event)

    with pytest.raises(ValidationError):
        register(event)

    assert len(mails(registration, "event_registration_confirm")) == 1
    assert mails(registration, "event_manage_link") == []


# --- Confirming ------------------------------------------------------------------------------


def test_confirming_gives_a_seat_and_sends_the_ticket_once():
    event = event_create(online_url="https://meet.example.id/forum")
    registration = register(event)
    token = confirm_token(registration)

    first = registration_confirm_email(raw_token=token)
    again = registration_confirm_email(raw_token=token)

    assert first.status == again.status == RegistrationStatus.CONFIRMED
    assert first.email_confirmed_at == again.email_confirmed_at is not None
    assert first.decided_at is not None
    (ticket,) = mails(registration, "event_ticket")
    assert ticket.sensitive
    text, _html = message_bodies(message=ticket)
    assert ticket_code_display(ticket_code(registration.public_id)) in text
    assert "https://meet.example.id/forum" in text  # the online link, for a seat holder
    assert ticket_code(registration.public_id) not in ticket.subject


def test_a_full_event_puts_the_next_on_the_waitlist_in_order():
    event = event_create(capacity=1, online_url="https://meet.example.id/forum")
    confirmed(event, "satu@example.id")

    second = confirmed(event, "dua@example.id")
    third = confirmed(event, "tiga@example.id")

    assert second.status == third.status == RegistrationStatus.WAITLISTED
    assert registration_waitlist_position(second) == 1
    assert registration_waitlist_position(third) == 2
    (notice,) = mails(third, "event_waitlisted")
    text, _html = message_bodies(message=notice)
    assert "urutan ke-2" in text
    assert "meet.example.id" not in text
    assert mails(third, "event_ticket") == []


@pytest.mark.parametrize("token", ["", "x" * 43, "pendek", "a" * 500, "../../etc/passwd"])
def test_a_wrong_confirmation_link_confirms_nothing(token):
    registration = register(event_create())

    assert registration_confirm_email(raw_token=token) is None
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_an_expired_confirmation_link_confirms_nothing(settings):
    registration = register(event_create())
    token = confirm_token(registration)
    RegistrationToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert registration_confirm_email(raw_token=token) is None
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_a_cancelled_event_refuses_the_confirmation():
    event = event_create()
    registration = register(event)
    event.status = EventStatus.CANCELLED
    event.save()

    with pytest.raises(ValidationError, match="dibatalkan"):
        registration_confirm_email(raw_token=confirm_token(registration))


# --- Journalists and approval ----------------------------------------------------------------


def test_a_journalist_is_linked_to_the_press_list_only_once_confirmed():
    event = event_create(audience=EventAudience.JOURNALISTS)
    profile = journalist_create("rina@media.example.id", verified=False)

    registration = register(event)
    assert registration.journalist is None
    registration = registration_confirm_email(raw_token=confirm_token(registration))

    assert registration.journalist == profile


def test_approval_comes_after_confirmation_and_gives_a_seat():
    event = event_create(approval_required=True, capacity=1)
    officer = officer_create()

    registration = confirmed(event)
    assert registration.status == RegistrationStatus.PENDING_APPROVAL
    assert len(mails(registration, "event_pending_approval")) == 1
    assert mails(registration, "event_ticket") == []

    approved = registration_approve(registration_id=registration.pk, actor=officer)
    again = registration_approve(registration_id=registration.pk, actor=officer)

    assert approved.status == again.status == RegistrationStatus.CONFIRMED
    assert approved.approved_by == officer
    assert len(mails(registration, "event_ticket")) == 1


def test_approval_past_the_capacity_goes_to_the_waitlist():
    event = event_create(approval_required=True, capacity=1)
    officer = officer_create()
    first, second = confirmed(event, "satu@example.id"), confirmed(event, "dua@example.id")
    registration_approve(registration_id=first.pk, actor=officer)

    second = registration_approve(registration_id=second.pk, actor=officer)

    assert second.status == RegistrationStatus.WAITLISTED
    assert len(mails(second, "event_waitlisted")) == 1


def test_a_verified_journalist_skips_approval():
    event = event_create(audience=EventAudience.JOURNALISTS, approval_required=True)
    journalist_create("rina@media.example.id", verified=True)

    registration = confirmed(event)

    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.journalist.verified


def test_an_unverified_journalist_waits_for_approval():
    event = event_create(audience=EventAudience.JOURNALISTS, approval_required=True)
    journalist_create("rina@media.example.id", verified=False)

    assert confirmed(event).status == RegistrationStatus.PENDING_APPROVAL


def test_rejecting_tells_the_registrant_once():
    event = event_create(approval_required=True)
    officer = officer_create()
    registration = confirmed(event)

    registration_reject(registration_id=registration.pk, actor=officer)
    rejected = registration_reject(registration_id=registration.pk, actor=officer)

    assert rejected.status == RegistrationStatus.REJECTED
    assert len(mails(registration, "event_registration_rejected")) == 1
    with pytest.raises(ValidationError):
        registration_approve(registration_id=registration.pk, actor=officer)


def test_only_officers_with_the_permission_decide():
    event = event_create(approval_required=True)
    registration = confirmed(event)
    writer = officer_create("penulis", can_approve=False)

    with pytest.raises(PermissionDenied):
        registration_approve(registration_id=registration.pk, actor=writer)
    with pytest.raises(PermissionDenied):
        registration_reject(registration_id=registration.pk, actor=writer)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING_APPROVAL


def test_an_unconfirmed_registration_cannot_be_approved():
    registration = register(event_create(approval_required=True))

    with pytest.raises(ValidationError, match="menunggu persetujuan"):
        registration_approve(registration_id=registration.pk, actor=officer_create())


# --- Cancelling ------------------------------------------------------------------------------


def test_a_cancellation_promotes_the_first_of_the_waitlist_who_is_mailed_once():
    event = event_create(capacity=1)
    holder = confirmed(event, "satu@example.id")
    first_waiting = confirmed(event, "dua@example.id")
    second_waiting = confirmed(event, "tiga@example.id")

    cancelled = registration_cancel(registration=holder)
    registration_cancel(registration=holder)  # again: nothing more happens

    assert cancelled.status == RegistrationStatus.CANCELLED
    assert cancelled.cancelled_at
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert second_waiting.status == RegistrationStatus.WAITLISTED
    assert registration_waitlist_position(second_waiting) == 1
    (ticket,) = mails(first_waiting, "event_ticket")
    assert "daftar tunggu" in ticket.subject
    assert mails(second_waiting, "event_ticket") == []
    assert len(mails(holder, "event_registration_cancelled")) == 1


def test_cancelling_from_the_waitlist_promotes_no_one():
    event = event_create(capacity=1)
    confirmed(event, "satu@example.id")
    waiting = confirmed(event, "dua@example.id")
    last = confirmed(event, "tiga@example.id")

    registration_cancel(registration=waiting)

    last.refresh_from_db()
    assert last.status == RegistrationStatus.WAITLISTED
    assert registration_waitlist_position(last) == 1


def test_a_finished_event_refuses_the_cancellation():
    event = event_create()
    registration = confirmed(event)
    event.status = EventStatus.FINISHED
    event.save()

    with pytest.raises(ValidationError, match="sudah selesai"):
        registration_cancel(registration=registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_seats_added_later_go_to_the_waitlist_in_order():
    event = event_create(capacity=1)
    confirmed(event, "satu@example.id")
    first, second, third = (
        confirmed(event, "%s@example.id" % name) for name in ("dua", "tiga", "empat")
    )
    event.capacity = 3
    event.save()

    promoted = registration_waitlist_promote(event_id=event.pk)
    registration_waitlist_promote(event_id=event.pk)

    assert [registration.pk for registration in promoted] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITLISTED
    assert len(mails(first, "event_ticket")) == len(mails(second, "event_ticket")) == 1


# --- Expiry ----------------------------------------------------------------------------------


def test_unconfirmed_registrations_expire_with_their_mail(settings):
    settings.FORUM_MEDIA_CONFIRM_HOURS = 24
    event = event_create()
    old = register(event, "lama@example.id")
    young = register(event, "baru@example.id")
    kept = confirmed(event, "tetap@example.id")
    Registration.objects.filter(pk__in=[old.pk, kept.pk]).update(
        created_at=timezone.now() - timedelta(hours=25)
    )

    assert registrations_expire() == 1

    assert set(Registration.objects.values_list("email", flat=True)) == {
        "baru@example.id",
        "tetap@example.id",
    }
    assert mails(old) == []
    assert len(mails(young)) == 1
    # The address may register again.
    assert register(event, "lama@example.id").status == RegistrationStatus.REGISTERED


def test_expired_links_are_deleted():
    registration = register(event_create())
    RegistrationToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    registrations_expire()

    assert not RegistrationToken.objects.filter(registration=registration).exists()


def test_the_expiry_runs_on_beats_schedule():
    entry = beat_schedule()["media-forum-registrations-expire"]

    assert entry["task"] == "media_forum.registrations_expire"


# --- The ticket e-mail and its attachments ---------------------------------------------------


def _ticket_email(registration):
    (ticket,) = mails(registration, "event_ticket")
    return message_from_bytes(
        email_build(message=ticket).message().as_bytes(), policy=policy.default
    )


def _attachments(parsed):
    return {
        part.get_filename(): (part.get_content_type(), part.get_payload(decode=True))
        for part in parsed.walk()
        if part.get_filename()
    }


def test_the_ticket_email_carries_the_calendar_file_and_the_qr_code(settings):
    event = event_create(online_url="https://meet.example.id/forum")
    registration = confirmed(event)

    parsed = _ticket_email(registration)
    files = _attachments(parsed)

    code = ticket_code(registration.public_id)
    assert set(files) == {"forum-media-%s.ics" % event.slug, "tiket-%s.png" % code}
    mimetype, ics = files["forum-media-%s.ics" % event.slug]
    assert mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(ics)
    (vevent,) = calendar.walk("VEVENT")
    office_zone = ZoneInfo(settings.TIME_ZONE)
    assert vevent["DTSTART"].dt == event.starts_at
    assert vevent["DTSTART"].dt.tzinfo.key == office_zone.key
    assert vevent["DTEND"].dt.astimezone(office_zone) == event.ends_at.astimezone(office_zone)
    assert "meet.example.id" in str(vevent["LOCATION"])
    assert "Aula Bawaslu Jember" in str(vevent["LOCATION"])
    # Built again at the next send: the same UID, so calendars update the event in place.
    again = icalendar.Calendar.from_ical(
        _attachments(_ticket_email(registration))["forum-media-%s.ics" % event.slug][1]
    )
    assert (
        str(again.walk("VEVENT")[0]["UID"])
        == str(vevent["UID"])
        == ("forum-media-%d@humas.example.id" % event.pk)
    )

    mimetype, png = files["tiket-%s.png" % code]
    assert mimetype == "image/png"
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    width, height = image.size
    assert width == height
    # A QR code of version v has 17 + 4v modules, plus the quiet zone, BOX_SIZE pixels each.
    modules = width // BOX_SIZE - 2 * BORDER
    assert width % BOX_SIZE == 0
    assert (modules - 17) % 4 == 0
    # The ticket code is in the text too, for a door without a scanner.
    assert ticket_code_display(code) in parsed.get_body(("plain",)).get_content()


def test_a_ticket_still_queued_after_a_cancellation_goes_without_attachments():
    event = event_create()
    registration = confirmed(event)
    registration_cancel(registration=registration)

    assert _attachments(_ticket_email(registration)) == {}


def test_the_mails_are_written_in_the_registrants_language():
    registration = register(event_create(), language="en")

    (mail,) = mails(registration)
    assert mail.language == "en"
    assert mail.subject.startswith("Confirm your registration")


def test_every_message_names_the_registration_for_forgetting():
    registration = confirmed(event_create())

    keys = [mail.idempotency_key for mail in mails(registration)]
    assert len(keys) == 2
    assert all(key.startswith("media_forum.registration:%d:" % registration.pk) for key in keys)
    assert link_token(registration, "event_ticket", "pendaftaran/")


def test_the_ticket_reaches_a_real_smtp_server_with_its_attachments(smtp_settings):
    event = event_create()
    registration = confirmed(event)
    (ticket,) = mails(registration, "event_ticket")

    notification_deliver(message_ids=[ticket.pk])

    (received,) = smtp_settings.wait_for(1)
    assert received["To"] == registration.email
    names = {part.get_filename() for part in received.walk() if part.get_filename()}
    assert names == {
        "forum-media-%s.ics" % event.slug,
        "tiket-%s.png" % ticket_code(registration.public_id),
    }
    ticket.refresh_from_db()
    # Sensitive: once sent, the body is gone from the outbox; the attachments never were in it.
    assert ticket.body_text == ""
