"""Upload hygiene: every file a person sends is decoded and re-encoded before it is stored.

Re-encoding drops EXIF/GPS and other metadata and breaks polyglot files; names are random so
nothing the sender chose (``../../x.jpg``) reaches the file system.
"""

import secrets
import warnings
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def random_name(extension: str) -> str:
    return secrets.token_hex(16) + extension


def image_reencode(upload, *, max_side: int, max_pixels: int | None = None) -> ContentFile:
    """Decode an uploaded JPEG, PNG or WebP image and return a clean copy under a random name.

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
    image.thumbnail((max_side, max_side))
    # Pillow writes some of .info back on save (a JPEG comment, an ICC profile): drop it all.
    image.info = {}
    output = BytesIO()
    if source_format == "JPEG":
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
    elif source_format == "WEBP":
        image.save(output, "WEBP", quality=85)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=True)
    # No exif=, pnginfo= or icc_profile= above, and no .info: the copy carries pixels only.
    return ContentFile(output.getvalue(), name=random_name(IMAGE_FORMATS[source_format]))
