"""Check-in at the door: the QR code's page (a GET never writes, a POST records once), forged
and unknown codes, who may use it, and the search by name or typed code."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from humas_portal.models import AuditEvent
from humas_portal.roles import EDITOR, MEDIA_FORUM_COORDINATOR
from media_forum import events
from media_forum.models import Registration, RegistrationStatus
from media_forum.tickets import ticket_code, ticket_code_display, ticket_path
from tests.factories import staff_create
from tests.media_forum.factories import event_create, registration_create_row

pytestmark = pytest.mark.django_db

S = RegistrationStatus


@pytest.fixture
def coordinator(office):
    return staff_create("koordinator", role=MEDIA_FORUM_COORDINATOR)


@pytest.fixture
def staff_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def event():
    return event_create(starts_in=timedelta(minutes=-15), title="Forum Media Pilkada")


@pytest.fixture
def registration(event):
    return registration_create_row(event, name="Siti Aminah", outlet="Radar Jember")


def attendance(registration) -> tuple:
    registration.refresh_from_db()
    return registration.attended_at, registration.attended_by_id


def search_url() -> str:
    return reverse("forum_media:checkin_search")


# --- The ticket's page -----------------------------------------------------------------------


def test_a_get_shows_the_registrant_and_never_writes(staff_client, registration):
    for _time in range(2):
        response = staff_client.get(ticket_path(registration))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Siti Aminah" in content
        assert "Radar Jember" in content
        assert "Forum Media Pilkada" in content
        assert "Catat hadir" in content
    assert attendance(registration) == (None, None)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_a_post_records_once_and_a_second_scan_says_when(staff_client, coordinator, registration):
    moment = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(moment, tick=False):
        first = staff_client.post(ticket_path(registration))
    recorded = attendance(registration)
    with time_machine.travel(moment + timedelta(minutes=20), tick=False):
        second = staff_client.post(ticket_path(registration))
        again = staff_client.get(ticket_path(registration))

    clock = timezone.localtime(moment).strftime("%H.%M")
    assert first.status_code == 200
    assert "tercatat pukul %s" % clock in first.content.decode()
    assert recorded == (moment, coordinator.pk)
    assert attendance(registration) == recorded
    for response in (second, again):
        content = response.content.decode()
        assert "sudah hadir pukul %s" % clock in content
        assert "Catat hadir</button>" not in content
    assert AuditEvent.objects.filter(action="registration.attended").count() == 1


def test_the_post_needs_the_csrf_token(client, coordinator, registration):
    client.handler.enforce_csrf_checks = True
    client.force_login(coordinator)

    response = client.post(ticket_path(registration))

    assert response.status_code == 403
    assert attendance(registration) == (None, None)


@pytest.mark.parametrize("status", [S.WAITLISTED, S.CANCELLED, S.PENDING_APPROVAL, S.REJECTED])
def test_someone_without_a_seat_is_refused_clearly(staff_client, event, status):
    registration = registration_create_row(event, status=status)

    shown = staff_client.get(ticket_path(registration))
    posted = staff_client.post(ticket_path(registration))

    label = str(S(status).label)
    assert "Catat hadir</button>" not in shown.content.decode()
    assert "bukan pemegang kursi" in posted.content.decode()
    assert label in posted.content.decode()
    assert attendance(registration) == (None, None)


def test_a_cancelled_event_records_nothing(staff_client, coordinator, event, registration):
    events.event_cancel(event_id=event.pk, actor=coordinator)

    response = staff_client.post(ticket_path(registration))

    assert "kehadiran tidak dicatat" in response.content.decode()
    assert attendance(registration) == (None, None)


@pytest.mark.parametrize(
    "code",
    [
        "AAAAAAAAAAAA",
        "x",
        "%3Cscript%3Ealert(1)%3C",
        "A" * 3000,
        "%00",
        "' OR 1=1 --",
    ],
)
def test_a_forged_code_is_refused_and_nothing_is_recorded(staff_client, registration, code):
    url = "/forum-media/hadir/%s/%s/" % (registration.public_id, code)

    shown = staff_client.get(url)
    posted = staff_client.post(url)

    for response in (shown, posted):
        assert response.status_code == 404
        assert "Tiket tidak dikenali" in response.content.decode()
        assert "Siti Aminah" not in response.content.decode()
    assert attendance(registration) == (None, None)


def test_a_real_code_for_an_unknown_id_is_refused(staff_client, registration):
    unknown = uuid.uuid4()
    url = reverse(
        "forum_media:checkin", kwargs={"public_id": unknown, "code": ticket_code(unknown)}
    )

    response = staff_client.post(url)

    assert response.status_code == 404
    assert "Tiket tidak dikenali" in response.content.decode()
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


def test_the_code_of_another_ticket_is_refused(staff_client, event, registration):
    other = registration_create_row(event)
    url = reverse(
        "forum_media:checkin",
        kwargs={"public_id": registration.public_id, "code": ticket_code(other.public_id)},
    )

    assert staff_client.post(url).status_code == 404
    assert attendance(registration) == (None, None)
    assert attendance(other) == (None, None)


def test_a_typed_code_with_dashes_and_lookalikes_opens_the_page(staff_client, registration):
    code = ticket_code_display(ticket_code(registration.public_id)).lower()
    url = reverse("forum_media:checkin", kwargs={"public_id": registration.public_id, "code": code})

    assert staff_client.get(url).status_code == 200


def test_other_methods_are_refused(staff_client, registration):
    assert staff_client.put(ticket_path(registration)).status_code == 405
    assert attendance(registration) == (None, None)


# --- Who may -----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, registration):
    for response in (client.get(ticket_path(registration)), client.post(ticket_path(registration))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(search_url()).status_code == 302
    assert attendance(registration) == (None, None)


def test_staff_owing_the_second_factor_are_sent_to_it(client, settings, coordinator, registration):
    settings.STAFF_REQUIRE_2FA = True
    client.force_login(coordinator)

    response = client.post(ticket_path(registration))

    assert response.status_code == 302
    assert "otp" in response["Location"] or "2fa" in response["Location"].lower()
    assert attendance(registration) == (None, None)


def test_staff_without_the_permission_are_refused(client, office, registration):
    client.force_login(staff_create("penulis", role=EDITOR))

    assert client.post(ticket_path(registration)).status_code == 403
    assert client.get(search_url()).status_code == 403
    assert attendance(registration) == (None, None)


# --- Search ----------------------------------------------------------------------------------


def test_the_search_lists_today_and_upcoming_events_first(staff_client, event):
    past = event_create(starts_in=timedelta(days=-30), title="Forum lama")
    upcoming = event_create(starts_in=timedelta(days=3), title="Forum depan")
    draft = event_create(status="draft", title="Forum draf")

    choices = staff_client.get(search_url()).context["form"].fields["acara"].choices
    order = [value for value, _label in choices if value]

    assert order == [event.pk, upcoming.pk, past.pk]
    assert draft.pk not in order


def test_a_name_search_links_to_the_ticket_pages(staff_client, event, registration):
    registration_create_row(event_create(), name="Siti di acara lain")

    response = staff_client.get(search_url(), {"acara": event.pk, "cari": "siti"})

    content = response.content.decode()
    assert ticket_path(registration) in content
    assert "acara lain" not in content


def test_a_typed_code_goes_to_the_ticket_page(staff_client, event, registration):
    typed = " " + ticket_code_display(ticket_code(registration.public_id)).lower() + " "

    response = staff_client.get(search_url(), {"acara": event.pk, "cari": typed})

    assert response.status_code == 302
    assert response["Location"] == ticket_path(registration)
    assert attendance(registration) == (None, None)


def test_a_code_of_another_event_or_a_waitlisted_one_is_not_found(staff_client, event):
    elsewhere = registration_create_row(event_create(), name="Tamu")
    waiting = registration_create_row(event, status=S.WAITLISTED, name="Tunggu")

    for registration in (elsewhere, waiting):
        code = ticket_code(registration.public_id)
        response = staff_client.get(search_url(), {"acara": event.pk, "cari": code})
        assert response.status_code == 200
        assert ticket_path(elsewhere) not in response.content.decode()
    assert "Tidak ada peserta" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"acara": "bukan-angka", "cari": "siti"},
        {"acara": "999999", "cari": "siti"},
        {"acara": "", "cari": "siti"},
        {"cari": "a" * 5000},
        {"acara": "1' OR '1'='1", "cari": "<script>alert(1)</script>"},
    ],
)
def test_hostile_search_input_is_answered_without_error(staff_client, event, params):
    response = staff_client.get(search_url(), params)

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_control_characters_and_markup_in_the_words_are_harmless(staff_client, event, registration):
    response = staff_client.get(search_url(), {"acara": event.pk, "cari": "Siti\x00<b>%_"})

    assert response.status_code == 200
    assert "<b>%_" not in response.content.decode()


def test_the_name_search_is_bounded(staff_client, event):
    for number in range(events.CHECKIN_SEARCH_LIMIT + 5):
        registration_create_row(event, name="Wartawan %02d" % number)

    response = staff_client.get(search_url(), {"acara": event.pk, "cari": "wartawan"})

    assert len(response.context["results"]) == events.CHECKIN_SEARCH_LIMIT
    assert "hasil pertama" in response.content.decode()


def test_the_check_in_pages_are_valid_html(staff_client, event, registration, tmp_path):
    from tests.html_checker import vnu_errors, vnu_missing

    waiting = registration_create_row(event, status=S.WAITLISTED)
    pages = {
        "ticket": staff_client.get(ticket_path(registration)),
        "recorded": staff_client.post(ticket_path(registration)),
        "already": staff_client.get(ticket_path(registration)),
        "no-seat": staff_client.get(ticket_path(waiting)),
        "refused": staff_client.get("/forum-media/hadir/%s/AAAA/" % registration.public_id),
        "search": staff_client.get(search_url()),
        "results": staff_client.get(search_url(), {"acara": event.pk, "cari": "siti"}),
        "nothing": staff_client.get(search_url(), {"acara": event.pk, "cari": "tidak ada"}),
        "invalid": staff_client.get(search_url(), {"acara": "x", "cari": "a"}),
    }
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, response in pages.items():
        (folder / ("%s.html" % name)).write_bytes(response.content)

    reason = vnu_missing()
    if reason:
        pytest.skip(reason)
    assert vnu_errors(folder) == []
