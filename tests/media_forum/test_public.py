"""Forum Media's public pages (issue 16, item 6): the events, an event, its .ics, the calendar
feed; and the registries they plug into (home, navigation, sitemap, search, page cache)."""

import json
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from humas_portal.cache_invalidation import cache_pages_invalidate
from humas_portal.navigation import nav_entries
from humas_portal.search import search_run
from humas_portal.tokens import TokenPolicy, token_issue
from media_forum.models import (
    Event,
    EventKind,
    EventMaterial,
    EventSpeaker,
    EventStatus,
    MaterialKind,
    RegistrationStatus,
    RegistrationToken,
    RegistrationTokenPurpose,
)
from media_forum.registrations import (
    registration_cancel,
    registration_confirm_email,
    registration_create,
)
from media_forum.selectors import event_change_next
from tests.media_forum.factories import event_create, registrations_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

LIST = "/forum-media/"
FEED = "/forum-media/kalender.ics"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
OFFICE_ZONE = ZoneInfo(settings.TIME_ZONE)


def structured(response) -> dict:
    return json.loads(JSON_LD.search(response.content.decode()).group(1))


def material_add(event, *, publish_at=None, title="Siaran pers") -> EventMaterial:
    material = EventMaterial(event=event, title=title, kind=MaterialKind.PDF, publish_at=publish_at)
    material.file.save("bahan.pdf", ContentFile(b"%PDF-1.4 demo"), save=False)
    material.size = 13
    material.save()
    return material


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- URLs ------------------------------------------------------------------------------------


def test_the_addresses_are_under_forum_media():
    assert reverse("forum_media:event_list") == LIST
    assert reverse("forum_media:calendar") == FEED
    assert reverse("forum_media:press_room") == "/forum-media/ruang-media/"
    assert reverse("forum_media:event", args=["rapat"]) == "/forum-media/rapat/"
    assert reverse("forum_media:event_ics", args=["rapat"]) == "/forum-media/rapat/acara.ics"


# --- The list ----------------------------------------------------------------------------------


def test_the_list_shows_upcoming_first_then_past_and_never_drafts(client):
    later = event_create(starts_in=timedelta(days=20), title="Acara Kedua Mendatang")
    sooner = event_create(starts_in=timedelta(days=3), title="Acara Pertama Mendatang")
    past = event_create(
        starts_in=timedelta(days=-5), status=EventStatus.FINISHED, title="Acara Yang Lalu"
    )
    cancelled = event_create(
        starts_in=timedelta(days=10), status=EventStatus.CANCELLED, title="Acara Batal"
    )
    draft = event_create(
        starts_in=timedelta(days=4), status=EventStatus.DRAFT, title="Acara Rahasia Draf"
    )

    html = client.get(LIST).content.decode()

    positions = [html.index(event.title) for event in (sooner, cancelled, later, past)]
    assert positions == sorted(positions)
    assert html.index("Acara mendatang") < positions[0]
    assert html.index("Acara yang telah berlangsung") < positions[3]
    assert draft.title not in html
    cancelled_card = html[html.index(cancelled.title) - 600 : html.index(cancelled.title)]
    assert "Dibatalkan" in cancelled_card
    assert html.count("<h1") == 1


def test_past_events_show_their_public_materials_only(client):
    past = event_create(starts_in=timedelta(days=-5), status=EventStatus.FINISHED)
    material_add(past, title="Bahan Terbit Setelah Acara")
    material_add(past, title="Bahan Terjadwal Nanti", publish_at=timezone.now() + timedelta(days=1))

    html = client.get(LIST).content.decode()

    assert "Bahan Terbit Setelah Acara" in html
    assert "Bahan Terjadwal Nanti" not in html


def test_past_events_are_paged_and_each_page_has_one_address(client):
    author = event_create(starts_in=timedelta(days=-400)).created_by
    for index in range(12):
        event_create(
            starts_in=timedelta(days=-(index + 1)), status=EventStatus.FINISHED, created_by=author
        )

    first = client.get(LIST).content.decode()
    second = client.get(LIST + "?halaman=2").content.decode()

    assert first.count('<article class="event-card') == 10
    assert second.count('<article class="event-card') == 3
    assert "Acara mendatang" not in second
    for given, target in (("1", LIST), ("01", LIST), ("99", LIST + "?halaman=2"),
                          ("abc", LIST), ("", LIST), ("-1", LIST + "?halaman=2")):  # fmt: skip
        response = client.get(LIST, {"halaman": given})
        assert response.status_code == 301, given
        assert response["Location"] == target, given


def test_the_list_answers_only_get(client):
    assert client.post(LIST).status_code == 405


# --- An event --------------------------------------------------------------------------------


def test_an_event_page_shows_what_a_visitor_needs(client):
    event = event_create(
        starts_in=timedelta(days=7),
        map_url="https://www.openstreetmap.org/#map=17/-8.17/113.70",
        online_url="https://meet.example.id/rahasia-forum",
    )
    EventSpeaker.objects.create(event=event, name="Ketua Bawaslu Jember", role="Ketua", order=0)
    registrations_add(event, 5)

    response = client.get(event.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Forum media" in html  # the kind
    assert event.venue in html
    assert event.address in html
    assert 'href="%s"' % event.map_url in html
    assert "Ketua Bawaslu Jember" in html
    assert "<p>Diskusi tentang pengawasan kampanye bersama wartawan.</p>" in html
    assert "15 dari 20 kursi tersisa" in html
    assert "Pendaftaran dibuka" in html
    assert 'href="%s"' % reverse("forum_media:register", args=[event.slug]) in html
    assert 'href="%s"' % reverse("forum_media:event_ics", args=[event.slug]) in html
    # The online link is for confirmed registrants only: never on the public page.
    assert "meet.example.id" not in html
    # Times in the office's zone.
    local_start = timezone.localtime(event.starts_at, OFFICE_ZONE)
    assert local_start.strftime("%H:%M") in html
    assert local_start.isoformat(timespec="seconds") in html


def test_seats_left_are_never_negative_and_a_full_event_offers_the_waitlist(client):
    event = event_create(starts_in=timedelta(days=7), capacity=2)
    # More confirmed than seats: a capacity lowered after confirmations.
    registrations_add(event, 3)
    registrations_add(event, 4, status=RegistrationStatus.WAITLISTED)
    registrations_add(event, 4, status=RegistrationStatus.CANCELLED)

    html = client.get(event.get_absolute_url()).content.decode()

    assert "0 dari 2 kursi tersisa" in html
    assert not re.search(r"-\d+ dari 2 kursi", html)
    assert "daftar tunggu" in html
    assert "Daftar ke daftar tunggu" in html


def test_registrations_not_holding_a_seat_leave_it_free(client):
    event = event_create(starts_in=timedelta(days=7), capacity=10)
    for status in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.PENDING_APPROVAL,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.CANCELLED,
        RegistrationStatus.REJECTED,
    ):
        registrations_add(event, 1, status=status)
    registrations_add(event, 2)

    assert "8 dari 10 kursi tersisa" in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("fields", "says", "link"),
    [
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "belum dibuka", False),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1),
          "registration_opens_at": timezone.now() - timedelta(days=2)}, "sudah ditutup", False),
        ({"status": EventStatus.CANCELLED}, "Acara ini dibatalkan", False),
        ({"status": EventStatus.FINISHED}, "sudah selesai", False),
        ({"approval_required": True}, "disetujui petugas", True),
    ],
    ids=["not-yet", "closed", "cancelled", "finished", "approval"],
)  # fmt: skip
def test_the_page_says_whether_registration_is_open(client, fields, says, link):
    event = event_create(starts_in=timedelta(days=7), **fields)
    html = client.get(event.get_absolute_url()).content.decode()
    assert says in html
    assert (reverse("forum_media:register", args=[event.slug]) in html) is link


def test_a_past_event_shows_its_materials_and_no_seats(client):
    event = event_create(starts_in=timedelta(days=-3), status=EventStatus.FINISHED)
    material_add(event, title="Paparan Ketua")

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Paparan Ketua" in html
    assert "kursi tersisa" not in html
    assert 'type="application/pdf"' in html


def test_a_material_with_a_time_shows_from_that_time_even_before_the_event(client):
    event = event_create(starts_in=timedelta(days=3))
    material_add(event, title="Undangan Peliputan", publish_at=timezone.now() - timedelta(hours=1))
    material_add(event, title="Bahan Sesudah Acara")

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Undangan Peliputan" in html
    assert "Bahan Sesudah Acara" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/forum-media/tidak-ada/",
        "/forum-media/%3Cscript%3E/",
        "/forum-media/" + "a" * 300 + "/",
        "/forum-media/acara%00/",
        "/forum-media/../admin/",
        "/forum-media/tidak-ada/acara.ics",
    ],
)
def test_unknown_and_hostile_paths_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_draft_is_not_found_anywhere(client):
    draft = event_create(
        starts_in=timedelta(days=3), status=EventStatus.DRAFT, title="Rahasia Rapat Internal"
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("forum_media:event_ics", args=[draft.slug])).status_code == 404
    for path in (LIST, FEED, "/forum-media/ruang-media/", "/", "/sitemap-forum-media.xml"):
        assert draft.slug not in client.get(path).content.decode(), path
        assert "Rahasia Rapat Internal" not in client.get(path).content.decode(), path


# --- JSON-LD ---------------------------------------------------------------------------------


def test_the_event_page_carries_schema_org_event_data(client):
    event = event_create(
        starts_in=timedelta(days=7), online_url="https://meet.example.id/rahasia-forum"
    )
    EventSpeaker.objects.create(event=event, name="Narasumber Satu", order=0)

    data = structured(client.get(event.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == timezone.localtime(event.starts_at, OFFICE_ZONE).isoformat(
        timespec="seconds"
    )
    assert data["startDate"].endswith("+07:00")
    assert data["endDate"].endswith("+07:00")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["name"] == event.venue
    assert virtual == {"@type": "VirtualLocation", "url": data["url"]}
    assert data["url"] == settings.PORTAL_BASE_URL + event.get_absolute_url()
    assert data["organizer"]["name"] == "Bawaslu Kabupaten Jember"
    assert data["description"] == "Diskusi tentang pengawasan kampanye bersama wartawan."
    assert data["performer"] == [{"@type": "Person", "name": "Narasumber Satu"}]
    assert "meet.example.id" not in json.dumps(data)


def test_json_ld_says_cancelled_rescheduled_and_online(client):
    cancelled = event_create(starts_in=timedelta(days=7), status=EventStatus.CANCELLED)
    moved = event_create(starts_in=timedelta(days=7))
    Event.objects.filter(pk=moved.pk).update(schedule_version=2)
    online = event_create(starts_in=timedelta(days=7), venue="", address="", map_url="",
                          online_url="https://meet.example.id/x")  # fmt: skip

    assert structured(client.get(cancelled.get_absolute_url()))["eventStatus"].endswith(
        "EventCancelled"
    )
    assert structured(client.get(moved.get_absolute_url()))["eventStatus"].endswith(
        "EventRescheduled"
    )
    online_data = structured(client.get(online.get_absolute_url()))
    assert online_data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert online_data["location"]["@type"] == "VirtualLocation"
    assert "meet.example.id" not in client.get(online.get_absolute_url()).content.decode()


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    event = event_create(starts_in=timedelta(days=7), title="</script><script>alert(1)</script>")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert structured(client.get(event.get_absolute_url()))["name"] == event.title


# --- Calendar files --------------------------------------------------------------------------


def test_an_event_ics_parses_with_office_times_and_a_stable_uid(client):
    event = event_create(
        starts_in=timedelta(days=7), online_url="https://meet.example.id/rahasia-forum"
    )
    url = reverse("forum_media:event_ics", args=[event.slug])

    first = client.get(url)
    second = client.get(url)

    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    assert first["Content-Disposition"] == 'attachment; filename="%s.ics"' % event.slug
    calendar = icalendar.Calendar.from_ical(first.content)
    (vevent,) = calendar.walk("VEVENT")
    start = vevent.decoded("dtstart")
    assert str(start.tzinfo) == settings.TIME_ZONE
    # iCalendar times are whole seconds.
    assert start == event.starts_at.replace(microsecond=0)
    assert vevent.decoded("dtend") == event.ends_at.replace(microsecond=0)
    (again,) = icalendar.Calendar.from_ical(second.content).walk("VEVENT")
    assert (
        str(vevent["uid"])
        == str(again["uid"])
        == "forum-media-%d@%s"
        % (
            event.pk,
            settings.PORTAL_BASE_URL.split("://")[1].split("/")[0].split(":")[0],
        )
    )
    assert b"meet.example.id" not in first.content


def test_the_feed_lists_public_events_of_the_last_year_and_never_drafts(client):
    published = event_create(starts_in=timedelta(days=7))
    cancelled = event_create(starts_in=timedelta(days=9), status=EventStatus.CANCELLED)
    finished = event_create(starts_in=timedelta(days=-30), status=EventStatus.FINISHED)
    old = event_create(starts_in=timedelta(days=-400), status=EventStatus.FINISHED)
    draft = event_create(starts_in=timedelta(days=5), status=EventStatus.DRAFT)

    response = client.get(FEED)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    # Subscribable: read inline, not offered as a download.
    assert "Content-Disposition" not in response
    calendar = icalendar.Calendar.from_ical(response.content)
    uids = {str(vevent["uid"]) for vevent in calendar.walk("VEVENT")}
    assert uids == {"forum-media-%d@" % e.pk + str(next(iter(uids))).split("@")[1]
                    for e in (published, cancelled, finished)}  # fmt: skip
    assert not any("forum-media-%d@" % e.pk in uid for e in (old, draft) for uid in uids)
    statuses = {str(v["uid"]): str(v["status"]) for v in calendar.walk("VEVENT")}
    assert [s for uid, s in statuses.items() if "-%d@" % cancelled.pk in uid] == ["CANCELLED"]
    for vevent in calendar.walk("VEVENT"):
        assert str(vevent.decoded("dtstart").tzinfo) == settings.TIME_ZONE
    assert calendar.walk("VTIMEZONE")
    again = icalendar.Calendar.from_ical(client.get(FEED).content)
    assert {str(v["uid"]) for v in again.walk("VEVENT")} == uids


# --- Registries: navigation, home, sitemap, search -------------------------------------------


def test_forum_media_is_in_the_navigation(client):
    assert "forum_media:event_list" in [entry.url_name for entry in nav_entries()]
    html = client.get(LIST).content.decode()
    assert 'href="/forum-media/" aria-current="page"' in html


def test_the_home_page_shows_up_to_three_upcoming_published_events(client):
    events = [event_create(starts_in=timedelta(days=days)) for days in (2, 4, 6, 8)]
    event_create(
        starts_in=timedelta(days=1), status=EventStatus.CANCELLED, title="Acara Batal Di Beranda"
    )
    event_create(
        starts_in=timedelta(days=-2), status=EventStatus.FINISHED, title="Acara Lalu Di Beranda"
    )

    html = client.get("/").content.decode()

    assert "Forum media mendatang" in html
    for event in events[:3]:
        assert event.title in html
    assert events[3].title not in html
    assert "Acara Batal Di Beranda" not in html
    assert "Acara Lalu Di Beranda" not in html


def test_the_home_page_has_no_events_section_without_upcoming_events(client):
    assert "Forum media mendatang" not in client.get("/").content.decode()


def test_the_sitemap_has_the_public_events_and_the_pages(client):
    public = event_create(starts_in=timedelta(days=7))
    finished = event_create(starts_in=timedelta(days=-7), status=EventStatus.FINISHED)
    draft = event_create(starts_in=timedelta(days=7), status=EventStatus.DRAFT)

    index = client.get("/sitemap.xml").content.decode()
    section = client.get("/sitemap-forum-media.xml").content.decode()
    pages = client.get("/sitemap-pages.xml").content.decode()

    assert "sitemap-forum-media.xml" in index
    base = settings.PORTAL_BASE_URL
    assert base + public.get_absolute_url() in section
    assert base + finished.get_absolute_url() in section
    assert draft.slug not in section
    assert base + LIST in pages
    assert base + "/forum-media/ruang-media/" in pages


def test_the_search_finds_public_events_only(client):
    event_create(starts_in=timedelta(days=7), title="Forum Media Netralitas Aparatur Desa")
    event_create(
        starts_in=timedelta(days=7), status=EventStatus.DRAFT, title="Draf Netralitas Tersembunyi"
    )

    hits = [hit for hit in search_run("netralitas") if hit.section.startswith("Forum Media")]

    assert [hit.title for hit in hits] == ["Forum Media Netralitas Aparatur Desa"]
    assert hits[0].section == "Forum Media · %s" % EventKind.FORUM.label
    page = client.get(reverse("search"), {"q": "netralitas"}).content.decode()
    assert "Forum Media Netralitas Aparatur Desa" in page
    assert "Draf Netralitas Tersembunyi" not in page


# --- The page cache --------------------------------------------------------------------------


@override_settings(PAGE_CACHE_ENABLED=True)
def test_seats_left_are_fresh_on_every_request(client):
    """The list and the event page are not cached: a confirmation shows at once."""
    event = event_create(starts_in=timedelta(days=7), capacity=5)
    assert "5 dari 5 kursi tersisa" in client.get(event.get_absolute_url()).content.decode()
    list_before = client.get(LIST).content.decode()
    assert "5 kursi tersisa" in list_before

    registrations_add(event, 2)

    assert "3 dari 5 kursi tersisa" in client.get(event.get_absolute_url()).content.decode()
    assert "3 kursi tersisa" in client.get(LIST).content.decode()


@override_settings(PAGE_CACHE_ENABLED=True)
def test_a_changed_event_makes_its_cached_pages_stale(client, django_capture_on_commit_callbacks):
    event = event_create(starts_in=timedelta(days=7), title="Judul Lama Acara")
    ics = reverse("forum_media:event_ics", args=[event.slug])
    press_room = reverse("forum_media:press_room")
    for path in (ics, FEED, press_room, "/"):
        assert "Judul Lama Acara" in client.get(path).content.decode()

    event.title = "Judul Baru Acara"
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        paths = cache_pages_invalidate(instance=event)

    assert {ics, FEED, press_room, "/"} <= set(paths)
    for path in (ics, FEED, press_room, "/"):
        assert "Judul Baru Acara" in client.get(path).content.decode(), path


def test_the_horizon_is_the_next_end_or_material_time():
    now = timezone.now()
    soon = event_create(starts_in=timedelta(days=1))
    event_create(starts_in=timedelta(days=5))
    finished = event_create(starts_in=timedelta(days=-3), status=EventStatus.FINISHED)
    later_material = material_add(finished, publish_at=now + timedelta(hours=3))
    assert event_change_next() == later_material.publish_at
    later_material.delete()
    assert event_change_next() == soon.ends_at


def test_a_search_for_journalists_or_forums_offers_the_pages_first(client):
    titles = [hit.title for hit in search_run("wartawan")]
    assert titles[0] == "Ruang Media"
    assert "Forum Media: acara dan pendaftaran" in [hit.title for hit in search_run("forum")]


def test_the_list_and_the_press_room_offer_a_calendar_subscription(client):
    host = settings.PORTAL_BASE_URL.split("://")[1]
    for path in (LIST, "/forum-media/ruang-media/"):
        assert 'href="webcal://%s%s"' % (host, FEED) in client.get(path).content.decode()


def test_the_list_canonical_address_ignores_other_parameters(client):
    html = client.get(LIST, {"utm_source": "wa"}).content.decode()
    assert '<link rel="canonical" href="%s%s">' % (settings.PORTAL_BASE_URL, LIST) in html


@override_settings(PAGE_CACHE_ENABLED=True)
def test_seats_follow_the_registration_services_at_once(client, django_capture_on_commit_callbacks):
    """Through the real services (media_forum.registrations): a confirmation takes a seat, a
    cancellation frees it for the waitlist; the pages show each at once, page cache on."""
    event = event_create(starts_in=timedelta(days=7), capacity=1)
    policy = TokenPolicy(purpose=RegistrationTokenPurpose.CONFIRM, lifetime=timedelta(hours=1))
    confirmed = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("satu@contoh.id", "dua@contoh.id"):
            registration = registration_create(
                event=event, name="Peserta", email=email, phone="", language="id"
            )
            raw = token_issue(model=RegistrationToken, policy=policy, registration=registration)
            confirmed.append(registration_confirm_email(raw_token=raw))
            html = client.get(event.get_absolute_url()).content.decode()
            assert "0 dari 1 kursi tersisa" in html
    assert [r.status for r in confirmed] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]
    assert "Daftar ke daftar tunggu" in client.get(event.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=confirmed[0])

    # The waitlisted one took the freed seat: still none left, and the list agrees.
    assert "0 dari 1 kursi tersisa" in client.get(event.get_absolute_url()).content.decode()
    confirmed[1].refresh_from_db()
    assert confirmed[1].status == RegistrationStatus.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=confirmed[1])
    assert "1 dari 1 kursi tersisa" in client.get(event.get_absolute_url()).content.decode()
    assert "1 kursi tersisa" in client.get(LIST).content.decode()


def queries_of_request(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@override_settings(PAGE_CACHE_ENABLED=True)
def test_the_press_room_and_the_calendars_are_cached_and_the_seat_pages_are_not(client):
    event = event_create(starts_in=timedelta(days=7))
    cached = ["/forum-media/ruang-media/", FEED, event.get_absolute_url() + "acara.ics"]
    live = [LIST, event.get_absolute_url()]
    for url in cached + live:
        client.get(url)

    assert [queries_of_request(client, url) for url in cached] == [0, 0, 0]
    assert all(queries_of_request(client, url) > 0 for url in live)
