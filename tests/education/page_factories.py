"""Public education items for the page tests: plain ORM, ``full_clean()`` before every save.
Files are names only (the pages print their addresses and sizes; nothing reads them)."""

from datetime import timedelta
from itertools import count

from django.utils import timezone
from django.utils.text import slugify

from education.models import EducationItem, ItemFormat, ItemStatus, Segment, Theme
from tests.factories import staff_create

_numbers = count(1)

# What each format needs beyond the common fields (EducationItem.clean()).
FORMAT_FIELDS = {
    ItemFormat.ARTICLE: {
        "body": "<h2>Siapa yang boleh memilih?</h2><p>Warga berusia 17 tahun ke atas.</p>",
    },
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


def segment_create(name: str | None = None, **fields) -> Segment:
    name = name or "Segmen %d" % next(_numbers)
    values = {"slug": slugify(name), "description": "Materi untuk %s." % name.lower(), **fields}
    segment = Segment(name=name, **values)
    segment.full_clean()
    segment.save()
    return segment


def theme_create(name: str | None = None, **fields) -> Theme:
    name = name or "Tema %d" % next(_numbers)
    theme = Theme(name=name, slug=fields.pop("slug", slugify(name)), **fields)
    theme.full_clean()
    theme.save()
    return theme


def item_create(
    *, item_format: str = ItemFormat.ARTICLE, segments=(), themes=(), author=None, **fields
) -> EducationItem:
    """A public item (published an hour ago) of ``item_format``, with the fields that format
    needs; override any field (``status``, ``publish_at``, ``language``, ``version_of``...)."""
    number = next(_numbers)
    title = fields.pop("title", "Materi Edukasi Pemilu %d" % number)
    values = {
        "title": title,
        "slug": slugify(title),
        "format": item_format,
        "lead": "Ringkasan untuk kartu dan pratinjau tautan.",
        "easy_read": "Kalimat pendek.\nSatu gagasan per kalimat.",
        "status": ItemStatus.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1, minutes=number),
        **FORMAT_FIELDS[item_format],
        **fields,
    }
    item = EducationItem(author=author or staff_create("penulis-edukasi-%d" % number), **values)
    item.full_clean()
    item.save()
    item.segments.set(segments)
    item.themes.set(themes)
    return item
