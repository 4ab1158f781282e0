"""Issue 13, items 10 and 11: PDFs with 3D JavaScript or multimedia are refused, and the photos
inside a PDF lose their Exif/GPS before the file is stored (article attachments are public).
"""

import shutil
import subprocess
from io import BytesIO

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, ImageCms

from humas_portal.uploads import evidence_process, jpeg_metadata_strip, pdf_sanitize
from news.forms import ArticleAttachmentInlineForm


def pdf_bytes(build) -> bytes:
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page()
    build(pdf)
    buffer = BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def sanitize(data: bytes):
    return pdf_sanitize(SimpleUploadedFile("dokumen.pdf", data, "application/pdf"))


def annotation(pdf, **entries):
    """An annotation on the first page, with ``entries`` (keys without the slash)."""
    annot = pdf.make_indirect(
        Dictionary({"/Type": Name.Annot, "/Rect": Array([0, 0, 100, 100]), **entries})
    )
    pdf.pages[0].Annots = Array([annot])


# --- Item 10: 3D and multimedia ------------------------------------------------------------


def test_3d_annotation_with_oninstantiate_javascript_is_refused_as_attachment_and_evidence():
    # What the attack used: a U3D stream whose /OnInstantiate script runs when the model loads.
    def build(pdf):
        script = pdf.make_stream(b"app.alert(1)")
        model = pdf.make_stream(b"U3D", Subtype=Name("/U3D"), OnInstantiate=script)
        annotation(
            pdf,
            **{"/Subtype": Name("/3D"), "/3DD": model, "/3DA": Dictionary(A=Name("/PO"))},
        )

    data = pdf_bytes(build)
    with pytest.raises(ValidationError, match="konten aktif") as raised:
        sanitize(data)
    assert raised.value.code == "active_content"
    with pytest.raises(ValidationError, match="konten aktif"):
        evidence_process(SimpleUploadedFile("bukti.pdf", data, "application/pdf"))


# Each name on its own (nothing else active in the file), so each is shown to be refused.
ACTIVE_ALONE = {
    "/3D": lambda pdf: annotation(pdf, **{"/Subtype": Name("/3D")}),
    "/3DD": lambda pdf: annotation(
        pdf, **{"/Subtype": Name.Square, "/3DD": pdf.make_stream(b"U3D", Subtype=Name("/U3D"))}
    ),
    "/3DA": lambda pdf: annotation(
        pdf, **{"/Subtype": Name.Square, "/3DA": Dictionary(A=Name("/PO"))}
    ),
    "/OnInstantiate": lambda pdf: annotation(
        pdf,
        **{
            "/Subtype": Name.Square,
            "/Data": pdf.make_stream(b"U3D", OnInstantiate=pdf.make_stream(b"app.alert(1)")),
        },
    ),
    "/Movie": lambda pdf: annotation(
        pdf,
        **{"/Subtype": Name("/Movie"), "/T": String("film")},
    ),
    "/Sound": lambda pdf: annotation(
        pdf, **{"/Subtype": Name("/Sound"), "/Name": Name("/Speaker")}
    ),
    "/Rendition": lambda pdf: annotation(
        pdf,
        **{"/Subtype": Name.Link, "/A": Dictionary(S=Name("/Rendition"), OP=0)},
    ),
}


@pytest.mark.parametrize("name", sorted(ACTIVE_ALONE))
def test_3d_and_multimedia_name_is_refused(name):
    with pytest.raises(ValidationError, match="konten aktif") as raised:
        sanitize(pdf_bytes(ACTIVE_ALONE[name]))
    assert raised.value.code == "active_content"
    assert raised.value.params == {"name": name.lstrip("/")}


# --- Item 11: Exif/GPS of embedded JPEG photos ------------------------------------------------


def phone_photo() -> bytes:
    """A JPEG as a phone writes it: Exif with GPS (APP1), IPTC (APP13), a comment and an ICC
    colour profile (APP2)."""
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    exif[0x8825] = {1: "S", 2: (8.0, 10.0, 0.0), 3: "E", 4: (113.0, 41.0, 0.0)}  # GPS IFD
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 40)).save(
        buffer, "JPEG", exif=exif, icc_profile=icc, comment=b"lokasi rahasia", quality=90
    )
    data = buffer.getvalue()
    # APP13 (Photoshop IRB with IPTC) right after SOI; Pillow does not write one itself.
    payload = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0cIPTC-JEMBER"
    app13 = b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload
    return data[:2] + app13 + data[2:]


def pdf_with_photo(photo: bytes) -> bytes:
    def build(pdf):
        image = pdf.make_stream(
            photo,
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=64,
            Height=48,
            ColorSpace=Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=Name.DCTDecode,
        )
        page = pdf.pages[0]
        page.Resources = Dictionary(XObject=Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 64 0 0 48 0 0 cm /Im0 Do Q")

    return pdf_bytes(build)


def image_streams(data: bytes) -> list[bytes]:
    with pikepdf.open(BytesIO(data)) as pdf:
        return [
            obj.read_raw_bytes()
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Subtype") == Name.Image
        ]


def exiftool_gps(jpeg: bytes, tmp_path) -> str:
    path = tmp_path / "gambar.jpg"
    path.write_bytes(jpeg)
    result = subprocess.run(
        ["exiftool", "-a", "-G1", "-s", "-gps:all", "-Make", "-iptc:all", "-Comment", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture
def exiftool():
    if shutil.which("exiftool") is None:
        pytest.skip("exiftool is not installed (apt-get install libimage-exiftool-perl)")


def test_embedded_jpeg_loses_exif_gps_iptc_and_comment_but_keeps_pixels_and_colour(
    exiftool, tmp_path
):
    photo = phone_photo()
    original = pdf_with_photo(photo)
    [before] = image_streams(original)
    seen_before = exiftool_gps(before, tmp_path)
    assert "GPSLatitude" in seen_before
    assert "KameraUji" in seen_before

    stored = sanitize(original).read()

    [after] = image_streams(stored)
    seen_after = exiftool_gps(after, tmp_path)
    assert "GPS" not in seen_after
    assert "KameraUji" not in seen_after
    assert "IPTC" not in seen_after
    assert "Comment" not in seen_after
    # The raw bytes, not only what exiftool reports: no Exif header, no IPTC, no comment,
    # anywhere in the stored file.
    for secret in (b"Exif\x00\x00", b"KameraUji", b"IPTC-JEMBER", b"lokasi rahasia"):
        assert secret not in stored
    # Not re-encoded: the scan data is the same bytes, and the picture and its colour profile
    # are unchanged.
    assert before.endswith(after[after.index(b"\xff\xda") :])
    assert Image.open(BytesIO(after)).tobytes() == Image.open(BytesIO(before)).tobytes()
    assert (
        Image.open(BytesIO(after)).info["icc_profile"]
        == Image.open(BytesIO(before)).info["icc_profile"]
    )


@pytest.mark.django_db
def test_article_attachment_is_stored_without_the_photos_gps(exiftool, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    form = ArticleAttachmentInlineForm(
        data={"title": "Laporan"},
        files={
            "file": SimpleUploadedFile(
                "laporan.pdf", pdf_with_photo(phone_photo()), "application/pdf"
            )
        },
    )
    assert form.is_valid(), form.errors
    stored = form.file_fields()["file"].read()
    [image] = image_streams(stored)
    assert "GPS" not in exiftool_gps(image, tmp_path)
    assert b"Exif\x00\x00" not in stored


def test_a_jpeg_stream_that_is_not_a_jpeg_is_refused():
    with pytest.raises(ValidationError) as raised:
        sanitize(pdf_with_photo(b"\xff\xd8\xff\xe1\xff\xffExif\x00\x00 terpotong"))
    assert raised.value.code == "unreadable"


def test_jpeg_metadata_strip_keeps_jfif_icc_and_adobe_segments():
    def segment(marker: int, payload: bytes) -> bytes:
        return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload

    scan = b"\xff\xda\x00\x02" + b"\x12\xff\x00\x34" + b"\xff\xd9"
    kept = [segment(0xE0, b"JFIF\x00"), segment(0xE2, b"ICC_PROFILE\x00"), segment(0xEE, b"Adobe")]
    dropped = [segment(0xE1, b"Exif\x00\x00GPS"), segment(0xED, b"Photoshop"), segment(0xFE, b"x")]
    data = b"\xff\xd8" + kept[0] + dropped[0] + kept[1] + dropped[1] + kept[2] + dropped[2] + scan

    assert jpeg_metadata_strip(data) == b"\xff\xd8" + b"".join(kept) + scan
    assert jpeg_metadata_strip(b"GIF89a") is None
