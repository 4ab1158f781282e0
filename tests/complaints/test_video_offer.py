"""Videos are offered only where ffmpeg can strip them (humas_portal.uploads.ffmpeg_binary):
without any ffmpeg the form, the receipt and tracking say nothing of video, the file picker
does not list videos, and a video sent anyway is refused with how to hand it in."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import Evidence
from tests.complaints.factories import election_create, office_create
from tests.complaints.test_filing import CREATE, form_data

RECEIPT = reverse("complaints:receipt")
EVIDENCE = reverse("complaints:evidence_add")
# filesizeformat puts a no-break space before the unit.
VIDEO_HELP = "video MP4, MOV atau WebM (sampai 100,0\xa0MB)"
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" + b"\x00" * 100


@pytest.fixture(autouse=True)
def _desk(db, settings):
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    office_create()
    election_create()


def receipt_page(client) -> str:
    """File a complaint and return the receipt page this browser then sees."""
    assert client.post(CREATE, form_data(client), follow=True).status_code == 200
    response = client.get(RECEIPT)
    assert response.status_code == 200
    return response.text


def file_picker(page: str) -> str:
    return re.search(r'<input type="file"[^>]*>', page).group(0)


def test_with_ffmpeg_the_pages_offer_video(client):
    form = client.get(CREATE).text
    assert "bukti foto, video atau PDF diunggah" in form
    assert "Foto, video atau PDF dapat diunggah" in form

    receipt = receipt_page(client)
    picker = file_picker(receipt)
    assert "video/mp4" in picker
    assert ".mov" in picker
    assert 'aria-describedby="evidence-help"' in picker
    assert "multiple" in picker
    assert VIDEO_HELP in receipt
    assert "Pilih foto, video atau PDF" in receipt


@pytest.mark.usefixtures("no_ffmpeg")
def test_without_ffmpeg_no_page_offers_video(client):
    form = client.get(CREATE).text
    assert "video" not in form.lower()
    assert "bukti foto atau PDF diunggah" in form
    assert "Foto atau PDF dapat diunggah" in form

    receipt = receipt_page(client)
    picker = file_picker(receipt)
    assert "video" not in picker
    assert ".mp4" not in picker
    assert "image/jpeg" in picker
    assert "application/pdf" in picker
    assert VIDEO_HELP not in receipt
    assert "Pilih foto atau PDF" in receipt
    assert "foto JPEG, PNG atau WebP (sampai 40,0\xa0MB), PDF (sampai 20,0\xa0MB)" in receipt
    assert "Video, berkas yang lebih besar atau jenis lain dapat diserahkan" in receipt


@pytest.mark.usefixtures("no_ffmpeg")
def test_without_ffmpeg_a_video_sent_anyway_is_refused_with_how_to_hand_it_in(client):
    receipt_page(client)
    video = SimpleUploadedFile("rekaman.mp4", MP4_HEAD, content_type="video/mp4")

    response = client.post(EVIDENCE, {"back": "filed", "files": [video]}, follow=True)

    assert not Evidence.objects.exists()
    assert (
        "rekaman.mp4 tidak disimpan: Video tidak dapat diterima lewat portal ini. Serahkan "
        "videonya ke kantor Bawaslu atau lewat WhatsApp kantor dengan menyebut nomor "
        "pengaduan Anda."
    ) in response.text
