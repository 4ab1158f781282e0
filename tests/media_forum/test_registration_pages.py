"""Forum Media registration pages: the form per audience, its refusals, the confirmation link
and the registrant's own page (media_forum/registration_views.py)."""

import io
from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from media_forum.models import EventAudience, EventStatus, Registration, RegistrationStatus
from media_forum.registrations import registration_confirm_email, registration_create
from media_forum.tickets import ticket_code, ticket_code_display
from tests.media_forum.factories import event_create
from tests.media_forum.registration_support import (
    confirm_token,
    form_post,
    link_token,
    mails,
    registration_site,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office", "registration_site")]


def register_url(event) -> str:
    return reverse("forum_media:register", kwargs={"slug": event.slug})


def assert_private(response) -> None:
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"


def registered(event, email="rina@media.example.id"):
    return registration_create(
        event=event,
        name="Rina Wartawati",
        email=email,
        phone="+6281234567890",
        language="id",
        outlet="Radar Jember",
        position="Wartawan",
    )


def manage_token_of(registration) -> str:
    kind = {
        RegistrationStatus.CONFIRMED: "event_ticket",
        RegistrationStatus.WAITLISTED: "event_waitlisted",
        RegistrationStatus.PENDING_APPROVAL: "event_pending_approval",
    }[registration.status]
    return link_token(registration, kind, "pendaftaran/")


def confirmed(event, email="rina@media.example.id"):
    registration = registered(event, email)
    return registration_confirm_email(raw_token=confirm_token(registration))


# --- The form --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("audience", "present", "absent"),
    [
        (EventAudience.JOURNALISTS, ["outlet", "position", "press_card"], ["adhoc_body"]),
        (EventAudience.ADHOC, ["adhoc_body", "area"], ["outlet"]),
        (EventAudience.PUBLIC, [], ["outlet", "adhoc_body", "area"]),
    ],
)
def test_each_audience_gets_its_own_form(client, audience, present, absent):
    event = event_create(audience=audience)

    response = client.get(register_url(event))

    assert response.status_code == 200
    assert_private(response)
    page = response.content.decode()
    assert event.title in page
    assert 'name="name"' in page
    assert 'name="email"' in page
    assert 'name="phone"' in page
    assert 'name="consent"' in page
    # The consent names the purpose and how long the data is kept.
    assert "dihapus 6 bulan setelah acara selesai" in page
    for name in present:
        assert 'name="%s"' % name in page
    for name in absent:
        assert 'name="%s"' % name not in page


def test_a_draft_or_unknown_event_has_no_form(client):
    draft = event_create(status=EventStatus.DRAFT, published_at=None)

    assert client.get(register_url(draft)).status_code == 404
    assert client.post(register_url(draft), form_post(draft)).status_code == 404
    assert client.get("/forum-media/tidak-ada/daftar/").status_code == 404
    assert not Registration.objects.exists()


def test_a_filled_form_registers_and_says_to_check_the_mail(client):
    event = event_create(audience=EventAudience.JOURNALISTS)

    response = client.post(register_url(event), form_post(event, press_card="KTA-123"))

    assert response.status_code == 302
    assert response["Location"] == reverse("forum_media:register_sent", kwargs={"slug": event.slug})
    registration = Registration.objects.get(event=event)
    assert registration.phone == "+6281234567890"
    assert (registration.outlet, registration.press_card) == ("Radar Jember", "KTA-123")
    assert registration.status == RegistrationStatus.REGISTERED
    sent = client.get(response["Location"])
    assert "Cek e-mail Anda" in sent.content.decode()
    assert_private(sent)


def test_an_adhoc_registration_keeps_body_and_area(client):
    event = event_create(audience=EventAudience.ADHOC)

    client.post(register_url(event), form_post(event, adhoc_body="ptps", area="TPS 05 Antirogo"))

    registration = Registration.objects.get(event=event)
    assert (registration.adhoc_body, registration.area) == ("ptps", "TPS 05 Antirogo")
    assert registration.outlet == ""


def test_a_duplicate_gets_the_message_on_the_form(client):
    event = event_create()
    client.post(register_url(event), form_post(event))

    response = client.post(register_url(event), form_post(event, name="Orang Lain"))

    assert response.status_code == 200
    assert "sudah terdaftar untuk acara ini" in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": EventStatus.CANCELLED}, "Acara ini dibatalkan"),
        ({"status": EventStatus.FINISHED}, "Acara ini sudah selesai"),
        ({"registration_opens_at": timedelta(days=2)}, "belum dibuka"),
        ({"registration_closes_at": -timedelta(minutes=5)}, "sudah ditutup"),
    ],
)
def test_an_event_not_taking_registrations_shows_why_and_refuses_the_post(client, fields, reason):
    now = timezone.now()
    fields = {
        name: (now + value if isinstance(value, timedelta) else value)
        for name, value in fields.items()
    }
    if "registration_closes_at" in fields:
        fields["registration_opens_at"] = now - timedelta(days=2)
    event = event_create(**fields)

    shown = client.get(register_url(event))
    sent = client.post(register_url(event), form_post(event))

    for response in (shown, sent):
        assert response.status_code == 200
        page = response.content.decode()
        assert reason in page
        assert 'name="email"' not in page
    assert not Registration.objects.exists()


LONG = "x" * 5000


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": LONG}, "name"),
        ({"name": "Rina\x00Wartawati"}, "name"),
        ({"name": "Rina\nWartawati"}, "name"),
        ({"name": "Rina\u202eWartawati"}, "name"),
        ({"email": "bukan-email"}, "email"),
        ({"email": "<script>alert(1)</script>@contoh.id"}, "email"),
        ({"email": "a@" + "b" * 300 + ".id"}, "email"),
        ({"email": "rina@localhost"}, "email"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "+1 202 555 0143"}, "phone"),
        ({"phone": LONG}, "phone"),
        ({"consent": None}, "consent"),
        ({"outlet": ""}, "outlet"),
        ({"outlet": LONG}, "outlet"),
        ({"position": "Wartawan\x07"}, "position"),
        ({"press_card": LONG}, "press_card"),
    ],
)
def test_hostile_or_wrong_input_comes_back_with_errors(client, fields, field):
    event = event_create(audience=EventAudience.JOURNALISTS)

    response = client.post(register_url(event), form_post(event, **fields))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Registration.objects.exists()


def test_a_refused_form_uses_the_shared_accessible_field_parts(client):
    event = event_create(audience=EventAudience.JOURNALISTS)

    html = client.post(
        register_url(event), form_post(event, name="", consent=None)
    ).content.decode()

    # The summary links to each field; each field's error is tied to its input for a screen
    # reader; required fields are marked in words; the consent box has its large row.
    assert 'class="form-errors" role="alert"' in html
    assert '<a href="#id_name">' in html
    assert '<a href="#id_consent">' in html
    assert '<div id="id_name_error">' in html
    assert 'aria-describedby="id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<span class="form__required">(wajib)</span>' in html
    assert '<div class="form__check-row"><input type="checkbox" name="consent"' in html


@pytest.mark.parametrize("body", ["kpu", "", "<b>pkd</b>", LONG])
def test_an_unknown_adhoc_body_is_refused(client, body):
    event = event_create(audience=EventAudience.ADHOC)

    response = client.post(register_url(event), form_post(event, adhoc_body=body))

    assert "adhoc_body" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_form_without_its_stamp_is_refused(client):
    event = event_create()

    response = client.post(register_url(event), form_post(event, started="palsu"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Registration.objects.exists()


def test_a_form_sent_back_too_fast_is_refused(client, settings):
    settings.FORUM_MEDIA_FORM_MIN_SECONDS = 60
    event = event_create()

    response = client.post(register_url(event), form_post(event))

    assert "terlalu cepat" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_hidden_field_filled_stores_nothing(client):
    event = event_create()

    response = client.post(register_url(event), form_post(event, situs_web="http://spam"))

    assert response.status_code == 200
    assert "belum tersimpan" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_rate_limit_refuses_past_its_count(client, settings):
    settings.FORUM_MEDIA_REGISTER_LIMIT = 3
    event = event_create()
    for number in range(3):
        client.post(register_url(event), form_post(event, email="orang%d@example.id" % number))

    response = client.post(register_url(event), form_post(event, email="keempat@example.id"))

    assert response.status_code == 429
    assert "Retry-After" in response
    assert Registration.objects.filter(event=event).count() == 3
    assert not Registration.objects.filter(email="keempat@example.id").exists()


# --- Confirmation ----------------------------------------------------------------------------


def confirm_url(token: str) -> str:
    return reverse("forum_media:registration_confirm", kwargs={"token": token})


def test_opening_the_link_confirms_nothing_the_button_does(client):
    event = event_create()
    registration = registered(event)
    url = confirm_url(confirm_token(registration))

    shown = client.get(url)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert "<form" in shown.content.decode()
    assert_private(shown)

    done = client.post(url)
    again = client.post(url)
    reopened = client.get(url)

    for response in (done, again, reopened):
        assert response.status_code == 200
        assert "Anda mendapat kursi" in response.content.decode()
    assert len(mails(registration, "event_ticket")) == 1


def test_the_confirmation_page_gives_the_waitlist_position(client):
    event = event_create(capacity=1)
    confirmed(event, "satu@example.id")
    registration = registered(event, "dua@example.id")

    response = client.post(confirm_url(confirm_token(registration)))

    assert "daftar tunggu, urutan ke-1" in response.content.decode()


def test_the_confirmation_page_says_when_approval_is_needed(client):
    event = event_create(approval_required=True)
    registration = registered(event)

    response = client.post(confirm_url(confirm_token(registration)))

    assert "perlu persetujuan petugas" in response.content.decode()


def test_unknown_and_expired_links_get_one_answer(client, settings):
    registration = registered(event_create())
    token = confirm_token(registration)
    unknown = client.get(confirm_url("A" * 43))
    malformed = client.post(confirm_url("bukan-token"))
    settings.FORUM_MEDIA_CONFIRM_HOURS = 1
    registration.tokens.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.post(confirm_url(token))

    assert unknown.status_code == malformed.status_code == expired.status_code == 404
    for response in (unknown, malformed, expired):
        assert response.templates[0].name == "media_forum/registration/link_invalid.html"
        assert "Tautan tidak berlaku" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_a_cancelled_event_refuses_the_confirmation_with_its_reason(client):
    event = event_create()
    registration = registered(event)
    event.status = EventStatus.CANCELLED
    event.save()

    response = client.post(confirm_url(confirm_token(registration)))

    assert "Acara ini dibatalkan" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


# --- The registrant's own page ---------------------------------------------------------------


def manage_url(token: str, name: str = "registration_manage") -> str:
    return reverse("forum_media:%s" % name, kwargs={"token": token})


def test_a_seat_holder_sees_the_ticket_the_code_and_the_online_link(client):
    event = event_create(online_url="https://meet.example.id/forum")
    registration = confirmed(event)
    token = manage_token_of(registration)

    response = client.get(manage_url(token))

    assert response.status_code == 200
    assert_private(response)
    page = response.content.decode()
    assert ticket_code_display(ticket_code(registration.public_id)) in page
    assert manage_url(token, "registration_ticket_png") in page
    assert manage_url(token, "registration_ics") in page
    assert "https://meet.example.id/forum" in page
    assert 'name="sure"' in page

    png = client.get(manage_url(token, "registration_ticket_png"))
    assert png["Content-Type"] == "image/png"
    assert_private(png)
    assert Image.open(io.BytesIO(png.content)).format == "PNG"

    ics = client.get(manage_url(token, "registration_ics"))
    assert ics["Content-Type"].startswith("text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert "meet.example.id" in str(vevent["LOCATION"])


def test_a_waitlisted_registrant_sees_the_position_but_no_ticket_or_online_link(client):
    event = event_create(capacity=1, online_url="https://meet.example.id/forum")
    confirmed(event, "satu@example.id")
    registration = confirmed(event, "dua@example.id")
    token = manage_token_of(registration)

    page = client.get(manage_url(token)).content.decode()

    assert "urutan ke-1" in page
    assert "meet.example.id" not in page
    assert manage_url(token, "registration_ticket_png") not in page
    assert client.get(manage_url(token, "registration_ticket_png")).status_code == 404
    ics = client.get(manage_url(token, "registration_ics"))
    assert b"meet.example.id" not in ics.content


def test_cancelling_needs_the_tick_then_frees_the_seat_for_the_waitlist(client):
    event = event_create(capacity=1, online_url="https://meet.example.id/forum")
    registration = confirmed(event, "satu@example.id")
    waiting = confirmed(event, "dua@example.id")
    token = manage_token_of(registration)
    cancel = manage_url(token, "registration_cancel")

    unticked = client.post(cancel, {})
    registration.refresh_from_db()
    assert unticked.status_code == 200
    assert "Centang kotak ini" in unticked.content.decode()
    assert registration.status == RegistrationStatus.CONFIRMED

    done = client.post(cancel, {"sure": "on"})
    assert done.status_code == 302
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED

    page = client.get(manage_url(token)).content.decode()
    assert "sudah dibatalkan" in page
    assert 'name="sure"' not in page
    assert "meet.example.id" not in page
    assert client.get(manage_url(token, "registration_ticket_png")).status_code == 404
    # A second cancellation (a form resent) changes nothing and mails nothing.
    client.post(cancel, {"sure": "on"})
    assert len(mails(registration, "event_registration_cancelled")) == 1
    assert len(mails(waiting, "event_ticket")) == 1


def test_a_finished_event_offers_no_cancellation(client):
    event = event_create()
    registration = confirmed(event)
    token = manage_token_of(registration)
    event.status = EventStatus.FINISHED
    event.save()

    page = client.get(manage_url(token)).content.decode()
    refused = client.post(manage_url(token, "registration_cancel"), {"sure": "on"}, follow=True)

    assert 'name="sure"' not in page
    assert "acaranya sudah selesai" in page
    assert "acaranya sudah selesai" in refused.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_cancelled_event_says_there_is_nothing_to_cancel(client):
    event = event_create()
    registration = confirmed(event)
    token = manage_token_of(registration)
    event.status = EventStatus.CANCELLED
    event.save()

    page = client.get(manage_url(token)).content.decode()

    assert "Acara ini dibatalkan; pendaftaran Anda tidak perlu dibatalkan lagi." in page
    assert 'name="sure"' not in page


@pytest.mark.parametrize(
    "name", ["registration_manage", "registration_ticket_png", "registration_ics"]
)
def test_a_wrong_manage_link_opens_nothing(client, name):
    response = client.get(manage_url("B" * 43, name))

    assert response.status_code == 404


def test_a_confirmation_link_is_no_manage_link(client):
    registration = confirmed(event_create())

    response = client.get(manage_url(confirm_token(registration)))

    assert response.status_code == 404
