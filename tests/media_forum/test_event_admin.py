"""The events admin: saving through the services (a published event's change is told once),
cleaned materials, the counts in one query, the status actions, the attendance export, and the
registrations' list with its contact data gone after erasure."""

from datetime import timedelta
from io import BytesIO

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from humas_portal.models import AuditEvent
from humas_portal.notifications.models import Message
from humas_portal.roles import EDITOR, MEDIA_FORUM_COORDINATOR
from media_forum import events
from media_forum.models import Event, EventMaterial, EventStatus, RegistrationStatus
from tests.education.factories import png_bytes
from tests.factories import staff_create
from tests.media_forum.factories import event_create, registration_create_row
from tests.spreadsheets import csv_rows, xlsx_texts

pytestmark = pytest.mark.django_db

S = RegistrationStatus


@pytest.fixture
def coordinator(office):
    return staff_create("koordinator", role=MEDIA_FORUM_COORDINATOR)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def local(moment) -> tuple[str, str]:
    moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S")


def form_data(event=None, *, materials=(), **overrides) -> dict:
    starts_at = event.starts_at if event else timezone.now() + timedelta(days=10)
    ends_at = event.ends_at if event else starts_at + timedelta(hours=2)
    data = {
        "title": event.title if event else "Forum Media Pengawasan Kampanye",
        "slug": event.slug if event else "forum-media-pengawasan-kampanye",
        "kind": event.kind if event else "forum",
        "audience": event.audience if event else "journalists",
        "description": event.description if event else "<p>Diskusi.</p>",
        "starts_at_0": local(starts_at)[0],
        "starts_at_1": local(starts_at)[1],
        "ends_at_0": local(ends_at)[0],
        "ends_at_1": local(ends_at)[1],
        "venue": event.venue if event else "Aula Bawaslu Jember",
        "address": event.address if event else "Jl. Kalimantan 1",
        "map_url": "",
        "online_url": event.online_url if event else "",
        "capacity": str(event.capacity if event else 30),
        "registration_opens_at_0": "",
        "registration_opens_at_1": "",
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        "speakers-TOTAL_FORMS": "1",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "1000",
        "speakers-0-name": "Ketua Bawaslu Jember",
        "speakers-0-role": "Ketua",
        "speakers-0-order": "0",
        "materials-TOTAL_FORMS": str(len(materials)),
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
    }
    for index, material in enumerate(materials):
        for key, value in material.items():
            data["materials-%d-%s" % (index, key)] = value
    data.update(overrides)
    return data


def pdf_upload(name="paparan.pdf") -> SimpleUploadedFile:
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = "PenulisRahasia"
    buffer = BytesIO()
    pdf.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def material(kind, upload, alt="") -> dict:
    return {"title": "Bahan", "kind": kind, "file": upload, "image_alt": alt, "order": "0"}


def add_url() -> str:
    return reverse("admin:media_forum_event_add")


def change_url(event) -> str:
    return reverse("admin:media_forum_event_change", args=[event.pk])


def changelist_url() -> str:
    return reverse("admin:media_forum_event_changelist")


# --- Saving ----------------------------------------------------------------------------------


def test_a_new_event_is_saved_as_a_draft_with_its_speaker_and_a_cleaned_pdf(
    coordinator_client, coordinator
):
    assert coordinator_client.get(add_url()).status_code == 200

    response = coordinator_client.post(
        add_url(), form_data(materials=[material("pdf", pdf_upload())])
    )

    assert response.status_code == 302, response.context["errors"]
    event = Event.objects.get()
    assert event.status == EventStatus.DRAFT
    assert event.created_by == coordinator
    assert event.speakers.get().name == "Ketua Bawaslu Jember"
    stored = event.materials.get()
    assert stored.file.name.endswith(".pdf")
    assert "paparan" not in stored.file.name
    content = stored.file.read()
    assert b"PenulisRahasia" not in content
    assert stored.size == len(content)


def test_an_image_material_is_reencoded_and_needs_alt_text(coordinator_client):
    image = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    refused = coordinator_client.post(add_url(), form_data(materials=[material("image", image)]))
    assert refused.status_code == 200
    assert not Event.objects.exists()

    image = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    response = coordinator_client.post(
        add_url(), form_data(materials=[material("image", image, alt="Ketua memberi paparan")])
    )

    assert response.status_code == 302
    stored = EventMaterial.objects.get()
    assert stored.size > 0
    assert "foto" not in stored.file.name


@pytest.mark.parametrize(
    ("kind", "name", "content"),
    [
        ("pdf", "bukan.pdf", b"<html>not a pdf</html>"),
        ("image", "bukan.png", b"%PDF-1.4 not an image"),
        ("pdf", "kosong.pdf", b""),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(coordinator_client, kind, name, content):
    upload = SimpleUploadedFile(name, content)
    response = coordinator_client.post(
        add_url(), form_data(materials=[material(kind, upload, alt="Teks")])
    )

    assert response.status_code == 200
    assert not Event.objects.exists()
    assert not EventMaterial.objects.exists()


def test_saving_a_published_event_tells_registrants_once_per_change(coordinator_client):
    event = event_create()
    registration = registration_create_row(event)
    moved = event.starts_at + timedelta(days=1)
    data = form_data(event, starts_at_0=local(moved)[0], ends_at_0=local(moved)[0])
    data["speakers-TOTAL_FORMS"] = "0"

    assert coordinator_client.post(change_url(event), data).status_code == 302
    assert coordinator_client.post(change_url(event), data).status_code == 302

    event.refresh_from_db()
    assert event.schedule_version == 2
    assert event.starts_at == moved.replace(microsecond=0)
    assert Message.objects.filter(kind="event_changed", about_id=registration.pk).count() == 1


def test_saving_an_unchanged_event_with_finer_stored_times_tells_nobody(coordinator_client):
    # Times with microseconds, which the form shows to the second.
    event = event_create(starts_at=timezone.now() + timedelta(days=7))
    assert event.starts_at.microsecond
    registration_create_row(event)
    data = form_data(event, title="Judul diperbaiki")
    data["speakers-TOTAL_FORMS"] = "0"

    assert coordinator_client.post(change_url(event), data).status_code == 302

    event.refresh_from_db()
    assert event.title == "Judul diperbaiki"
    assert event.schedule_version == 1
    assert not Message.objects.filter(kind="event_changed").exists()


def test_the_status_cannot_be_posted(coordinator_client):
    event = event_create(status=EventStatus.DRAFT)
    data = form_data(event, status="published")
    data["speakers-TOTAL_FORMS"] = "0"

    coordinator_client.post(change_url(event), data)

    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_a_reserved_slug_and_an_end_before_the_start_are_refused(coordinator_client):
    start = timezone.now() + timedelta(days=3)
    response = coordinator_client.post(
        add_url(),
        form_data(
            slug="hadir",
            starts_at_0=local(start)[0],
            ends_at_0=local(start - timedelta(days=1))[0],
        ),
    )

    assert response.status_code == 200
    assert not Event.objects.exists()


def test_a_writer_cannot_reach_the_events_admin(client, office):
    client.force_login(staff_create("penulis", role=EDITOR))

    assert client.get(changelist_url()).status_code == 403
    assert client.post(add_url(), form_data()).status_code == 403
    assert not Event.objects.exists()


# --- Counts ----------------------------------------------------------------------------------


def test_the_list_counts_in_one_query_whatever_the_number_of_events(coordinator_client):
    past = event_create(starts_in=timedelta(days=-2))
    for status in (S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.REGISTERED, S.CANCELLED):
        registration_create_row(past, status=status)
    registration_create_row(past, attended_at=timezone.now())
    coordinator_client.get(changelist_url())  # warm the session and permission caches

    with CaptureQueriesContext(connection) as few:
        response = coordinator_client.get(changelist_url())
    for _number in range(5):
        registration_create_row(event_create(), status=S.WAITLISTED)
    with CaptureQueriesContext(connection) as many:
        coordinator_client.get(changelist_url())

    assert len(many) == len(few)
    row = next(result for result in response.context["cl"].result_list if result.pk == past.pk)
    # Registered: everyone who confirmed the address, cancelled ones included.
    assert (row.count_registered, row.count_confirmed, row.count_waitlisted) == (5, 3, 1)
    assert (row.count_attended, row.count_no_show) == (1, 2)


def test_the_change_page_shows_the_counts_and_export_links(coordinator_client):
    event = event_create()
    registration_create_row(event)
    registration_create_row(event, status=S.WAITLISTED)

    response = coordinator_client.get(change_url(event))

    content = response.content.decode()
    assert reverse("admin:media_forum_event_attendance", args=[event.pk, "xlsx"]) in content
    assert response.context["original"].count_confirmed == 1
    assert response.context["original"].count_waitlisted == 1


# --- Actions ---------------------------------------------------------------------------------


def run_action(client, action, event):
    return client.post(
        changelist_url(), {"action": action, "_selected_action": [event.pk]}, follow=True
    )


def test_the_actions_publish_cancel_and_finish_through_the_services(coordinator_client):
    draft = event_create(status=EventStatus.DRAFT)
    run_action(coordinator_client, "publish", draft)
    draft.refresh_from_db()
    assert draft.status == EventStatus.PUBLISHED

    registration = registration_create_row(draft)
    run_action(coordinator_client, "cancel", draft)
    run_action(coordinator_client, "cancel", draft)
    draft.refresh_from_db()
    assert draft.status == EventStatus.CANCELLED
    assert Message.objects.filter(kind="event_cancelled", about_id=registration.pk).count() == 1

    upcoming = event_create()
    response = run_action(coordinator_client, "finish", upcoming)
    upcoming.refresh_from_db()
    assert upcoming.status == EventStatus.PUBLISHED
    assert "belum dimulai" in response.content.decode()


def test_the_materials_action_sends_to_attendees(coordinator_client):
    event = event_create(starts_in=timedelta(days=-1))
    stored = EventMaterial(event=event, title="Paparan", kind="pdf", size=10)
    stored.file.save("a.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.4"), save=False)
    stored.save()
    came = registration_create_row(event, attended_at=timezone.now())

    run_action(coordinator_client, "send_materials", event)

    assert Message.objects.filter(kind="event_materials", about_id=came.pk).count() == 1


def test_the_actions_are_not_offered_without_the_publishing_permission(client, office):
    viewer = staff_create("pembaca")
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(
        Permission.objects.get(codename="view_event"),
        Permission.objects.get(codename="change_event"),
    )
    client.force_login(viewer)
    draft = event_create(status=EventStatus.DRAFT)

    response = client.get(changelist_url())
    run_action(client, "publish", draft)

    # Every action needs the publishing permission: the list offers none.
    assert response.context["action_form"] is None
    draft.refresh_from_db()
    assert draft.status == EventStatus.DRAFT


# --- Export ----------------------------------------------------------------------------------


def export(client, event, fmt):
    return client.get(reverse("admin:media_forum_event_attendance", args=[event.pk, fmt]))


def test_the_attendance_list_exports_as_safe_csv_and_xlsx(coordinator_client, coordinator):
    event = event_create(starts_in=timedelta(hours=-3))
    registration_create_row(event, name='=HYPERLINK("http://x")', outlet="@media")
    registration_create_row(event, name="Budi", attended_at=timezone.now(), attended_by=coordinator)
    registration_create_row(event, name="Tak Terdaftar", status=S.REGISTERED)

    csv_response = export(coordinator_client, event, "csv")
    xlsx_response = export(coordinator_client, event, "xlsx")

    assert "no-store" in csv_response["Cache-Control"]
    header, *rows = csv_rows(csv_response)
    assert header[0] == "Nama"
    names = [row[0] for row in rows]
    assert names == ['\'=HYPERLINK("http://x")', "Budi"]
    assert rows[0][1] == "'@media"
    budi = rows[1]
    assert budi[-1] == "koordinator"
    assert budi[-2] != ""
    texts = xlsx_texts(xlsx_response.content)
    assert texts[0][0] == "Nama"
    assert {row[0] for row in texts[1:]} == set(names)
    assert AuditEvent.objects.filter(action="event.attendance_exported").count() == 2


def test_the_export_refuses_other_formats_unknown_events_and_outsiders(
    coordinator_client, client, office
):
    event = event_create()
    assert export(coordinator_client, event, "pdf").status_code == 404
    missing = reverse("admin:media_forum_event_attendance", args=[999999, "csv"])
    assert coordinator_client.get(missing).status_code == 404

    client.force_login(staff_create("penulis", role=EDITOR))
    assert export(client, event, "csv").status_code == 403
    client.logout()
    assert export(client, event, "csv").status_code == 302


# --- Registrations ---------------------------------------------------------------------------


def test_registrations_are_listed_filtered_and_searched_without_editing(coordinator_client):
    event = event_create()
    registration_create_row(event, name="Siti Aminah", outlet="Radar Jember")
    registration_create_row(event, name="Budi", outlet="Jember Post", status=S.WAITLISTED)
    url = reverse("admin:media_forum_registration_changelist")

    found = coordinator_client.get(url, {"q": "radar"})
    waiting = coordinator_client.get(url, {"status__exact": "waitlisted"})
    hostile = coordinator_client.get(url, {"q": "'; DROP TABLE x;--\x00" + "a" * 5000})

    assert [r.name for r in found.context["cl"].result_list] == ["Siti Aminah"]
    assert [r.name for r in waiting.context["cl"].result_list] == ["Budi"]
    assert hostile.status_code in (200, 400)
    registration = event.registrations.first()
    change = coordinator_client.get(
        reverse("admin:media_forum_registration_change", args=[registration.pk])
    )
    assert change.status_code == 200
    assert b'name="name"' not in change.content  # read-only


def test_erased_registrations_show_no_contact_data(coordinator_client):
    event = event_create(starts_in=timedelta(days=-400))
    registration = registration_create_row(event, name="Siti Aminah", phone="+6281299999999")
    events.contacts_erase(event_id=event.pk)

    listing = coordinator_client.get(reverse("admin:media_forum_registration_changelist"))
    change = coordinator_client.get(
        reverse("admin:media_forum_registration_change", args=[registration.pk])
    )

    for response in (listing, change):
        content = response.content.decode()
        assert "Siti Aminah" not in content
        assert "6281299999999" not in content
        assert "data kontak dihapus" in content


def test_approve_and_reject_decide_the_pending_ones_only(coordinator_client, coordinator):
    """The actions run the registration services: a pending registration gets its seat or is
    rejected, each told once; one already decided is left as it was, and the officer is told."""
    event = event_create(approval_required=True)
    first = registration_create_row(event, status=S.PENDING_APPROVAL)
    second = registration_create_row(event, status=S.PENDING_APPROVAL)
    confirmed = registration_create_row(event)
    url = reverse("admin:media_forum_registration_changelist")

    coordinator_client.post(url, {"action": "approve", "_selected_action": [first.pk]})
    coordinator_client.post(url, {"action": "reject", "_selected_action": [second.pk]})
    response = coordinator_client.post(
        url, {"action": "approve", "_selected_action": [confirmed.pk, first.pk]}, follow=True
    )

    for registration in (first, second, confirmed):
        registration.refresh_from_db()
    assert (first.status, first.approved_by) == (S.CONFIRMED, coordinator)
    assert second.status == S.REJECTED
    assert confirmed.status == S.CONFIRMED
    assert confirmed.approved_by is None
    kinds = Message.objects.filter(recipient__in=[first.email, second.email]).values_list(
        "recipient", "kind"
    )
    assert sorted(kinds) == sorted(
        [(first.email, "event_ticket"), (second.email, "event_registration_rejected")]
    )
    assert "menunggu persetujuan" in response.content.decode()
