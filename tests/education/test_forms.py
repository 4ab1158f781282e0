"""The admin form's upload hygiene: YouTube addresses, WebVTT captions, videos, PDFs."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from education import demo
from education.forms import (
    CAPTIONS_MAX_BYTES,
    VIDEO_MAX_BYTES,
    EducationItemAdminForm,
    webvtt_clean,
    youtube_id_from,
)
from education.models import ItemFormat
from humas_portal.demo_content import demo_pdf
from tests.education.factories import png_bytes, segment_create, theme_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "pasted",
    [
        "dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42",
        "youtube.com/watch?v=dQw4w9WgXcQ",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=abc",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "  https://youtu.be/dQw4w9WgXcQ  ",
    ],
)
def test_a_pasted_youtube_address_becomes_its_id(pasted):
    assert youtube_id_from(pasted) == "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("pasted", "code"),
    [
        ("https://vimeo.com/12345678", "not_youtube"),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "not_youtube"),
        ("https://www.youtube.com/watch?v=short", "youtube_id_missing"),
        ("https://www.youtube.com/channel/UCabc", "youtube_id_missing"),
        ("javascript:alert(1)//youtube.com", "not_youtube"),
    ],
)
def test_other_addresses_are_refused_in_words(pasted, code):
    with pytest.raises(ValidationError) as raised:
        youtube_id_from(pasted)
    assert raised.value.code == code


def vtt(content: bytes, name: str = "teks.vtt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/vtt")


def test_webvtt_captions_are_checked_and_stored_under_a_random_name():
    cleaned = webvtt_clean(vtt(b"\xef\xbb\xbfWEBVTT\n\n00:00.000 --> 00:02.000\nHalo\n"))
    assert cleaned.name.endswith(".vtt")
    assert cleaned.name != "teks.vtt"
    assert cleaned.read().startswith(b"WEBVTT\n")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"1\n00:00:00,000 --> 00:00:02,000\nHalo\n", "not_webvtt"),  # SubRip
        (b"WEBVTTX\n", "not_webvtt"),
        (b"\xff\xfe\x00W", "not_utf8"),
        (b"WEBVTT\n" + b"a" * CAPTIONS_MAX_BYTES, "too_large"),
    ],
)
def test_what_is_not_webvtt_is_refused(content, code):
    with pytest.raises(ValidationError) as raised:
        webvtt_clean(vtt(content))
    assert raised.value.code == code


def form_for(format: str, files: dict, **data) -> EducationItemAdminForm:
    values = {
        "title": "Panduan Netralitas",
        "slug": "panduan-netralitas",
        "format": format,
        "segments": [segment_create().pk],
        "themes": [theme_create().pk],
        "lead": "Ringkas.",
        "easy_read": "ASN harus netral.",
        "body": "",
        "image_alt": "",
        "image_description": "",
        "youtube_id": "",
        "transcript": "",
        "language": "id",
        "reading_level": "general",
        **data,
    }
    return EducationItemAdminForm(data=values, files=files)


def test_a_pdf_is_cleaned_and_its_size_and_pages_are_measured():
    item = next(item for item in demo.ITEMS if item.format == ItemFormat.DOCUMENT)
    upload = SimpleUploadedFile("panduan.pdf", demo_pdf(item.pages), content_type="application/pdf")
    form = form_for(ItemFormat.DOCUMENT, {"document": upload})

    assert form.is_valid(), form.errors
    assert form.instance.document_pages == len(item.pages) == 2
    assert form.instance.document_size == form.instance.document.size > 0
    assert form.instance.document.name != "panduan.pdf"


def test_a_file_that_is_not_a_pdf_is_refused_on_its_field():
    upload = SimpleUploadedFile("panduan.pdf", b"<html>bukan pdf</html>")
    form = form_for(ItemFormat.DOCUMENT, {"document": upload})
    assert not form.is_valid()
    assert form.errors["document"][0] == "Berkas ini bukan PDF. Unggah dokumen dalam format PDF."


def test_a_picture_sent_as_the_video_is_refused():
    files = {
        "image": SimpleUploadedFile("cuplikan.png", png_bytes()),
        "video": SimpleUploadedFile("video.mp4", png_bytes()),
        "captions": vtt(b"WEBVTT\n"),
    }
    form = form_for(ItemFormat.VIDEO, files, image_alt="Cuplikan")
    assert not form.is_valid()
    assert form.errors["video"] == ["Berkas ini bukan video. Unggah video MP4, MOV atau WebM."]


def test_a_video_over_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr("education.forms.VIDEO_MAX_BYTES", 10)
    files = {"video": SimpleUploadedFile("video.mp4", b"\x00" * 11)}
    form = form_for(ItemFormat.VIDEO, files)
    assert not form.is_valid()
    assert form.errors["video"][0].startswith("Berkas video terlalu besar")
    assert VIDEO_MAX_BYTES < 25 * 1024 * 1024  # under nginx's body limit, with the form


def test_a_video_form_with_a_pasted_address_and_a_thumbnail_is_valid():
    files = {"image": SimpleUploadedFile("cuplikan.png", png_bytes((1000, 600)))}
    form = form_for(
        ItemFormat.VIDEO,
        files,
        youtube_id="https://youtu.be/dQw4w9WgXcQ",
        image_alt="Cuplikan video",
    )
    assert form.is_valid(), form.errors
    assert form.instance.youtube_id == "dQw4w9WgXcQ"
    assert (form.instance.image_width, form.instance.image_height) == (1000, 600)
    assert form.instance.image_small.name.endswith("-small.png")
