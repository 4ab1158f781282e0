"""Issue 13 item 4: the evidence endpoint counts before it decodes, decodes a bounded number of
pixels per request, and is rate-limited per complaint and per client."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageFile

from complaints.models import Complaint, EventKind, Evidence
from complaints.services import evidence_add
from tests.complaints.conftest import desk, evidence_root  # noqa: F401 (fixtures)
from tests.complaints.factories import png_upload
from tests.complaints.test_filing import file_complaint
from tests.test_uploads_evidence import run_in_subprocess

EVIDENCE = reverse("complaints:evidence_add")
INFO = reverse("complaints:info_add")

pytestmark = pytest.mark.usefixtures("desk")


def messages_of(response) -> list[str]:
    return re.findall(r'<li class="notice notice--\w+">(.*?)</li>', response.text, re.DOTALL)


@pytest.fixture
def decodes(monkeypatch) -> list[int]:
    """Each image decode (Pillow's load of an opened file), counted by its pixels."""
    counted: list[int] = []
    load = ImageFile.ImageFile.load

    def counting_load(image):
        if image.tile:  # tiles still to read: this call decodes
            counted.append(image.size[0] * image.size[1])
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    return counted


def large_png(name: str, side: int) -> SimpleUploadedFile:
    # Grey and flat: a few KB on the wire, side x side pixels once decoded.
    buffer = io.BytesIO()
    Image.new("L", (side, side)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def test_a_full_complaint_refuses_ten_large_pngs_without_decoding_any(client, decodes):
    file_complaint(client)
    complaint = Complaint.objects.get()
    for number in range(10):  # the default maximum
        evidence_add(complaint_id=complaint.pk, upload=png_upload("%d.png" % number))
    decodes.clear()

    files = [large_png("besar-%d.png" % number, 3_900) for number in range(10)]
    response = client.post(EVIDENCE, {"back": "filed", "files": files}, follow=True)

    assert decodes == []
    assert Evidence.objects.count() == 10
    shown = messages_of(response)
    assert len(shown) == 10
    assert all("Satu pengaduan dapat memuat paling banyak 10 berkas bukti." in s for s in shown)


def test_a_complaint_without_room_by_size_decodes_nothing(client, settings, decodes):
    file_complaint(client)
    complaint = Complaint.objects.get()
    evidence_add(complaint_id=complaint.pk, upload=png_upload())
    settings.COMPLAINT_EVIDENCE_MAX_TOTAL_BYTES = Evidence.objects.get().size
    decodes.clear()

    response = client.post(
        EVIDENCE, {"back": "filed", "files": [large_png("a.png", 1_000)]}, follow=True
    )

    assert decodes == []
    assert Evidence.objects.count() == 1
    assert "Ukuran seluruh bukti melebihi" in messages_of(response)[0]


def test_one_request_decodes_at_most_its_pixel_budget(client, settings, decodes):
    settings.EVIDENCE_REQUEST_MAX_PIXELS = 2_500_000
    file_complaint(client)

    files = [large_png("besar-%d.png" % number, 1_000) for number in range(5)]
    response = client.post(EVIDENCE, {"back": "filed", "files": files}, follow=True)

    assert sum(decodes) <= 2_500_000
    assert len(decodes) == 2
    assert Evidence.objects.count() == 2
    shown = messages_of(response)
    assert shown[:2] == ["besar-0.png tersimpan.", "besar-1.png tersimpan."]
    for message in shown[2:]:
        assert "Terlalu banyak gambar besar dalam satu kiriman." in message


def assert_refused(response) -> None:
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.text
    assert 'lang="id"' in response.text
    assert 1 <= int(response.headers["Retry-After"]) <= 3600
    assert "no-store" in response.headers["Cache-Control"]


def test_additions_are_limited_per_complaint_and_nothing_is_stored_past_it(client, settings):
    settings.COMPLAINT_ADDITIONS_LIMIT = 3
    file_complaint(client)
    complaint = Complaint.objects.get()
    client.post(INFO, {"back": "filed", "text": "Pelakunya memakai kaos biru."})
    client.post(INFO, {"back": "filed", "text": "Mobilnya berwarna putih."})
    client.post(EVIDENCE, {"back": "filed", "files": [png_upload()]})
    events = complaint.events.count()

    # Past the limit, from another address too: the count is the complaint's.
    refused_info = client.post(
        INFO, {"back": "filed", "text": "Satu lagi."}, REMOTE_ADDR="198.51.100.9"
    )
    refused_file = client.post(EVIDENCE, {"back": "filed", "files": [png_upload("b.png")]})

    assert_refused(refused_info)
    assert_refused(refused_file)
    assert Evidence.objects.count() == 1
    assert complaint.events.count() == events
    assert complaint.events.filter(kind=EventKind.REPORTER_INFO).count() == 2


def test_additions_are_limited_per_client_generously(settings):
    settings.COMPLAINT_ADDITIONS_CLIENT_LIMIT = 2
    first, second = Client(), Client()
    file_complaint(first)
    file_complaint(second)
    text = {"back": "filed", "text": "Keterangan tambahan."}
    assert first.post(INFO, text).status_code == 302
    assert first.post(INFO, text).status_code == 302

    # Another complaint behind the same address (one NAT): its additions count there too.
    refused = second.post(EVIDENCE, {"back": "filed", "files": [png_upload()]})
    assert_refused(refused)
    assert not Evidence.objects.exists()
    # Another address is another budget.
    assert second.post(INFO, text, REMOTE_ADDR="198.51.100.9").status_code == 302


@pytest.mark.parametrize("file_format", ["WEBP", "PNG"])
def test_the_worst_accepted_image_raises_memory_by_less_than_300_mb(
    tmp_path: Path, settings, file_format
):
    """A lossless RGBA image just at the full-decode limit (the worst case measured: WebP about
    15 bytes a pixel at the peak, PNG about 10) is accepted with a rise under 300 MB."""
    limit = settings.EVIDENCE_IMAGE_MAX_PIXELS_UNCOMPRESSED
    side = int(limit**0.5)
    path = tmp_path / ("worst." + file_format.lower())
    Image.new("RGBA", (side, side), (10, 20, 30, 40)).save(path, file_format, lossless=True)

    result = run_in_subprocess(path)

    assert result.get("kind") == "image", result
    assert result["peak_kb"] - result["before_kb"] < 300 * 1024, result
