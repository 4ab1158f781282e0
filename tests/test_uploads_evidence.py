"""Complaint evidence (``humas_portal.uploads.evidence_process``): the acceptance items of the
complaint desk's evidence issue.

Every fixture is made here: photos with Pillow, PDFs with pikepdf, videos with ffmpeg from its
``lavfi`` test sources. The video tests need an ffmpeg (the system's or imageio-ffmpeg's, which a
project install always brings) and nothing else: what a stored video holds is read with ffmpeg
alone, with ffprobe kept off PATH, since the wheel ships no ffprobe. Under REQUIRE_SERVICES=1 a
skip fails the run.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Dictionary, Name, String
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from humas_portal import uploads
from humas_portal.uploads import ProcessedEvidence, evidence_process
from tests.conftest import ROOT

# Resolved once, as the portal resolves it with default settings; fixtures are made with it.
FFMPEG = uploads.ffmpeg_binary()
needs_ffmpeg = pytest.mark.skipif(
    FFMPEG is None, reason="needs ffmpeg (apt-get install ffmpeg, or pip install imageio-ffmpeg)"
)

RANDOM_NAME = re.compile(r"[0-9a-f]{32}\.[a-z0-9]+")
# What the fixtures hide, each of which must be gone from what is stored.
SECRETS = (
    b"Exif\x00\x00",
    b"xmpmeta",
    b"eXIf",
    b"tEXt",
    b"iTXt",
    b"KameraUji",
    b"LOKASI-RAHASIA",
    b"CatatanRahasia",
    b"+07.4",
)
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="+07.4" '
    b'exif:GPSMapDatum="LOKASI-RAHASIA"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
LOCATION = "+07.4+111.5/"


# --- Helpers ------------------------------------------------------------------------------


def gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    if orientation:
        exif[0x0112] = orientation
    exif[0x8825] = {  # GPS IFD
        1: "S",
        2: (7.0, 24.0, 0.0),
        3: "E",
        4: (111.0, 30.0, 0.0),
        0x12: "LOKASI-RAHASIA",  # GPSMapDatum: a string to look for in the bytes
    }
    return exif


def image_bytes(image_format: str, size=(640, 480)) -> bytes:
    """A photo in ``image_format`` carrying EXIF with GPS, XMP and (PNG) text chunks."""
    image = Image.new("RGB", size, (30, 90, 160))
    ImageDraw.Draw(image).ellipse((10, 10, size[0] // 2, size[1] // 2), fill=(220, 40, 40))
    buffer = BytesIO()
    if image_format == "PNG":
        info = PngInfo()
        info.add_text("Comment", "CatatanRahasia")
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        image.save(buffer, "PNG", exif=gps_exif(), pnginfo=info)
    else:
        image.save(buffer, image_format, exif=gps_exif(), xmp=XMP, quality=90)
    return buffer.getvalue()


def upload(data: bytes, name: str = "bukti.jpg") -> SimpleUploadedFile:
    # The browser's content type is a lie on purpose: it must not matter.
    return SimpleUploadedFile(name, data, "application/octet-stream")


def refusal(data: bytes, name: str = "bukti.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        evidence_process(upload(data, name))
    return caught.value


def stored_bytes(evidence: ProcessedEvidence) -> bytes:
    evidence.content.seek(0)
    data = evidence.content.read()
    evidence.content.seek(0)
    return data


def assert_custody(evidence: ProcessedEvidence, received: bytes) -> None:
    stored = stored_bytes(evidence)
    assert evidence.sha256_received == hashlib.sha256(received).hexdigest()
    assert evidence.sha256_stored == hashlib.sha256(stored).hexdigest()
    assert evidence.size == len(stored)
    assert RANDOM_NAME.fullmatch(evidence.content.name)


def run_in_subprocess(path: Path) -> dict:
    """Process the file at ``path`` in a fresh Python with Django set up; return what happened
    and the process's peak resident memory in KB, before the call and after it.

    The peak is VmHWM from /proc/self/status, the high-water mark of this process's own
    memory, which starts afresh at exec. ``getrusage(RUSAGE_SELF).ru_maxrss`` would be the
    natural call, but Linux carries it over from the parent through fork and exec: here it
    reports pytest's peak (the 108 MP fixture alone is 324 MB), not the child's.
    """
    script = """
import json, sys
import django

def peak_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])

django.setup()
from django.core.exceptions import ValidationError
from django.core.files import File
from humas_portal.uploads import evidence_process
from PIL import Image

before = peak_kb()
with open(sys.argv[1], "rb") as received:
    try:
        evidence = evidence_process(File(received, name="bukti.jpg"))
        result = {"kind": evidence.kind, "size": list(Image.open(evidence.content).size)}
    except ValidationError as error:
        result = {"code": error.code, "message": error.messages[0]}
result["before_kb"] = before
result["peak_kb"] = peak_kb()
print(json.dumps(result))
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "humas_portal.settings"}
    completed = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- Photos -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "extension"), [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")]
)
def test_photo_is_stored_without_exif_gps_xmp_or_text(image_format, extension):
    raw = image_bytes(image_format)
    assert b"KameraUji" in raw
    assert b"xmpmeta" in raw
    assert b"LOKASI-RAHASIA" in raw
    # Where each format keeps EXIF: a PNG chunk, a WebP chunk, a JPEG APP1 segment.
    exif_marker = {"PNG": b"eXIf", "WEBP": b"EXIF", "JPEG": b"Exif\x00\x00"}[image_format]
    assert exif_marker in raw
    if image_format == "PNG":
        assert b"tEXt" in raw

    evidence = evidence_process(upload(raw, "foto.bin"))

    stored = stored_bytes(evidence)
    for secret in (*SECRETS, exif_marker):
        assert secret not in stored, secret
    image = Image.open(BytesIO(stored))
    assert image.format == image_format
    assert image.getexif() == {}
    assert image.size == (640, 480)
    assert evidence.kind == "image"
    assert evidence.content.name.endswith(extension)
    assert_custody(evidence, raw)


def test_orientation_is_applied_and_removed():
    # Orientation 6: the camera was turned a quarter to the right; viewers rotate 90° clockwise.
    image = Image.new("RGB", (300, 200), "blue")
    ImageDraw.Draw(image).rectangle((0, 0, 40, 40), fill="red")  # top-left as recorded
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=gps_exif(orientation=6), quality=95)

    stored = Image.open(evidence_process(upload(buffer.getvalue())).content)

    assert stored.size == (200, 300)
    assert stored.getexif() == {}
    red, green, blue = stored.getpixel((190, 10))  # top-right as seen
    assert red > 200
    assert max(green, blue) < 60


def test_longest_side_is_at_most_the_setting(settings):
    stored = Image.open(evidence_process(upload(image_bytes("PNG", size=(3000, 1000)))).content)
    assert stored.size == (2000, 667)

    settings.EVIDENCE_IMAGE_MAX_SIDE = 100
    stored = Image.open(evidence_process(upload(image_bytes("WEBP", size=(300, 600)))).content)
    assert stored.size == (50, 100)


@pytest.fixture(scope="module")
def phone_photo_108mp(tmp_path_factory) -> Path:
    """A 12000 x 9000 JPEG (108 MP, a phone's full resolution), held sideways (EXIF 6)."""
    image = Image.new("RGB", (12_000, 9_000), (90, 120, 60))
    draw = ImageDraw.Draw(image)
    draw.ellipse((1_000, 1_000, 6_000, 5_000), fill=(200, 30, 30))
    draw.rectangle((0, 0, 600, 600), fill=(255, 255, 0))
    path = tmp_path_factory.mktemp("evidence") / "foto-108mp.jpg"
    image.save(path, "JPEG", quality=80, exif=gps_exif(orientation=6))
    return path


def test_108_mp_phone_photo_is_accepted_decoded_small(phone_photo_108mp):
    """Decoded with draft() at a quarter of its size: the whole image would be 324 MB (and
    Pillow's own bomb warning starts at 89 MP), yet the process stays small."""
    result = run_in_subprocess(phone_photo_108mp)

    assert result.get("kind") == "image", result
    assert result["size"] == [1500, 2000]  # upright, longest side 2000
    assert result["peak_kb"] < 400 * 1024, result
    assert result["peak_kb"] - result["before_kb"] < 150 * 1024, result


def test_decompression_bomb_is_refused_from_its_header_in_little_memory(tmp_path):
    """10000 x 10000 pixels in 100 KB: refused before decoding. The acceptance item is the
    whole process's peak under 200 MB; the rise during the call (Django and Pillow loaded
    before) is held to a few MB as well, since nothing may be decoded."""
    path = tmp_path / "bom.png"
    Image.new("L", (10_000, 10_000)).save(path, "PNG", optimize=True)
    assert path.stat().st_size < 200_000

    result = run_in_subprocess(path)

    assert result.get("code") == "too_many_pixels", result
    assert "Gambar terlalu besar" in result["message"]
    assert "10000 x 10000 piksel" in result["message"]
    assert result["peak_kb"] < 200 * 1024, result
    assert result["peak_kb"] - result["before_kb"] < 30 * 1024, result


def test_nothing_is_stored_for_a_refused_photo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    buffer = BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")

    assert refusal(buffer.getvalue()).code == "too_many_pixels"
    assert list(tmp_path.iterdir()) == []


def test_above_the_bomb_limit_is_refused_even_as_jpeg(settings):
    settings.EVIDENCE_IMAGE_MAX_PIXELS = 100_000
    error = refusal(image_bytes("JPEG", size=(400, 300)))
    assert error.code == "too_many_pixels"
    assert Image.MAX_IMAGE_PIXELS == 1024 * 1024 * 1024 // 4 // 3  # Pillow's, untouched


def test_only_a_baseline_jpeg_is_decoded_at_reduced_size(settings):
    """A baseline JPEG above the full-decode limit passes (draft); a progressive one, whose
    decoder holds the whole image's coefficients at any scale, and a PNG do not."""
    settings.EVIDENCE_IMAGE_MAX_PIXELS_UNCOMPRESSED = 1_000_000
    settings.EVIDENCE_IMAGE_MAX_SIDE = 500
    image = Image.new("RGB", (1_600, 1_200), "green")
    baseline, progressive, png = BytesIO(), BytesIO(), BytesIO()
    image.save(baseline, "JPEG")
    image.save(progressive, "JPEG", progressive=True)
    image.save(png, "PNG")

    stored = Image.open(evidence_process(upload(baseline.getvalue())).content)
    assert stored.size == (500, 375)
    for data in (progressive.getvalue(), png.getvalue()):
        error = refusal(data)
        assert error.code == "too_many_pixels"
        assert "1600 x 1200 piksel" in error.messages[0]


def test_multi_picture_jpeg_from_a_phone_is_accepted():
    """Phones add depth maps or gain maps as extra pictures (MPO to Pillow); the first is kept."""
    buffer = BytesIO()
    first, second = Image.new("RGB", (64, 48), "red"), Image.new("RGB", (32, 24), "blue")
    first.save(buffer, "MPO", save_all=True, append_images=[second], exif=gps_exif())

    evidence = evidence_process(upload(buffer.getvalue()))

    stored = stored_bytes(evidence)
    assert b"KameraUji" not in stored
    assert Image.open(BytesIO(stored)).format == "JPEG"
    assert evidence.content.name.endswith(".jpg")


def test_photo_file_above_the_byte_limit_is_refused(settings):
    settings.EVIDENCE_IMAGE_MAX_BYTES = 1_000
    error = refusal(image_bytes("JPEG"))
    assert error.code == "too_large"


def test_truncated_photo_is_refused():
    raw = image_bytes("JPEG")
    error = refusal(raw[: len(raw) // 2])
    assert error.code == "unreadable"
    assert "rusak" in error.messages[0]


def test_senders_name_never_reaches_the_stored_name():
    raw = image_bytes("JPEG")
    first = evidence_process(upload(raw, "../../x.jpg"))
    second = evidence_process(upload(raw, "../../x.jpg"))
    for evidence in (first, second):
        assert RANDOM_NAME.fullmatch(evidence.content.name)
        assert "/" not in evidence.content.name
        assert ".." not in evidence.content.name
    assert first.content.name != second.content.name


def test_the_name_does_not_decide_the_type():
    # A PNG named .pdf is stored as the PNG it is.
    evidence = evidence_process(upload(image_bytes("PNG"), "surat.pdf"))
    assert evidence.kind == "image"
    assert evidence.content.name.endswith(".png")


# --- Refused types ------------------------------------------------------------------------

UNKNOWN_TYPE = (
    "Jenis berkas ini tidak diterima. Kirim foto (JPEG, PNG, WebP), video (MP4, MOV, WebM) "
    "atau PDF."
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bukti.jpg", b"<html><script>alert(1)</script></html>"),
        ("bukti.jpg", b""),
        ("bukti.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04"),
        ("bukti.docx", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40),
        # An iPhone photo in HEIC, and voice memos: ISO BMFF like MP4, but not videos.
        ("bukti.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"),
        ("rekaman.m4a", b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A isommp42"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(name, data):
    error = refusal(data, name)
    assert error.code == "unknown_type"
    assert error.messages == [UNKNOWN_TYPE]


# --- PDF ----------------------------------------------------------------------------------


def pdf_bytes(build=None) -> bytes:
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = "PenulisRahasia"
    if build:
        build(pdf)
    buffer = BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_pdf_is_stored_without_document_metadata():
    raw = pdf_bytes()
    evidence = evidence_process(upload(raw, "laporan.pdf"))
    assert evidence.kind == "pdf"
    assert evidence.content.name.endswith(".pdf")
    assert b"PenulisRahasia" not in stored_bytes(evidence)
    assert_custody(evidence, raw)


def test_pdf_with_javascript_is_refused():
    def add_script(pdf):
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))

    error = refusal(pdf_bytes(add_script), "laporan.pdf")
    assert error.code == "active_content"


# --- Video --------------------------------------------------------------------------------


def ffmpeg(*args: str) -> None:
    subprocess.run(
        [FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
        check=True,
        capture_output=True,
        timeout=60,
    )


def probe(path: Path) -> dict:
    """What a video file holds, read with ffmpeg alone: its container (the demuxer's names),
    the kind of each stream, its chapters, and every tag (global, stream and chapter ones).

    ``ffmpeg -i`` with no output lists the input on stderr (and exits 1 for want of an
    output); ``-f ffmetadata -`` writes all the tags as ``key=value`` lines, with [STREAM]
    and [CHAPTER] sections.
    """
    listing = subprocess.run(
        [FFMPEG, "-nostdin", "-hide_banner", "-i", str(path)],
        capture_output=True,
        timeout=60,
        check=False,
    ).stderr.decode("utf-8", "replace")
    metadata = subprocess.run(
        [
            *(FFMPEG, "-nostdin", "-v", "error", "-i", str(path)),
            *("-map", "0", "-c", "copy", "-f", "ffmetadata", "-"),
        ],
        capture_output=True,
        timeout=60,
        check=True,
    ).stdout.decode("utf-8", "replace")
    tags = {}
    for line in metadata.splitlines()[1:]:  # the first line is ";FFMETADATA1"
        key, equals, value = line.partition("=")
        if equals and not line.startswith((";", "#")):
            tags[key.lower()] = value
    return {
        "format_name": re.search(r"^Input #0, (.+), from ", listing, re.MULTILINE).group(1),
        "streams": [
            kind.lower()
            for kind in re.findall(r"^\s+Stream #0:\d+\S*: (\w+):", listing, re.MULTILINE)
        ],
        "chapters": len(re.findall(r"^\s+Chapter #0:", listing, re.MULTILINE)),
        "tags": tags,
    }


@pytest.fixture(params=["system", "wheel"])
def ffmpeg_alone(request, monkeypatch, settings, tmp_path_factory) -> str:
    """PATH holds an ffmpeg and no ffprobe: the system's ffmpeg (linked into a folder of its
    own), or none at all, so the portal falls back to imageio-ffmpeg's binary. Returns what
    the portal resolved."""
    folder = tmp_path_factory.mktemp("path")
    if request.param == "system":
        system = shutil.which("ffmpeg")
        if system is None:
            pytest.skip("no system ffmpeg (apt-get install ffmpeg)")
        (folder / "ffmpeg").symlink_to(system)
    settings.FFMPEG_BINARY = ""
    monkeypatch.setenv("PATH", str(folder))
    assert shutil.which("ffprobe") is None
    resolved = uploads.ffmpeg_binary()
    if request.param == "system":
        assert resolved == str(folder / "ffmpeg")
    else:
        assert resolved is not None, "imageio-ffmpeg ships no binary for this platform"
        assert "imageio_ffmpeg" in resolved
    return resolved


GPS_TRACK = b"GPS +07.4+111.5 LOKASI-RAHASIA\n" * 20
TAGS = (
    *("-metadata", "location=%s" % LOCATION, "-metadata", "title=JudulRahasia"),
    *("-metadata", "creation_time=2024-02-14T08:00:00Z"),
    *("-metadata:s:v", "location=%s" % LOCATION),
    *("-metadata:s:v", "creation_time=2024-02-14T08:00:00Z"),
)


@pytest.fixture(scope="module")
def videos(tmp_path_factory) -> dict[str, Path]:
    """Short test videos, each with location and date tags and a subtitle stream; the MOV and
    the MP4 also with a GPS track (a GoPro-style ``gpmd`` data stream, the way action and
    dash cameras record one) and a timecode (``tmcd``) data track."""
    folder = tmp_path_factory.mktemp("videos")
    (folder / "teks.srt").write_text("1\n00:00:00,000 --> 00:00:00,900\nTeksRahasia\n")
    (folder / "teks.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 00:00:00.900\nTeksRahasia\n")
    (folder / "gps.bin").write_bytes(GPS_TRACK)
    sources = (
        *("-f", "lavfi", "-i", "testsrc=size=64x64:rate=10:duration=1"),
        *("-f", "lavfi", "-i", "sine=frequency=440:duration=1"),
    )
    mov = folder / "bukti.mov"
    ffmpeg(
        *sources,
        *("-i", str(folder / "teks.srt"), "-f", "data", "-i", str(folder / "gps.bin")),
        *("-map", "0", "-map", "1", "-map", "2", "-map", "3"),
        *("-c:v", "mpeg4", "-c:a", "aac", "-c:s", "mov_text", "-c:d", "copy", "-tag:d", "gpmd"),
        *("-timecode", "00:00:00:00", *TAGS, str(mov)),
    )
    mp4 = folder / "bukti.mp4"
    # The MP4 muxer takes the GPS track as copied from a MOV, but makes its own timecode.
    ffmpeg(
        *("-i", str(mov), "-map", "0", "-map", "-0:d:1", "-c", "copy"),
        *("-timecode", "00:00:00:00", *TAGS, "-f", "mp4", str(mp4)),
    )
    three_gp = folder / "bukti.3gp"
    ffmpeg(
        *("-i", str(mov), "-map", "0:v", "-map", "0:a", "-map", "0:s", "-c", "copy"),
        *(*TAGS, "-f", "3gp", str(three_gp)),
    )
    webm = folder / "bukti.webm"
    ffmpeg(
        *sources,
        *("-i", str(folder / "teks.vtt"), "-map", "0", "-map", "1", "-map", "2"),
        *("-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus", "-c:s", "webvtt"),
        *(*TAGS, str(webm)),
    )
    return {"mov": mov, "mp4": mp4, "3gp": three_gp, "webm": webm}


@needs_ffmpeg
@pytest.mark.usefixtures("ffmpeg_alone")
@pytest.mark.parametrize(
    ("container", "data_tracks", "format_names"),
    [
        ("mov", 2, "mov,mp4,m4a,3gp,3g2,mj2"),
        ("mp4", 2, "mov,mp4,m4a,3gp,3g2,mj2"),
        ("3gp", 0, "mov,mp4,m4a,3gp,3g2,mj2"),
        ("webm", 0, "matroska,webm"),
    ],
)
def test_video_is_remuxed_without_metadata_subtitles_or_data_tracks(
    videos, container, data_tracks, format_names, settings, tmp_path
):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    source = videos[container]
    before = probe(source)
    kinds = before["streams"]
    assert kinds.count("data") == data_tracks
    assert "subtitle" in kinds
    assert "location" in before["tags"] or "location-eng" in before["tags"]
    assert "creation_time" in before["tags"] or "title" in before["tags"]
    raw = source.read_bytes()
    if data_tracks:
        assert b"LOKASI-RAHASIA" in raw

    evidence = evidence_process(upload(raw, "video.bin"))

    assert evidence.kind == "video"
    assert evidence.content.name.endswith("." + container)
    assert_custody(evidence, raw)
    stored = stored_bytes(evidence)
    for secret in (b"+07.4", b"LOKASI-RAHASIA", b"TeksRahasia", b"JudulRahasia", b"2024-02-14"):
        assert secret not in stored, secret
    copy = tmp_path / ("copy." + container)
    copy.write_bytes(stored)
    after = probe(copy)
    assert after["streams"] == ["video", "audio"]
    assert after["format_name"] == format_names
    assert after["chapters"] == 0
    tags = after["tags"]
    for key in ("location", "location-eng", "creation_time", "title", "timecode"):
        assert key not in tags, (key, tags)
    # Only the copy just checked: the temporary folder is gone.
    assert list(tmp_path.iterdir()) == [copy]


@needs_ffmpeg
@pytest.mark.usefixtures("ffmpeg_alone")
def test_unreadable_video_is_refused(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    error = refusal(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" + b"\x00" * 500)
    assert error.code == "unreadable"
    assert "Video rusak atau tidak dapat dibaca" in error.messages[0]
    assert list(tmp_path.iterdir()) == []


MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" + b"\x00" * 100


def test_video_without_ffmpeg_is_refused_with_how_to_hand_it_in(settings):
    settings.FFMPEG_BINARY = "ffmpeg-yang-tidak-ada"
    error = refusal(MP4_HEAD, "video.mp4")
    assert error.code == "video_unsupported"
    assert "ke kantor Bawaslu atau lewat WhatsApp kantor" in error.messages[0]


@pytest.fixture
def ffmpeg_never_runs(monkeypatch):
    monkeypatch.setattr(uploads.shutil, "which", lambda name: "/usr/bin/ffmpeg")

    def run(*args, **kwargs):
        raise AssertionError("ffmpeg was run")

    monkeypatch.setattr(uploads.subprocess, "run", run)


@pytest.mark.usefixtures("ffmpeg_never_runs")
def test_oversize_video_is_refused_before_ffmpeg_runs(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    settings.EVIDENCE_VIDEO_MAX_BYTES = 100
    error = refusal(MP4_HEAD, "video.mp4")
    assert error.code == "too_large"
    assert list(tmp_path.iterdir()) == []


def test_video_taking_too_long_is_refused_and_leaves_nothing(monkeypatch, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    settings.EVIDENCE_VIDEO_TIMEOUT = 7
    monkeypatch.setattr(uploads.shutil, "which", lambda name: "/usr/bin/ffmpeg")
    calls = []

    def run(command, **kwargs):
        calls.append((command, kwargs))
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr(uploads.subprocess, "run", run)

    error = refusal(MP4_HEAD, "video.mp4")

    assert error.code == "video_timeout"
    assert "7 detik" in error.messages[0]
    [(command, kwargs)] = calls
    assert kwargs["timeout"] == 7
    assert "shell" not in kwargs
    # The options the issue names, read as the container the first bytes told.
    joined = " ".join(command)
    assert "-f mov -i " in joined
    assert "-map 0:V:0 -map 0:a:0? -dn -sn -map_metadata -1 -map_chapters -1" in joined
    assert "-c copy" in joined
    assert command[-3:-1] == ["-f", "mp4"]
    assert list(tmp_path.iterdir()) == []
