from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from humas_portal.uploads import image_reencode


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    exif[0x8825] = {1: "S", 2: (8.0, 10.0, 0.0), 3: "E", 4: (113.0, 41.0, 0.0)}  # GPS IFD
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_jpeg_is_reencoded_without_exif_or_gps():
    raw = jpeg_with_gps()
    assert b"Exif\x00\x00" in raw
    assert b"KameraUji" in raw

    stored = image_reencode(SimpleUploadedFile("foto.jpg", raw), max_side=512).read()

    assert b"Exif\x00\x00" not in stored
    assert b"KameraUji" not in stored
    assert Image.open(BytesIO(stored)).getexif() == {}


def test_oversized_image_is_refused_before_decoding():
    buffer = BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 200_000  # tiny file, huge image: a decompression bomb

    with pytest.raises(ValidationError, match="terlalu besar"):
        image_reencode(SimpleUploadedFile("bom.png", buffer.getvalue()), max_side=512)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.jpg", b"<html><script>alert(1)</script></html>"),
        ("logo.png", b""),
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04"),
    ],
)
def test_what_is_not_a_supported_image_is_refused(name, content):
    with pytest.raises(ValidationError):
        image_reencode(SimpleUploadedFile(name, content), max_side=512)


def test_stored_name_is_random_and_ignores_the_senders_name():
    raw = jpeg_with_gps()
    first = image_reencode(SimpleUploadedFile("../../etc/passwd.jpg", raw), max_side=512)
    second = image_reencode(SimpleUploadedFile("../../etc/passwd.jpg", raw), max_side=512)
    assert first.name != second.name
    assert "/" not in first.name
    assert ".." not in first.name
    assert first.name.endswith(".jpg")


def test_large_image_is_scaled_down_and_keeps_its_orientation():
    image = Image.new("RGB", (1200, 400), "blue")
    buffer = BytesIO()
    image.save(buffer, "PNG")
    upload = SimpleUploadedFile("x.png", buffer.getvalue())
    stored = Image.open(image_reencode(upload, max_side=300))
    assert stored.size == (300, 100)


def test_jpeg_comment_and_colour_profile_do_not_survive():
    buffer = BytesIO()
    Image.new("RGB", (32, 32), "green").save(
        buffer, "JPEG", comment=b"<?php system($_GET['c']); ?>", icc_profile=b"PROFIL-UJI" * 20
    )
    assert b"<?php" in buffer.getvalue()

    stored = image_reencode(SimpleUploadedFile("x.jpg", buffer.getvalue()), max_side=64).read()

    assert b"<?php" not in stored
    assert b"PROFIL-UJI" not in stored


def test_file_over_the_byte_limit_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="terlalu besar"):
        image_reencode(SimpleUploadedFile("x.jpg", jpeg_with_gps() + b"\0" * 2048), max_side=64)
