"""Upload hygiene: every file a person sends is decoded and re-encoded before it is stored.

Re-encoding drops EXIF/GPS and other metadata and breaks polyglot files; names are random so
nothing the sender chose (``../../x.jpg``) reaches the file system.

- ``image_reencode``: one clean copy of an image, at most ``max_side`` pixels (the logo).
- ``image_variants``: a large and a small copy from one decode, for ``srcset`` (news images).
- ``pdf_sanitize``: a PDF refused if it holds active content, otherwise saved without
  document metadata.
"""

import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}

# Names that make a PDF act rather than show: scripts, launching programs, embedded files,
# multimedia, XFA forms, sending form data out, jumping to other files. Refused wherever they
# appear, as a dictionary key (/JS, /EmbeddedFiles, /XFA) or as a name value (/S /Launch,
# /Subtype /RichMedia, /Type /EmbeddedFile). /EF and /FileAttachment carry embedded files
# too, even when the optional /Type is missing.
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


def _image_decode(upload, *, max_pixels: int | None = None) -> tuple[Image.Image, str]:
    """Decode a JPEG, PNG or WebP upload, upright; return the image and its format.

    Refuses (with an Indonesian ValidationError) anything that is not such an image, or whose
    pixel count is above ``max_pixels`` — checked from the header, before decoding.
    """
    limit = max_pixels or settings.IMAGE_MAX_PIXELS
    if upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("Berkas gambar terlalu besar; batasnya %(mb)s MB."),
            params={"mb": settings.IMAGE_MAX_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(_("Gambar harus berformat JPEG, PNG atau WebP."))
            width, height = image.size
            if width * height > limit:
                raise ValidationError(
                    _("Gambar terlalu besar (%(w)s x %(h)s piksel); batasnya %(limit)s MP."),
                    params={"w": width, "h": height, "limit": limit // 1_000_000},
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("Gambar terlalu besar; batasnya %(limit)s MP."),
            params={"limit": limit // 1_000_000},
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(_("Berkas ini bukan gambar yang dapat dibaca.")) from None
    except OSError:
        raise ValidationError(_("Gambar rusak atau terpotong; coba unggah ulang.")) from None

    source_format = image.format
    image = ImageOps.exif_transpose(image)
    # Palette and 1-bit images would be resized with nearest-neighbour; resize them in colour.
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "1":
        image = image.convert("L")
    return image, source_format


def _image_encode(image: Image.Image, source_format: str, name: str) -> ContentFile:
    # Pillow writes some of .info back on save (a JPEG comment, an ICC profile): drop it all.
    image.info = {}
    output = BytesIO()
    if source_format == "JPEG":
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
    elif source_format == "WEBP":
        image.save(output, "WEBP", quality=85)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=True)
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


def _pdf_active_name(pdf: pikepdf.Pdf) -> str | None:
    """The first active-content name found in any object of ``pdf``, or None.

    Every indirect object is listed by ``pdf.objects`` (those inside object streams too); the
    direct dictionaries and arrays nested in them, and the trailer, are walked here. qpdf has
    already decoded escaped names, so ``/J#61vaScript`` arrives as ``/JavaScript``.
    """
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


def _pdf_metadata_remove(pdf: pikepdf.Pdf) -> None:
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    for obj in [pdf.Root, *pdf.objects]:
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            for key in PDF_METADATA_KEYS:
                if key in obj:
                    del obj[key]


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
    decompressed, so a compression bomb in a page does not unfold here.
    """
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
