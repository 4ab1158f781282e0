"""Small factories for the education tests: plain ORM, ``full_clean()`` before every save (as
every write path in the portal does)."""

from datetime import timedelta
from io import BytesIO
from itertools import count

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from education.models import EducationItem, ItemFormat, ItemStatus, Segment, Theme
from tests.factories import staff_create

_numbers = count(1)


def segment_create(name: str | None = None) -> Segment:
    name = name or "Pemilih Pemula %d" % next(_numbers)
    segment = Segment(name=name, slug=slugify(name), description="Untuk %s." % name)
    segment.full_clean()
    segment.save()
    return segment


def theme_create(name: str | None = None) -> Theme:
    name = name or "Hak Pilih %d" % next(_numbers)
    theme = Theme(name=name, slug=slugify(name))
    theme.full_clean()
    theme.save()
    return theme


def png_bytes(size=(40, 30)) -> bytes:
    output = BytesIO()
    Image.new("RGB", size, (138, 17, 22)).save(output, "PNG")
    return output.getvalue()


def item_create(*, author=None, segments=(), themes=(), **fields) -> EducationItem:
    """A draft article (override any field, e.g. ``status`` and ``publish_at``)."""
    number = next(_numbers)
    title = fields.pop("title", "Cek Daftar Pemilih Sebelum Hari Pemungutan %d" % number)
    values = {
        "title": title,
        "slug": slugify(title),
        "format": ItemFormat.ARTICLE,
        "lead": "Pastikan nama Anda terdaftar.",
        "easy_read": "Cek nama Anda.\nBawa KTP-el.",
        "body": "<p>Daftar pemilih disusun KPU dan diawasi Bawaslu.</p>",
        **fields,
    }
    item = EducationItem(author=author or staff_create("penulis-%d" % number), **values)
    if item.format in (ItemFormat.INFOGRAPHIC, ItemFormat.VIDEO) and not item.image:
        item.image.save("gambar.png", ContentFile(png_bytes()), save=False)
        item.image_alt = item.image_alt or "Gambar"
    item.full_clean()
    item.save()
    item.segments.set(segments or [segment_create()])
    item.themes.set(themes or [theme_create()])
    return item


def published_item_create(*, publish_at=None, **fields) -> EducationItem:
    """A public item, published an hour ago unless ``publish_at`` (or ``status``) differ."""
    return item_create(
        status=fields.pop("status", ItemStatus.PUBLISHED),
        publish_at=publish_at or timezone.now() - timedelta(hours=1),
        **fields,
    )


# --- Public pages: an item of any format --------------------------------------------------

# What each format needs beyond an article's fields (EducationItem.clean()). The files are names
# only: the pages print their addresses and sizes, and nothing reads them.
FORMAT_FIELDS = {
    ItemFormat.ARTICLE: {},
    ItemFormat.INFOGRAPHIC: {
        "image": "education/images/infografis-hak-pilih.png",
        "image_small": "education/images/infografis-hak-pilih-640.png",
        "image_width": 1080,
        "image_height": 1350,
        "image_alt": "Infografis empat langkah memeriksa nama di daftar pemilih",
        "image_description": "Langkah 1: buka cekdptonline.kpu.go.id.\nLangkah 2: tulis NIK.",
    },
    ItemFormat.VIDEO: {
        "image": "education/images/cuplikan-video.jpg",
        "image_alt": "Petugas menjelaskan cara mencoblos",
        "youtube_id": "dQw4w9WgXcQ",
        "transcript": "Halo, pemilih pemula.\nHari ini kita belajar cara mencoblos.",
    },
    ItemFormat.DOCUMENT: {
        "document": "education/documents/panduan-pemilih.pdf",
        "document_size": 1_258_291,  # 1,2 MB
        "document_pages": 12,
    },
}


def public_item_create(*, item_format: str = ItemFormat.ARTICLE, **fields) -> EducationItem:
    """A public item of ``item_format`` with what that format needs (override any field)."""
    return published_item_create(format=item_format, **{**FORMAT_FIELDS[item_format], **fields})
