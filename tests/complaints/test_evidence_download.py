"""Evidence leaves the portal only through the permission-checked download view: anyone else
gets the 404 of a file that does not exist; permitted staff get an attachment that no browser
will render as a page, and the download is audited."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from complaints.models import evidence_storage
from complaints.services import evidence_add
from humas_portal.models import AuditEvent
from humas_portal.roles import COMPLAINT_OFFICER, EDITOR
from tests.complaints.factories import complaint_file, png_upload
from tests.factories import staff_create
from tests.test_uploads_evidence import pdf_bytes


@pytest.fixture
def complaint(office):
    return complaint_file().complaint


@pytest.fixture
def evidence(complaint):
    # A reporter's file name that says who they are must never come back out.
    upload = png_upload("foto-sulastri-rumah.png", colour="red")
    return evidence_add(complaint_id=complaint.pk, upload=upload, actor=None)


def download_url(evidence) -> str:
    return reverse("complaints:evidence_download", args=[evidence.public_id])


def downloads() -> int:
    return AuditEvent.objects.filter(action="complaint.evidence_downloaded").count()


def test_anonymous_visitors_get_a_404(client, evidence):
    assert client.get(download_url(evidence)).status_code == 404
    assert downloads() == 0


@pytest.mark.parametrize("role", [None, EDITOR])
def test_staff_without_the_permission_get_a_404(client, evidence, role):
    client.force_login(staff_create("staf", role=role))
    assert client.get(download_url(evidence)).status_code == 404
    assert downloads() == 0


def test_an_account_no_longer_staff_gets_a_404_despite_its_role(client, evidence):
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    officer.is_staff = False
    officer.save()
    client.force_login(officer)
    assert client.get(download_url(evidence)).status_code == 404


def test_staff_still_owing_the_second_factor_get_a_404(client, evidence, settings):
    settings.STAFF_REQUIRE_2FA = True
    client.force_login(staff_create("petugas", role=COMPLAINT_OFFICER))
    assert client.get(download_url(evidence)).status_code == 404
    assert downloads() == 0


def test_an_officer_downloads_the_stored_bytes_with_safe_headers(client, complaint, evidence):
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    client.force_login(officer)

    response = client.get(download_url(evidence))

    assert response.status_code == 200
    with evidence_storage.open(evidence.file.name, "rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="%s-1.png"' % complaint.number
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "no-store, private"
    assert "sulastri" not in str(response.headers).lower()
    row = AuditEvent.objects.get(action="complaint.evidence_downloaded")
    assert (row.actor, row.target_id) == (officer, str(complaint.pk))
    assert row.data == {"evidence": str(evidence.public_id)}


def test_files_are_numbered_in_the_order_they_were_added(client, complaint, evidence):
    second = evidence_add(
        complaint_id=complaint.pk,
        upload=png_upload("b.png", colour="blue"),
        actor=None,
    )
    client.force_login(staff_create("petugas", role=COMPLAINT_OFFICER))

    first_name = client.get(download_url(evidence))["Content-Disposition"]
    second_name = client.get(download_url(second))["Content-Disposition"]

    assert first_name.endswith('filename="%s-1.png"' % complaint.number)
    assert second_name.endswith('filename="%s-2.png"' % complaint.number)
    assert downloads() == 2


def test_unknown_files_and_other_methods(client, evidence):
    client.force_login(staff_create("petugas", role=COMPLAINT_OFFICER))
    unknown = reverse("complaints:evidence_download", args=[uuid.uuid4()])
    assert client.get(unknown).status_code == 404
    assert client.post(download_url(evidence)).status_code == 405
    assert downloads() == 0


def test_the_change_page_links_each_file_for_those_who_may_download(client, complaint, evidence):
    client.force_login(staff_create("petugas", role=COMPLAINT_OFFICER))

    page = client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk])).text

    assert download_url(evidence) in page
    assert evidence.sha256_received in page
    assert evidence.sha256_stored in page


# --- Thumbnails on the complaint page (issue 12, item 13) ---------------------------------


def thumbnail_url(evidence) -> str:
    return reverse("complaints:evidence_thumbnail", args=[evidence.public_id])


def test_thumbnails_are_refused_like_downloads_without_the_permission(client, evidence):
    assert client.get(thumbnail_url(evidence)).status_code == 404
    client.force_login(staff_create("redaksi", role=EDITOR))
    assert client.get(thumbnail_url(evidence)).status_code == 404
    assert downloads() == 0


def test_an_officer_gets_a_small_uncached_thumbnail_and_it_is_audited(client, complaint):
    large = evidence_add(
        complaint_id=complaint.pk,
        upload=png_upload("besar.png", size=(1600, 1200), colour="green"),
        actor=None,
    )
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    client.force_login(officer)

    response = client.get(thumbnail_url(large))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(response.content)).size == (240, 180)
    row = AuditEvent.objects.get(action="complaint.evidence_downloaded")
    assert (row.actor, row.target_id) == (officer, str(complaint.pk))
    assert row.data == {"evidence": str(large.public_id), "thumbnail": True}


def test_only_images_have_thumbnails(client, complaint):
    pdf = evidence_add(
        complaint_id=complaint.pk,
        upload=SimpleUploadedFile("surat.pdf", pdf_bytes(), "application/pdf"),
        actor=None,
    )
    client.force_login(staff_create("petugas", role=COMPLAINT_OFFICER))
    assert client.get(thumbnail_url(pdf)).status_code == 404
