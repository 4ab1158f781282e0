"""QR codes drawn on the server: SVG for pages, PNG for e-mail."""

import io
from xml.etree import ElementTree

import qrcode
from PIL import Image

from humas_portal.qr import BORDER, BOX_SIZE, qr_png, qr_svg

TEXT = "otpauth://totp/Bawaslu%20Jember:petugas?secret=JBSWY3DPEHPK3PXP&issuer=Bawaslu"


def modules(text: str) -> list[list[bool]]:
    """The code's dark and light modules, quiet zone included, as the standard lays them out."""
    code = qrcode.QRCode(border=BORDER)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def test_png_is_a_black_and_white_image_of_the_code():
    image = Image.open(io.BytesIO(qr_png(TEXT)))
    expected = modules(TEXT)

    assert image.format == "PNG"
    size = len(expected) * BOX_SIZE
    assert image.size == (size, size)
    pixels = image.convert("L")
    for row, line in enumerate(expected):
        for column, dark in enumerate(line):
            # The centre of each module: black where the code is dark, white elsewhere.
            centre = (column * BOX_SIZE + BOX_SIZE // 2, row * BOX_SIZE + BOX_SIZE // 2)
            assert pixels.getpixel(centre) == (0 if dark else 255), (row, column)


def test_svg_is_a_standalone_document_of_the_same_size():
    document = qr_svg(TEXT)
    root = ElementTree.fromstring(document)  # noqa: S314 - our own output

    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None
    # qrcode writes SVG sizes in millimetres: a box of 10 is 1 mm per module.
    assert root.get("width") == "%dmm" % len(modules(TEXT))
    assert b"<script" not in document


def test_different_texts_give_different_codes():
    assert qr_png(TEXT) != qr_png(TEXT + "x")
    assert qr_svg(TEXT) != qr_svg(TEXT + "x")
