"""The education admin: a writer cannot publish (no action, the button refused), the chief
editor publishes with the button and the subscribers get one e-mail however often the item is
saved, and the form's format fields."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from education import services
from education.models import EducationItem, ItemFormat, ItemStatus
from humas_portal.notifications.models import BulkSend
from tests.education.factories import item_create, png_bytes, segment_create, theme_create
from tests.news.factories import subscriber_create

pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture
def draft(writer):
    return item_create(author=writer, title="Kenali Hoaks Pemilu")


def form_data(item=None, **overrides) -> dict:
    """What the item form posts: the item's own values, or a new item's."""
    data = {
        "title": item.title if item else "Cara Melapor Pelanggaran",
        "slug": item.slug if item else "cara-melapor-pelanggaran",
        "format": item.format if item else ItemFormat.ARTICLE,
        "segments": [s.pk for s in item.segments.all()] if item else [segment_create().pk],
        "themes": [t.pk for t in item.themes.all()] if item else [theme_create().pk],
        "lead": item.lead if item else "Siapa pun boleh melapor.",
        "easy_read": item.easy_read if item else "Lapor paling lambat 7 hari.",
        "body": item.body if item else "<p>Laporan disampaikan ke Bawaslu.</p>",
        "stage": "",
        "image_alt": item.image_alt if item else "",
        "image_description": "",
        "youtube_id": item.youtube_id if item else "",
        "transcript": item.transcript if item else "",
        "language": "id",
        "reading_level": "general",
        "version_of": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        "revisions-MIN_NUM_FORMS": "0",
        "revisions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def change_url(item) -> str:
    return reverse("admin:education_educationitem_change", args=[item.pk])


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_form_creates_a_draft_authored_by_whoever_wrote_it(client, writer, chief):
    client.force_login(writer)

    response = client.post(
        reverse("admin:education_educationitem_add"),
        form_data(status="published", author=chief.pk),
    )

    assert response.status_code == 302
    item = EducationItem.objects.get()
    assert (item.status, item.author, item.segments.count()) == (ItemStatus.DRAFT, writer, 1)
    assert list(item.revisions.values_list("action", flat=True)) == ["created"]


def test_a_writer_has_no_publish_actions_and_posting_one_does_nothing(client, writer, draft):
    client.force_login(writer)
    changelist = client.get(reverse("admin:education_educationitem_changelist"))
    offered = {
        choice for choice, _label in changelist.context["action_form"].fields["action"].choices
    }
    assert "submit_for_review" in offered
    assert not offered & {"publish", "schedule", "archive"}

    for action in ("publish", "schedule", "archive"):
        client.post(
            reverse("admin:education_educationitem_changelist"),
            {"action": action, "_selected_action": [draft.pk]},
        )

    draft.refresh_from_db()
    assert draft.status == ItemStatus.DRAFT


def test_a_writers_publish_button_is_refused(client, writer, draft):
    client.force_login(writer)
    page = client.get(change_url(draft))
    assert [move for move, _label in page.context["workflow_moves"]] == ["submit"]

    response = client.post(change_url(draft), form_data(draft, _workflow="publish"), follow=True)

    draft.refresh_from_db()
    assert draft.status == ItemStatus.DRAFT
    assert shown_messages(response)[-1].startswith("“Kenali Hoaks Pemilu” tidak diproses: Anda")
    assert not BulkSend.objects.exists()


def test_the_chief_publishes_with_the_button_and_saving_again_sends_nothing_more(
    client, chief, draft
):
    subscriber_create("pemilih@example.id", ["edukasi"])
    client.force_login(chief)
    page = client.get(change_url(draft))
    assert page.context["distribution_forecast"] == [
        "Saat terbit, materi ini dikirim lewat e-mail ke 1 pelanggan topik Edukasi."
    ]

    response = client.post(change_url(draft), form_data(draft, _workflow="publish"), follow=True)
    draft.refresh_from_db()
    assert draft.is_public()
    send = BulkSend.objects.get()
    assert send.topic == "edukasi"
    assert "e-mail untuk pelanggan topik Edukasi masuk antrean" in shown_messages(response)[-2]

    client.post(change_url(draft), form_data(draft, title="Kenali Hoaks Pemilu 2029"))
    client.post(change_url(draft), form_data(draft, title="Kenali Hoaks Pemilu 2029"))
    client.post(
        reverse("admin:education_educationitem_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    assert BulkSend.objects.count() == 1
    page = client.get(change_url(draft))
    progress = page.content.decode()
    assert reverse("admin:notifications_bulksend_change", args=[send.pk]) in progress
    assert "0 dari 0 terkirim, 0 gagal" in progress  # enqueued by the worker, not here


def test_a_published_item_is_read_only_for_a_writer(client, writer, chief, draft):
    services.item_publish(item_id=draft.pk, actor=chief)
    client.force_login(writer)

    page = client.get(change_url(draft))

    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_a_video_with_a_pasted_youtube_address_is_saved_with_its_id(client, writer):
    client.force_login(writer)
    data = form_data(
        format=ItemFormat.VIDEO,
        body="",
        youtube_id="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        image_alt="Cuplikan video",
    )
    data["image"] = SimpleUploadedFile("cuplikan.png", png_bytes((800, 450)))

    response = client.post(reverse("admin:education_educationitem_add"), data)

    assert response.status_code == 302
    item = EducationItem.objects.get()
    assert item.youtube_id == "dQw4w9WgXcQ"
    assert (item.image_width, item.image_height) == (800, 450)


def test_format_errors_are_shown_on_their_fields_not_as_a_500(client, writer):
    client.force_login(writer)

    response = client.post(
        reverse("admin:education_educationitem_add"),
        form_data(format=ItemFormat.INFOGRAPHIC, body=""),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["image"] == ["Unggah gambar infografisnya."]
    assert "image_description" in errors
    assert not EducationItem.objects.exists()


def test_segments_and_themes_are_edited_by_the_chief_and_read_by_writers(client, writer, chief):
    client.force_login(writer)
    assert client.get(reverse("admin:education_segment_add")).status_code == 403
    assert client.get(reverse("admin:education_theme_changelist")).status_code == 200

    client.force_login(chief)
    response = client.post(
        reverse("admin:education_segment_add"),
        {"name": "Lansia", "slug": "lansia", "description": "Untuk Bapak dan Ibu.", "order": 6},
    )
    assert response.status_code == 302


def test_the_preview_shows_a_draft_to_staff_never_cached_nor_indexed(client, writer, draft):
    client.force_login(writer)
    page = client.get(change_url(draft))
    preview_url = reverse("admin:education_educationitem_preview", args=[draft.pk])
    assert preview_url in page.text

    response = client.get(preview_url)

    assert response.status_code == 200
    assert "Kenali Hoaks Pemilu" in response.text
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # A video plays in the preview as on the public page.
    assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]
    client.logout()
    assert client.get(preview_url).status_code == 302  # to the login
