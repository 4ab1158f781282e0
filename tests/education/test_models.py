"""Education items: what each format needs (clean, with a message on the field), the versions'
rules, the reserved slugs, and the same rules again as database constraints."""

from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from education.models import (
    RESERVED_SLUGS,
    ContentLanguage,
    EducationItem,
    ItemFormat,
    ItemStatus,
    ReadingLevel,
)
from tests.education.factories import item_create
from tests.factories import staff_create

pytestmark = pytest.mark.django_db

_authors = count(1)


def errors_of(item: EducationItem) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        item.full_clean()
    return raised.value.message_dict


def unsaved(**fields) -> EducationItem:
    values = {
        "title": "Lima Langkah Mencoblos",
        "slug": "lima-langkah-mencoblos",
        "format": ItemFormat.ARTICLE,
        "lead": "Langkah di TPS.",
        "easy_read": "Datang ke TPS.",
        "body": "<p>Isi.</p>",
        **fields,
    }
    return EducationItem(author=staff_create("penulis-%d" % next(_authors)), **values)


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_a_reserved_path_word_cannot_be_a_slug(slug):
    assert "slug" in errors_of(unsaved(slug=slug))


def test_the_easy_read_summary_is_required_and_bounded():
    assert "easy_read" in errors_of(unsaved(easy_read=""))
    assert "easy_read" in errors_of(unsaved(easy_read="Kalimat pendek. " * 200))


def test_an_article_needs_a_body():
    assert errors_of(unsaved(body=""))["body"] == ["Artikel perlu isi."]


def test_an_infographic_needs_its_image_and_its_long_description():
    errors = errors_of(unsaved(format=ItemFormat.INFOGRAPHIC, body=""))
    assert errors["image"] == ["Unggah gambar infografisnya."]
    assert errors["image_description"][0].startswith("Tulis uraian infografis")


def test_an_image_needs_its_alternative_text():
    item = unsaved(format=ItemFormat.INFOGRAPHIC, image="education/images/a.png")
    assert errors_of(item)["image_alt"] == ["Tulis teks alternatif untuk gambar."]


def test_a_video_needs_a_thumbnail_and_exactly_one_source():
    errors = errors_of(unsaved(format=ItemFormat.VIDEO))
    assert errors["image"][0].startswith("Unggah gambar mini video")
    assert errors["youtube_id"] == ["Isi alamat video YouTube atau unggah berkas video."]

    both = unsaved(
        format=ItemFormat.VIDEO,
        youtube_id="contohVideo",
        video="education/videos/a.mp4",
        captions="education/captions/a.vtt",
    )
    assert errors_of(both)["video"] == ["Pilih salah satu: video YouTube atau berkas video."]


def test_an_uploaded_video_needs_its_captions():
    item = unsaved(format=ItemFormat.VIDEO, video="education/videos/a.mp4")
    assert errors_of(item)["captions"][0].startswith("Berkas video perlu teks terjemahan WebVTT")


def test_a_published_video_needs_its_transcript_a_draft_does_not():
    fields = {
        "format": ItemFormat.VIDEO,
        "youtube_id": "contohVideo",
        "image": "education/images/a.png",
        "image_alt": "Cuplikan",
    }
    unsaved(**fields).full_clean()
    published = unsaved(status=ItemStatus.PUBLISHED, publish_at=timezone.now(), **fields)
    assert errors_of(published)["transcript"] == ["Video perlu transkrip sebelum terbit."]


@pytest.mark.parametrize("value", ["abc", "contohVideo1", "contoh/ideo", "contoh vide"])
def test_a_youtube_id_is_eleven_safe_characters(value):
    fields = {"format": ItemFormat.VIDEO, "image": "a.png", "image_alt": "a", "youtube_id": value}
    assert "youtube_id" in errors_of(unsaved(**fields))


def test_a_document_needs_its_pdf_and_other_formats_take_no_format_files():
    assert errors_of(unsaved(format=ItemFormat.DOCUMENT))["document"] == ["Unggah berkas PDF-nya."]
    errors = errors_of(unsaved(youtube_id="contohVideo", document="education/documents/a.pdf"))
    assert errors["youtube_id"] == ["Hanya untuk format video."]
    assert errors["document"] == ["Hanya untuk format dokumen."]


def test_a_version_differs_from_its_original_and_points_at_the_original_itself():
    original = item_create(title="Cara Melapor")
    same = unsaved(version_of=original)
    assert "language" in errors_of(same)

    javanese = item_create(title="Carane Lapor", version_of=original, language="jv")
    of_a_version = unsaved(version_of=javanese, language=ContentLanguage.MADURESE)
    assert errors_of(of_a_version)["version_of"][0].startswith("Pilih materi aslinya")

    javanese.version_of = javanese
    assert "version_of" in errors_of(javanese)


# --- The database's own guards ----------------------------------------------------------------


def refused_by_database(**changes) -> bool:
    item = item_create()
    try:
        with transaction.atomic():
            EducationItem.objects.filter(pk=item.pk).update(**changes)
    except IntegrityError:
        return True
    return False


def test_the_database_refuses_a_published_item_without_time():
    assert refused_by_database(status=ItemStatus.PUBLISHED, publish_at=None)


def test_the_database_refuses_a_published_video_without_transcript():
    assert refused_by_database(
        format=ItemFormat.VIDEO,
        youtube_id="contohVideo",
        status=ItemStatus.PUBLISHED,
        publish_at=timezone.now(),
    )


def test_the_database_refuses_an_empty_easy_read_and_an_unknown_format():
    assert refused_by_database(easy_read="")
    assert refused_by_database(format="podcast")
    assert refused_by_database(language="en")


def test_the_database_refuses_a_video_file_without_captions():
    assert refused_by_database(format=ItemFormat.VIDEO, video="education/videos/a.mp4")


def test_the_database_keeps_one_version_per_language_and_reading_level():
    original = item_create(title="Cara Melapor")
    item_create(title="Carane Lapor", version_of=original, language=ContentLanguage.JAVANESE)
    item_create(
        title="Carane Lapor Gampang",
        version_of=original,
        language=ContentLanguage.JAVANESE,
        reading_level=ReadingLevel.EASY,
    )
    second = item_create(title="Carane Lapor Maneh")
    with pytest.raises(IntegrityError), transaction.atomic():
        EducationItem.objects.filter(pk=second.pk).update(
            version_of=original, language=ContentLanguage.JAVANESE
        )
