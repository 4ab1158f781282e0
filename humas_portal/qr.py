"""QR codes, drawn here and never by an outside service (a second-factor secret or a ticket
must not leave the server).

SVG for pages (sharp at any size; the admin embeds it as a ``data:`` URI, which the CSP's
``img-src data:`` allows). PNG for e-mail: mail clients block SVG and ``data:`` images, so a
ticket goes out as an attached or inline PNG.
"""

import io

import qrcode
import qrcode.image.pil
import qrcode.image.svg

# Pixels per module and the quiet zone in modules (4 is the minimum the standard asks for).
BOX_SIZE = 10
BORDER = 4


def qr_svg(text: str) -> bytes:
    """The QR code of ``text`` as an SVG document (UTF-8)."""
    image = qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=BOX_SIZE, border=BORDER
    )
    return image.to_string()


def qr_png(text: str) -> bytes:
    """The QR code of ``text`` as a black-on-white PNG."""
    image = qrcode.make(
        text, image_factory=qrcode.image.pil.PilImage, box_size=BOX_SIZE, border=BORDER
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
