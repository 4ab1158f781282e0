"""Upload hygiene: every file a person sends is decoded and re-encoded before it is stored.

Re-encoding drops EXIF/GPS and other metadata and breaks polyglot files; names are random so
nothing the sender chose (``../../x.jpg``) reaches the file system.

- ``image_reencode``: one clean copy of an image, at most ``max_side`` pixels (the logo).
- ``image_variants``: a large and a small copy from one decode, for ``srcset`` (news images).
- ``pdf_sanitize``: a PDF refused if it holds active content, otherwise saved without
  document metadata, and its embedded JPEG photos without Exif/GPS.
- ``evidence_process``: a complaint's evidence file, its type told by its first bytes (never
  by its name or the browser's content type): a photo (JPEG, PNG, WebP) re-encoded upright
  without metadata, at most ``EVIDENCE_IMAGE_MAX_SIDE`` pixels; a video (MP4, MOV, WebM)
  remuxed by ffmpeg without metadata, subtitle, data or attachment streams; a PDF as
  ``pdf_sanitize``. The SHA-256 of the bytes received and of the bytes stored are kept for
  the chain of custody. A ``PixelBudget`` shared by the files of one request bounds what
  that request may decode in all.
- ``EvidenceUploadHandler`` and ``evidence_uploads_in_memory``: the evidence view receives
  its files into memory, each bounded by its type's limit, so a photo with its GPS position
  never reaches the disk before it is cleaned.
- ``ffmpeg_binary``: the ffmpeg that remuxes videos, or None; without one, videos are neither
  offered nor accepted.
- ``WholeFileStorage`` and ``stored_files_removed_on_error``: storing never leaves part of a
  file, or a file whose row was rolled back, on the disk; a disk that refuses a file (full,
  read-only) raises ``StorageWriteError``, which the callers answer in words, never as a 500.

Limits are settings (``IMAGE_*``, ``PDF_MAX_BYTES``, ``EVIDENCE_*``, ``FFMPEG_BINARY``); every
refusal is an Indonesian ``ValidationError`` with a ``code``.
"""

import errno
import hashlib
import logging
import os
import posixpath
import secrets
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

if TYPE_CHECKING:
    # Imported where it is used: loading it costs ~40 ms, and most processes never read a PDF.
    import pikepdf

logger = logging.getLogger(__name__)

IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}

# Names that make a PDF act rather than show: scripts, launching programs, embedded files,
# multimedia, XFA forms, sending form data out, jumping to other files. Refused wherever they
# appear, as a dictionary key (/JS, /EmbeddedFiles, /XFA) or as a name value (/S /Launch,
# /Subtype /RichMedia, /Type /EmbeddedFile). /EF and /FileAttachment carry embedded files
# too, even when the optional /Type is missing. 3D annotations (/3D, their stream /3DD and
# activation /3DA) run JavaScript of their own, from /OnInstantiate, outside /JS; /Movie,
# /Sound and /Rendition play media through the reader's plug-ins.
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/FileAttachment",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/3D",
        "/3DD",
        "/3DA",
        "/OnInstantiate",
        "/Movie",
        "/Sound",
        "/Rendition",
    }
)
# Metadata dictionaries and streams: the document's (/Info in the trailer, /Metadata in the
# catalog) and those attached to pages, images and fonts, plus application-private data.
PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo")


def random_name(extension: str) -> str:
    return secrets.token_hex(16) + extension


# --- Images ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageVariants:
    """Two re-encoded copies of one image, named ``<stem>.<ext>`` and ``<stem>-small.<ext>``."""

    large: ContentFile
    small: ContentFile
    # Of the large copy: the page sets them on <img> so nothing shifts while it loads.
    width: int
    height: int


def _image_damaged() -> ValidationError:
    return ValidationError(_("Gambar rusak atau terpotong; coba unggah ulang."), code="unreadable")


def _image_open(
    upload, *, max_bytes: int, max_pixels: int, formats: Collection[str]
) -> Image.Image:
    """Open (read the header of, not decode) an image upload in one of ``formats``.

    Refuses (with an Indonesian ValidationError) a file above ``max_bytes``, anything Pillow
    cannot read, another format, and an image above ``max_pixels`` by its header.

    Pillow warns (``DecompressionBombWarning``) above its global ``Image.MAX_IMAGE_PIXELS``
    (~89 MP) and refuses above twice that. The warning is an error here, as the bomb check,
    wherever ``max_pixels`` is below Pillow's limit; where it is above (evidence: 120 MP, for
    108 MP phone photos) the warning is ignored for this call and the header is compared with
    ``max_pixels`` below instead. The global is never raised: that would loosen every other
    image upload in the process. Pillow's own error still stands, so no limit here reaches
    past ``2 * Image.MAX_IMAGE_PIXELS``.
    """
    too_many_pixels = ValidationError(
        _("Gambar terlalu besar; batasnya %(limit)s MP."),
        params={"limit": max_pixels // 1_000_000},
        code="too_many_pixels",
    )
    if upload.size > max_bytes:
        raise ValidationError(
            _("Berkas gambar terlalu besar; batasnya %(mb)s MB."),
            params={"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    pillow_limit = Image.MAX_IMAGE_PIXELS
    bomb_warning = "ignore" if pillow_limit is not None and max_pixels > pillow_limit else "error"
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter(bomb_warning, Image.DecompressionBombWarning)
            image = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("Berkas ini bukan gambar yang dapat dibaca."), code="not_image"
        ) from None
    except OSError:
        raise _image_damaged() from None
    if image.format not in formats:
        raise ValidationError(
            _("Gambar harus berformat JPEG, PNG atau WebP."), code="unsupported_format"
        )
    width, height = image.size
    if width * height > max_pixels:
        raise ValidationError(
            _("Gambar terlalu besar (%(w)s x %(h)s piksel); batasnya %(limit)s MP."),
            params={"w": width, "h": height, "limit": max_pixels // 1_000_000},
            code="too_many_pixels",
        )
    return image


def _image_upright(image: Image.Image) -> Image.Image:
    """Decode an opened image and turn it upright (EXIF orientation), in a mode fit to resize."""
    try:
        image.load()
    except OSError:
        raise _image_damaged() from None
    # Reads the orientation from the EXIF kept in .info, so it works after draft() as well.
    # A JPEG is turned in place: copying a 12 MP photo that needs no turning costs ~12 ms.
    # Other formats are copied, which lets the opened image go: Pillow's WebP decoder keeps a
    # whole decoded frame (4 bytes a pixel) for as long as the image lives.
    if image.format in ("JPEG", "MPO"):
        ImageOps.exif_transpose(image, in_place=True)
    else:
        image = ImageOps.exif_transpose(image)
    # Palette and 1-bit images would be resized with nearest-neighbour; resize them in colour.
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "1":
        image = image.convert("L")
    return image


def _image_decode(upload, *, max_pixels: int | None = None) -> tuple[Image.Image, str]:
    """Decode a JPEG, PNG or WebP upload, upright; return the image and its format.

    Refuses (with an Indonesian ValidationError) anything that is not such an image, or whose
    pixel count is above ``max_pixels`` — checked from the header, before decoding.
    """
    image = _image_open(
        upload,
        max_bytes=settings.IMAGE_MAX_BYTES,
        max_pixels=max_pixels or settings.IMAGE_MAX_PIXELS,
        formats=IMAGE_FORMATS,
    )
    source_format = image.format
    return _image_upright(image), source_format


def _image_encode(
    image: Image.Image, source_format: str, name: str, *, optimize: bool = True
) -> ContentFile:
    """``optimize`` (a second pass for JPEG's Huffman tables, and zlib's best for PNG) pays
    for published images, which are sent many times; see ``_evidence_image`` for evidence."""
    # Pillow writes some of .info back on save (a JPEG comment, an ICC profile): drop it all.
    image.info = {}
    output = BytesIO()
    if source_format == "JPEG":
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.save(output, "JPEG", quality=85, optimize=optimize)
    elif source_format == "WEBP":
        image.save(output, "WEBP", quality=85)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=optimize)
    # No exif=, pnginfo= or icc_profile= above, and no .info: the copy carries pixels only.
    return ContentFile(output.getvalue(), name=name)


def _image_fit_width(image: Image.Image, width: int) -> Image.Image:
    """A copy at most ``width`` pixels wide, same proportions; never enlarged."""
    copy = image.copy()
    # The box is only as tall as the image, so the width alone decides the scale.
    copy.thumbnail((width, image.height))
    return copy


def image_reencode(upload, *, max_side: int, max_pixels: int | None = None) -> ContentFile:
    """Decode an uploaded JPEG, PNG or WebP image and return a clean copy under a random name,
    at most ``max_side`` pixels wide and high."""
    image, source_format = _image_decode(upload, max_pixels=max_pixels)
    image.thumbnail((max_side, max_side))
    return _image_encode(image, source_format, random_name(IMAGE_FORMATS[source_format]))


def image_variants(
    upload, *, widths: tuple[int, int] = (1600, 640), max_pixels: int | None = None
) -> ImageVariants:
    """Decode an uploaded image once and return a large and a small clean copy.

    ``widths`` are the largest widths of the two copies (order does not matter); an image
    narrower than a width is kept at its own size, not enlarged. Same checks and refusals as
    ``image_reencode``.
    """
    large_width, small_width = sorted(widths, reverse=True)
    image, source_format = _image_decode(upload, max_pixels=max_pixels)
    large = _image_fit_width(image, large_width)
    small = _image_fit_width(large, small_width)
    stem, extension = secrets.token_hex(16), IMAGE_FORMATS[source_format]
    return ImageVariants(
        large=_image_encode(large, source_format, stem + extension),
        small=_image_encode(small, source_format, stem + "-small" + extension),
        width=large.width,
        height=large.height,
    )


# --- PDF ---------------------------------------------------------------------------------


def _pdf_active_name(pdf: "pikepdf.Pdf") -> str | None:
    """The first active-content name found in any object of ``pdf``, or None.

    Every indirect object is listed by ``pdf.objects`` (those inside object streams too); the
    direct dictionaries and arrays nested in them, and the trailer, are walked here. qpdf has
    already decoded escaped names, so ``/J#61vaScript`` arrives as ``/JavaScript``.
    """
    import pikepdf

    pending = [pdf.trailer, *pdf.objects]
    while pending:  # a list, not recursion: nesting depth is the sender's choice
        obj = pending.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            for key in obj:
                if key in PDF_ACTIVE_NAMES:
                    return key
            children = obj.values()
        elif isinstance(obj, pikepdf.Array):
            children = obj
        else:
            continue
        for child in children:
            if isinstance(child, pikepdf.Name):
                if str(child) in PDF_ACTIVE_NAMES:
                    return str(child)
            elif (
                isinstance(child, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)
                and not child.is_indirect
            ):
                # Indirect children are in pdf.objects already; following them here could loop.
                pending.append(child)
    return None


def _pdf_metadata_remove(pdf: "pikepdf.Pdf") -> None:
    import pikepdf

    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    for obj in [pdf.Root, *pdf.objects]:
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            for key in PDF_METADATA_KEYS:
                if key in obj:
                    del obj[key]


# JPEG segments (the byte after 0xFF) kept in an image embedded in a PDF: those that change
# how it is drawn. APP0 (JFIF: pixel density), APP2 (the ICC colour profile; also a phone's
# multi-picture index, which carries no location) and APP14 (Adobe: the colour transform,
# without which CMYK images come out wrong). Every other APPn (APP1 Exif with GPS and XMP,
# APP13 Photoshop/IPTC, vendors' private data) and comments (COM) are dropped.
JPEG_APP_KEPT = frozenset({0xE0, 0xE2, 0xEE})
_JPEG_SOS = 0xDA
_JPEG_COM = 0xFE
# Markers without a length: TEM and the restart markers RST0-RST7.
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def jpeg_metadata_strip(data: bytes) -> bytes | None:
    """``data`` (a JPEG file) without its metadata segments, the image data byte for byte
    (nothing is decoded or re-encoded); None if it is not a well-formed JPEG.

    Only the segments before the first scan are looked at: cameras and editors write their
    metadata there, and everything from the scan on is copied as it is.
    """
    if not data.startswith(b"\xff\xd8"):
        return None
    out = bytearray(data[:2])
    position = 2
    while position < len(data):
        if data[position] != 0xFF:
            return None
        while position < len(data) and data[position] == 0xFF:  # fill bytes before a marker
            position += 1
        if position >= len(data):
            return None
        marker = data[position]
        position += 1
        if marker in _JPEG_STANDALONE:
            out += bytes((0xFF, marker))
            continue
        if position + 2 > len(data):
            return None
        end = position + int.from_bytes(data[position : position + 2], "big")
        if end > len(data) or end < position + 2:
            return None
        if marker == _JPEG_SOS:
            return bytes(out) + b"\xff" + data[position - 1 :]
        is_metadata = (
            0xE0 <= marker <= 0xEF and marker not in JPEG_APP_KEPT
        ) or marker == _JPEG_COM
        if not is_metadata:
            out += b"\xff" + data[position - 1 : end]
        position = end
    return None


def _pdf_jpeg_metadata_remove(pdf: "pikepdf.Pdf") -> None:
    """Drop the metadata segments (``jpeg_metadata_strip``) of every JPEG image stream.

    Only streams whose sole filter is DCTDecode (what PDF writers produce) are rewritten, their
    compressed bytes edited in place: nothing is decompressed. A JPEG wrapped in a further
    filter ([/FlateDecode /DCTDecode]) would have to be inflated first, with no bound on the
    size, so it is kept as it is; so are inline images (a few kilobytes, inside page content).
    Refuses a DCTDecode stream that is not a readable JPEG: no reader could show it.
    """
    import pikepdf

    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = obj.stream_dict.get("/Filter")
        if isinstance(filters, pikepdf.Array) and len(filters) == 1:
            filters = filters[0]
        if filters != pikepdf.Name.DCTDecode:
            continue
        cleaned = jpeg_metadata_strip(obj.read_raw_bytes())
        if cleaned is None:
            raise _pdf_unreadable()
        obj.write(
            cleaned, filter=pikepdf.Name.DCTDecode, decode_parms=obj.stream_dict.get("/DecodeParms")
        )


def _pdf_unreadable() -> ValidationError:
    return ValidationError(
        _("PDF ini rusak atau tidak dapat dibaca. Simpan ulang sebagai PDF lalu unggah lagi."),
        code="unreadable",
    )


def pdf_sanitize(upload, *, max_bytes: int | None = None) -> ContentFile:
    """Check an uploaded PDF and return a copy without document metadata, under a random name.

    Refuses (with an Indonesian ValidationError) anything that is not a readable, unencrypted
    PDF, is larger than ``max_bytes`` (default ``settings.PDF_MAX_BYTES``), or holds active
    content anywhere (see ``PDF_ACTIVE_NAMES``). Stream data is copied as it is, never
    decompressed, so a compression bomb in a page does not unfold here; embedded JPEG photos
    lose their Exif/GPS and other metadata segments the same way, without decoding
    (``_pdf_jpeg_metadata_remove``).
    """
    import pikepdf

    limit = max_bytes or settings.PDF_MAX_BYTES
    too_large = ValidationError(
        _("Berkas PDF terlalu besar; batasnya %(mb)s MB. Perkecil atau pecah berkasnya."),
        params={"mb": limit // (1024 * 1024)},
        code="too_large",
    )
    if upload.size > limit:
        raise too_large
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large
    # Readers look for the header anywhere in the first kilobyte; only at byte 0 is it certain
    # that the file is not something else (HTML, a ZIP) with a PDF tacked on.
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            _("Berkas ini bukan PDF. Unggah dokumen dalam format PDF."), code="not_pdf"
        )
    try:
        pdf = pikepdf.open(BytesIO(data))
    except pikepdf.PasswordError:
        raise ValidationError(
            _("PDF ini dilindungi kata sandi. Unggah salinan tanpa kata sandi."),
            code="encrypted",
        ) from None
    except (pikepdf.PdfError, RuntimeError, ValueError):
        raise _pdf_unreadable() from None
    with pdf:
        if pdf.is_encrypted:
            raise ValidationError(
                _("PDF ini terenkripsi. Unggah salinan tanpa kata sandi atau pembatasan."),
                code="encrypted",
            )
        try:
            active = _pdf_active_name(pdf)
        except (pikepdf.PdfError, RuntimeError, ValueError):
            raise _pdf_unreadable() from None
        if active is not None:
            raise ValidationError(
                _(
                    "PDF ini berisi konten aktif (%(name)s: skrip, tindakan otomatis, berkas "
                    'sisipan atau formulir). Cetak ulang ke PDF biasa ("Print to PDF") lalu '
                    "unggah lagi."
                ),
                params={"name": active.lstrip("/")},
                code="active_content",
            )
        output = BytesIO()
        try:
            _pdf_metadata_remove(pdf)
            _pdf_jpeg_metadata_remove(pdf)
            pdf.save(
                output,
                deterministic_id=True,
                fix_metadata_version=False,
                compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
            )
        except (pikepdf.PdfError, RuntimeError, ValueError):
            raise _pdf_unreadable() from None
    return ContentFile(output.getvalue(), name=random_name(".pdf"))


# --- Complaint evidence ------------------------------------------------------------------

# Pillow's formats accepted for each image format told by the first bytes. Phones write JPEGs
# with a multi-picture index (depth maps, HDR gain maps) that Pillow opens as MPO: they are
# JPEGs, and only the first picture is kept.
EVIDENCE_IMAGE_PILLOW_FORMATS = {"JPEG": {"JPEG", "MPO"}, "PNG": {"PNG"}, "WEBP": {"WEBP"}}

# ISO BMFF major brands (bytes 8-12, after "ftyp") of files that are not videos: HEIF and
# AVIF photos, M4A/M4B/M4P audio. Refused as an unknown type rather than as a broken video.
ISO_BMFF_NOT_VIDEO = frozenset(
    {
        b"heic",
        b"heix",
        b"heim",
        b"heis",
        b"hevc",
        b"hevx",
        b"mif1",
        b"msf1",
        b"avif",
        b"avis",
        b"M4A ",
        b"M4B ",
        b"M4P ",
    }
)

# Container told by the first bytes -> (ffmpeg demuxer, ffmpeg muxer, stored extension, muxer
# options). The copy keeps its container family: a QuickTime file stays QuickTime because the
# MP4 muxer refuses codecs that MOV allows (PCM audio from cameras), and a Matroska file that
# is not WebM stays Matroska because the WebM muxer takes only VP8/VP9/AV1 with Vorbis/Opus.
VIDEO_CONTAINERS = {
    "mp4": ("mov", "mp4", ".mp4", ["-movflags", "+faststart"]),
    "mov": ("mov", "mov", ".mov", ["-movflags", "+faststart"]),
    "3gp": ("mov", "3gp", ".3gp", ["-movflags", "+faststart"]),
    "3g2": ("mov", "3g2", ".3g2", ["-movflags", "+faststart"]),
    "webm": ("matroska", "webm", ".webm", []),
    "matroska": ("matroska", "matroska", ".mkv", []),
}


class PixelBudget:
    """How many pixels one request may still decode, across all its evidence files.

    Each file is held to ``EVIDENCE_IMAGE_MAX_PIXELS_UNCOMPRESSED``, which bounds memory; this
    bounds the time one POST of many large images can take (ten 38 MP PNGs cost 12 s).
    """

    def __init__(self, pixels: int) -> None:
        self.left = pixels

    def spend(self, pixels: int) -> None:
        """Take ``pixels`` from the budget before decoding them, or refuse the file."""
        if pixels > self.left:
            raise ValidationError(
                _(
                    "Terlalu banyak gambar besar dalam satu kiriman. Kirim gambar ini sekali "
                    "lagi secara terpisah."
                ),
                code="pixel_budget",
            )
        self.left -= pixels


@dataclass(frozen=True)
class ProcessedEvidence:
    """One evidence file ready to store, with what the chain of custody keeps of it."""

    content: ContentFile  # under a random name with the extension of its real type
    kind: str  # "image", "video" or "pdf"
    # SHA-256 (hex) of the bytes as they were received, and of the bytes of ``content``.
    sha256_received: str
    sha256_stored: str
    size: int  # of ``content``, in bytes


def evidence_process(upload, *, pixel_budget: PixelBudget | None = None) -> ProcessedEvidence:
    """Check and clean one evidence file from a complaint; return the copy to store.

    The type is told by the first bytes, never by the name or the browser's content type:
    photos (JPEG, PNG, WebP) are re-encoded upright without metadata, at most
    ``EVIDENCE_IMAGE_MAX_SIDE`` pixels on the longest side; videos (MP4, MOV, WebM) are
    remuxed by ffmpeg without metadata, subtitles or data tracks (GPS); PDFs go through
    ``pdf_sanitize``. Anything else, and anything over a limit, unreadable or (a video) with
    no ffmpeg on this machine, is refused with an Indonesian ``ValidationError`` whose code
    is one of: unknown_type, too_large, too_many_pixels, not_image, unsupported_format,
    unreadable, video_unsupported, video_timeout, and pdf_sanitize's not_pdf, encrypted,
    active_content. An image whose decoded size is more than is left of ``pixel_budget`` (the
    request's, when given) is refused with pixel_budget before it is decoded. Nothing is
    written anywhere but a temporary folder (videos), which is removed before this returns.
    """
    upload.seek(0)
    kind, file_format = _evidence_sniff(upload.read(64))
    upload.seek(0)
    if kind == "video":
        content, sha256_received = _evidence_video(upload, file_format)
    else:
        content = (
            _evidence_image(upload, file_format, pixel_budget)
            if kind == "image"
            else pdf_sanitize(upload)
        )
        sha256_received = _sha256(upload)
    return ProcessedEvidence(
        content=content,
        kind=kind,
        sha256_received=sha256_received,
        sha256_stored=_sha256(content),
        size=content.size,
    )


def _sha256(file) -> str:
    """SHA-256 (hex) of a Django file, read in chunks from its start; left at its start."""
    digest = hashlib.sha256()
    for chunk in file.chunks():  # File.chunks() seeks to the start first
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _evidence_sniff(head: bytes) -> tuple[str, str]:
    """The kind ("image", "video", "pdf") and format of a file, from its first 64 bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image", "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "WEBP"
    if head.startswith(b"%PDF-"):
        return "pdf", "PDF"
    if head[4:8] == b"ftyp" and head[8:12] not in ISO_BMFF_NOT_VIDEO:
        brand = head[8:12]
        if brand == b"qt  ":
            return "video", "mov"
        if brand[:3] == b"3g2":
            return "video", "3g2"
        if brand[:2] == b"3g":
            return "video", "3gp"
        return "video", "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        # The EBML header names its DocType (element 0x4282, here 4 bytes long): WebM, or
        # any other Matroska.
        return "video", "webm" if b"\x42\x82\x84webm" in head else "matroska"
    raise ValidationError(
        _(
            "Jenis berkas ini tidak diterima. Kirim foto (JPEG, PNG, WebP), video (MP4, MOV, "
            "WebM) atau PDF."
        ),
        code="unknown_type",
    )


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """``size`` scaled down, proportions kept, to fit a ``side`` x ``side`` box."""
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _evidence_image(upload, source_format: str, pixel_budget: PixelBudget | None) -> ContentFile:
    side = settings.EVIDENCE_IMAGE_MAX_SIDE
    image = _image_open(
        upload,
        max_bytes=settings.EVIDENCE_IMAGE_MAX_BYTES,
        max_pixels=settings.EVIDENCE_IMAGE_MAX_PIXELS,
        formats=EVIDENCE_IMAGE_PILLOW_FORMATS[source_format],
    )
    if source_format == "JPEG" and not image.info.get("progressive"):
        # libjpeg decodes at 1/2, 1/4 or 1/8 scale for free: ask for the smallest scale that
        # still covers the stored size, so a 108 MP photo (12000 x 9000) is decoded as
        # 3000 x 2250 (20 MB) instead of 324 MB. A progressive JPEG holds the coefficients of
        # the whole image in memory at any scale, so it is held to the limit below instead.
        image.draft("RGB", _fit(image.size, side))
    # The size to be decoded: the header's for PNG, WebP and progressive JPEG.
    width, height = image.size
    limit = settings.EVIDENCE_IMAGE_MAX_PIXELS_UNCOMPRESSED
    if width * height > limit:
        raise ValidationError(
            _(
                "Gambar terlalu besar untuk diproses (%(w)s x %(h)s piksel); batasnya %(limit)s "
                "MP. Kirim foto asli dari kamera (JPEG) atau perkecil gambarnya."
            ),
            params={"w": width, "h": height, "limit": limit // 1_000_000},
            code="too_many_pixels",
        )
    if pixel_budget is not None:
        pixel_budget.spend(width * height)
    image = _image_upright(image)
    # Area averaging (BOX) rather than thumbnail()'s bicubic. Where draft() cannot bring a
    # photo to the stored size (less than twice it: a 12 MP photo with the side set to 2560),
    # the resize is the largest cost: 135 ms of 250 for a 4000 x 3000 photo in bicubic, 55 ms
    # in this one. It adds no sharpening halos; the copy is a little softer, never sharper.
    image.thumbnail((side, side), Image.Resampling.BOX)
    # Not optimised: the stored copy is read by a few officers, not sent to every visitor, and
    # the second pass doubled the encoding time (24 -> 12 ms) to save 3 % of its size.
    return _image_encode(
        image, source_format, random_name(IMAGE_FORMATS[source_format]), optimize=False
    )


def ffmpeg_binary() -> str | None:
    """The full path of the ffmpeg that remuxes evidence videos, or None when there is none.

    Looked for in this order: ``settings.FFMPEG_BINARY`` when it is set (a name on PATH or a
    path; an operator who names one gets that one or none, never a silent substitute), the
    system's ``ffmpeg`` on PATH, then the binary shipped in the ``imageio-ffmpeg`` wheel, so
    that ``make run`` takes videos without system packages. Only ffmpeg itself is needed:
    nothing here calls ffprobe, which the wheel does not ship.
    """
    if settings.FFMPEG_BINARY:
        return shutil.which(settings.FFMPEG_BINARY)
    system = shutil.which("ffmpeg")
    if system is not None:
        return system
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    try:
        # The wheel's own binary, checked once per process (imageio-ffmpeg caches it).
        bundled = imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError:  # a platform the wheel has no binary for
        return None
    return shutil.which(bundled) if os.path.isabs(bundled) else None


def video_evidence_accepted() -> bool:
    """Whether complaint videos can be cleaned here, so the pages may offer them."""
    return ffmpeg_binary() is not None


def _evidence_video(upload, container: str) -> tuple[ContentFile, str]:
    """Remux a video without metadata; return the copy and the SHA-256 of the bytes received.

    The copy is read into memory (a ContentFile, at most about ``EVIDENCE_VIDEO_MAX_BYTES``)
    so that no temporary file outlives this call: the received file and the copy are in a
    temporary folder that is removed when this returns or raises.
    """
    ffmpeg = ffmpeg_binary()
    if ffmpeg is None:
        # The page did not offer videos (see ffmpeg_binary); this is for a browser that sent
        # one anyway, or a form loaded before ffmpeg went missing.
        raise ValidationError(
            _(
                "Video tidak dapat diterima lewat portal ini. Serahkan videonya ke kantor "
                "Bawaslu atau lewat WhatsApp kantor dengan menyebut nomor pengaduan Anda."
            ),
            code="video_unsupported",
        )
    limit = settings.EVIDENCE_VIDEO_MAX_BYTES
    too_large = ValidationError(
        _(
            "Video terlalu besar; batasnya %(mb)s MB. Potong videonya, atau serahkan ke kantor "
            "Bawaslu atau lewat WhatsApp kantor."
        ),
        params={"mb": limit // (1024 * 1024)},
        code="too_large",
    )
    if upload.size > limit:
        raise too_large
    demuxer, muxer, extension, muxer_options = VIDEO_CONTAINERS[container]
    with tempfile.TemporaryDirectory(
        prefix="evidence-", dir=settings.FILE_UPLOAD_TEMP_DIR
    ) as directory:
        source = Path(directory) / "received"
        target = Path(directory) / ("stored" + extension)
        digest, received = hashlib.sha256(), 0
        with source.open("wb") as out:
            for chunk in upload.chunks():
                received += len(chunk)
                if received > limit:
                    raise too_large
                digest.update(chunk)
                out.write(chunk)
        upload.seek(0)
        command = [
            ffmpeg,
            *("-nostdin", "-hide_banner", "-loglevel", "error"),
            # Only this file, read as the container its first bytes named: no playlist or
            # reference inside it can make ffmpeg open another file or a URL.
            *("-protocol_whitelist", "file", "-f", demuxer, "-i", str(source)),
            # The first real video stream (V: not cover art, a picture with its own EXIF) and
            # the first audio stream if any; nothing else: no data (GPS, timecode), subtitle
            # or attachment streams.
            *("-map", "0:V:0", "-map", "0:a:0?", "-dn", "-sn"),
            # No global, stream or chapter metadata (location, creation_time, device, title),
            # no chapters, and no encoder version stamped in their place.
            *("-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact"),
            *("-c", "copy", *muxer_options, "-f", muxer, str(target)),
        ]
        try:
            # A list with our own program and paths, no shell: nothing the sender chose.
            result = subprocess.run(  # noqa: S603
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=settings.EVIDENCE_VIDEO_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            # run() has killed ffmpeg and waited for it; the folder goes with the with-block.
            raise ValidationError(
                _(
                    "Video ini tidak selesai diproses dalam %(seconds)s detik. Kirim video yang "
                    "lebih pendek, atau serahkan ke kantor Bawaslu atau lewat WhatsApp kantor."
                ),
                params={"seconds": settings.EVIDENCE_VIDEO_TIMEOUT},
                code="video_timeout",
            ) from None
        if result.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            # ffmpeg's own words, for the operator: they name our temporary files, not the
            # sender's, and at this log level carry no metadata of the video.
            logger.warning(
                "ffmpeg could not remux an evidence video (exit %s): %s",
                result.returncode,
                result.stderr[-500:].decode("utf-8", "replace").strip(),
            )
            raise ValidationError(
                _(
                    "Video rusak atau tidak dapat dibaca. Coba kirim ulang, atau serahkan ke "
                    "kantor Bawaslu atau lewat WhatsApp kantor."
                ),
                code="unreadable",
            )
        data = target.read_bytes()
    return ContentFile(data, name=random_name(extension)), digest.hexdigest()


# --- Receiving evidence ----------------------------------------------------------------------

# Bytes of a file's start that tell its type (what _evidence_sniff reads).
EVIDENCE_HEAD_BYTES = 64


class EvidenceUploadHandler(FileUploadHandler):
    """Receives a complaint's evidence files into memory: a photo as sent, with its GPS
    position, never reaches the disk, not even for the length of the request.

    Django's own handlers keep files in memory only when the whole request is below
    ``FILE_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB); a phone photo is 3-8 MB, so each was written to
    a temporary file, which a worker killed mid-request leaves behind. Here each file is kept
    up to the limit of its type, told by its first bytes as ``evidence_process`` tells it
    (photo ``EVIDENCE_IMAGE_MAX_BYTES``, PDF ``PDF_MAX_BYTES``, video
    ``EVIDENCE_VIDEO_MAX_BYTES``). A file past that limit, of no accepted type, or beyond
    ``COMPLAINT_EVIDENCE_MAX_FILES`` in the request keeps only its first bytes and its real
    size: ``evidence_process`` refuses it from those (too_large, unknown_type) and the form
    refuses a request with too many files, so nothing else of it is needed. Memory per request
    is thus at most the largest limit per file times the file count, and nginx's body limit on
    the evidence path (110 MB) in production.
    """

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.files_received = 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.files_received += 1
        self.buffer = BytesIO()
        # None until the first bytes have told the type.
        self.limit: int | None = (
            None if self.files_received <= settings.COMPLAINT_EVIDENCE_MAX_FILES else 0
        )
        self.kept_whole = True

    def _limit_of(self, head: bytes) -> int:
        try:
            kind, _format = _evidence_sniff(head)
        except ValidationError:
            return 0
        return {
            "image": settings.EVIDENCE_IMAGE_MAX_BYTES,
            "pdf": settings.PDF_MAX_BYTES,
            "video": settings.EVIDENCE_VIDEO_MAX_BYTES,
        }[kind]

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if not self.kept_whole:
            return None  # counted by the parser, kept nowhere
        self.buffer.write(raw_data)
        received = self.buffer.tell()
        if self.limit is None and received >= EVIDENCE_HEAD_BYTES:
            self.limit = self._limit_of(self.buffer.getvalue()[:EVIDENCE_HEAD_BYTES])
        if self.limit is not None and received > self.limit:
            self.buffer = BytesIO(self.buffer.getvalue()[:EVIDENCE_HEAD_BYTES])
            self.kept_whole = False
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,  # the size sent, also when only the head was kept
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def evidence_uploads_in_memory(view):
    """Have ``view``'s request read its files with ``EvidenceUploadHandler`` only.

    Put it above ``private_page``: the handlers must be set before anything reads the body,
    and the CSRF check inside ``private_page`` does.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.upload_handlers = [EvidenceUploadHandler(request)]
        return view(request, *args, **kwargs)

    return wrapped


# --- Storing ---------------------------------------------------------------------------------


class StorageWriteError(OSError):
    """The disk refused a file (full, read-only, not permitted): a fault of the server, not of
    the file. What had been written of it is already removed; the error is logged."""


# The files stored inside the innermost ``stored_files_removed_on_error`` block, if any.
_files_stored: ContextVar[list | None] = ContextVar("files_stored", default=None)


class WholeFileStorage(FileSystemStorage):
    """A file system storage that never leaves part of a file behind.

    Django's storage writes under the final name, so a disk that fills up midway leaves a
    truncated file no row points to: officers never see it and retention never shreds it.
    Here a file is written under a temporary name beside its target and linked to the final
    name once complete (a hard link: like Django's O_EXCL, it never replaces an existing file);
    a failed write removes the temporary file and raises ``StorageWriteError``. Every storage
    of the portal is one (``STORAGES``, the evidence storage).
    """

    def _save(self, name: str, content) -> str:
        partial = posixpath.join(posixpath.dirname(name), ".partial-" + secrets.token_hex(16))
        try:
            partial = super()._save(partial, content)
            while True:
                try:
                    os.link(self.path(partial), self.path(name))
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        except OSError as error:
            self._partial_remove(partial)
            # The location and the error only: file names are random, nothing personal.
            logger.error(
                "storage: a file could not be written in %s: %s (%s)",
                self.location,
                errno.errorcode.get(error.errno, error.errno),
                error.strerror,
            )
            raise StorageWriteError(error.errno, error.strerror) from error
        self._partial_remove(partial)
        stored = _files_stored.get()
        if stored is not None:
            stored.append((self, name))
        return name

    def _partial_remove(self, name: str) -> None:
        try:
            os.remove(self.path(name))
        except FileNotFoundError:
            pass
        except OSError:
            # A disk remounted read-only keeps it; the name says what it is (docs/OPERATIONS.md).
            logger.exception("storage: the temporary file %s could not be removed", name)


@contextmanager
def stored_files_removed_on_error() -> Iterator[None]:
    """Remove the files stored inside this block when the block fails.

    Wrap the transaction that writes the rows pointing to them: a row rolled back must not
    leave its file behind. Nested blocks hand their files to the outer one on success.
    """
    stored: list = []
    outer = _files_stored.get()
    token = _files_stored.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in stored:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("storage: %s could not be removed after a failure", name)
        raise
    finally:
        _files_stored.reset(token)
    if outer is not None:
        outer.extend(stored)
