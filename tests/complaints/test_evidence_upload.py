"""Issue 14 item 6: a photo sent as evidence is received into memory, decoded once, and only
its cleaned copy is stored; the photo as sent, with its GPS position, never reaches the disk,
not even as Django's temporary upload file."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from complaints.models import Evidence
from humas_portal.uploads import EVIDENCE_HEAD_BYTES, EvidenceUploadHandler, evidence_process
from tests.complaints.test_filing import file_complaint
from tests.security.test_uploads_pdf import exiftool, exiftool_gps  # noqa: F401 (fixture)
from tests.test_uploads_evidence import gps_exif, image_bytes

EVIDENCE = reverse("complaints:evidence_add")
RECEIPT = reverse("complaints:receipt")

pytestmark = pytest.mark.usefixtures("desk")


def messages_of(response) -> list[str]:
    return re.findall(r'<li class="notice notice--\w+">(.*?)</li>', response.text, re.DOTALL)


@pytest.fixture
def temporary_upload_files(monkeypatch) -> list[str]:
    """The names of the temporary upload files Django creates (one per file it spills)."""
    created: list[str] = []
    create = TemporaryUploadedFile.__init__

    def recording(self, name, *args, **kwargs):
        created.append(name)
        create(self, name, *args, **kwargs)

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", recording)
    return created


@pytest.fixture
def decoders(monkeypatch) -> list[tuple[str, tuple]]:
    """Every image decoder Pillow creates (one per decode), by name and configuration (for
    JPEG: libjpeg's scale denominator, then the draft flag)."""
    created: list[tuple[str, tuple]] = []
    get_decoder = Image._getdecoder

    def recording(mode, decoder_name, args, extra=()):
        created.append((decoder_name, extra))
        return get_decoder(mode, decoder_name, args, extra)

    monkeypatch.setattr(Image, "_getdecoder", recording)
    return created


def gps_photo(size=(1600, 1200)) -> bytes:
    image = Image.effect_noise(size, 40).convert("RGB")
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=gps_exif())
    return buffer.getvalue()


@pytest.mark.usefixtures("exiftool")
def test_a_photo_django_would_spill_to_disk_is_received_in_memory_and_stored_clean(
    client, settings, temporary_upload_files, tmp_path
):
    photo = gps_photo()
    assert "GPSLatitude" in exiftool_gps(photo, tmp_path)
    # Django's own handlers write every file of a request above this size to a temporary
    # file (2.5 MB by default; a phone photo is 3-8 MB): this photo would be one of them.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = len(photo) // 2
    request = RequestFactory().post("/", {"files": SimpleUploadedFile("a.jpg", photo)})
    assert isinstance(request.FILES["files"], TemporaryUploadedFile)
    temporary_upload_files.clear()
    file_complaint(client)

    response = client.post(
        EVIDENCE, {"back": "filed", "files": [SimpleUploadedFile("IMG_1.jpg", photo)]}
    )

    assert response.status_code == 302
    assert temporary_upload_files == []
    stored = Evidence.objects.get()
    with stored.file.open("rb") as file:
        data = file.read()
    assert Image.open(BytesIO(data)).getexif() == {}
    seen = exiftool_gps(data, tmp_path)
    assert "GPS" not in seen
    assert "KameraUji" not in seen


def test_the_photo_is_decoded_once(client, decoders):
    file_complaint(client)
    photo = image_bytes("JPEG", size=(1200, 900))

    client.post(EVIDENCE, {"back": "filed", "files": [SimpleUploadedFile("a.jpg", photo)]})

    assert Evidence.objects.count() == 1
    assert [name for name, _ in decoders] == ["jpeg"]


def test_a_large_phone_photo_is_decoded_once_at_reduced_scale(settings, decoders):
    """A photo at least twice the stored size is decoded by libjpeg at half (or less) its
    size, in the one decode."""
    settings.EVIDENCE_IMAGE_MAX_SIDE = 500
    photo = image_bytes("JPEG", size=(1600, 1200))

    stored = Image.open(evidence_process(SimpleUploadedFile("a.jpg", photo)).content)

    assert stored.size == (500, 375)
    [(name, config)] = decoders
    assert name == "jpeg"
    assert config[0] == 2  # 800 x 600 decoded, not 1600 x 1200


def test_too_many_pixels_is_still_refused_in_indonesian_without_decoding(
    client, settings, decoders
):
    settings.EVIDENCE_IMAGE_MAX_PIXELS_UNCOMPRESSED = 1_000_000
    file_complaint(client)
    buffer = BytesIO()
    Image.new("L", (2_000, 2_000)).save(buffer, "PNG")

    response = client.post(
        EVIDENCE,
        {"back": "filed", "files": [SimpleUploadedFile("besar.png", buffer.getvalue())]},
        follow=True,
    )

    [message] = messages_of(response)
    assert "besar.png tidak disimpan" in message
    assert "Gambar terlalu besar untuk diproses (2000 x 2000 piksel)" in message
    assert decoders == []
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("surat.html", b"<html><script>alert(1)</script></html>" * 10, "Jenis berkas ini"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "bukan gambar yang dapat dibaca"),
        ("potong.jpg", image_bytes("JPEG", size=(800, 600))[:6_000], "Gambar rusak"),
    ],
)
def test_hostile_files_are_still_refused(client, name, data, reason):
    file_complaint(client)

    response = client.post(
        EVIDENCE, {"back": "filed", "files": [SimpleUploadedFile(name, data)]}, follow=True
    )

    [message] = messages_of(response)
    assert reason in message
    assert not Evidence.objects.exists()


def test_a_photo_over_its_byte_limit_is_refused_from_its_size(client, settings):
    settings.EVIDENCE_IMAGE_MAX_BYTES = 20_000
    file_complaint(client)
    photo = gps_photo(size=(400, 300))
    assert len(photo) > 20_000

    response = client.post(
        EVIDENCE, {"back": "filed", "files": [SimpleUploadedFile("a.jpg", photo)]}, follow=True
    )

    [message] = messages_of(response)
    assert "Berkas gambar terlalu besar" in message
    assert not Evidence.objects.exists()


# --- The handler on its own --------------------------------------------------------------------


def receive(handler: EvidenceUploadHandler, data: bytes, chunk: int = 1000):
    handler.new_file("files", "x", "application/octet-stream", None)
    for start in range(0, len(data), chunk):
        assert handler.receive_data_chunk(data[start : start + chunk], start) is None
    return handler.file_complete(len(data))


def test_handler_keeps_a_file_whole_up_to_the_limit_of_its_type(settings):
    settings.EVIDENCE_IMAGE_MAX_BYTES = 5_000
    settings.PDF_MAX_BYTES = 3_000
    handler = EvidenceUploadHandler()
    photo = b"\xff\xd8\xff\xe0" + bytes(4_996)
    pdf = b"%PDF-1.7\n" + bytes(2_991)

    assert receive(handler, photo).read() == photo
    assert receive(handler, pdf).read() == pdf


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff\xe0" + bytes(5_000),  # a photo one byte over its limit
        b"%PDF-1.7\n" + bytes(2_992),  # a PDF one byte over its limit
        b"MZ" + bytes(4_000),  # no accepted type: only the head is ever needed
    ],
)
def test_handler_keeps_only_the_head_and_the_size_of_anything_else(settings, data):
    settings.EVIDENCE_IMAGE_MAX_BYTES = 5_000
    settings.PDF_MAX_BYTES = 3_000

    received = receive(EvidenceUploadHandler(), data)

    assert received.size == len(data)
    assert received.read() == data[:EVIDENCE_HEAD_BYTES]


def test_handler_keeps_only_the_head_of_files_past_the_maximum_count(settings):
    settings.COMPLAINT_EVIDENCE_MAX_FILES = 2
    handler = EvidenceUploadHandler()
    photo = b"\xff\xd8\xff\xe0" + bytes(2_000)

    kept = [len(receive(handler, photo).read()) for _ in range(3)]

    assert kept == [len(photo), len(photo), EVIDENCE_HEAD_BYTES]


def test_a_video_is_received_in_memory_too(settings):
    video = bytes(4) + b"ftypisom" + bytes(3_000)
    settings.EVIDENCE_VIDEO_MAX_BYTES = len(video)

    assert receive(EvidenceUploadHandler(), video).read() == video
