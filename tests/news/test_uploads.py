"""News uploads: images in two widths without metadata, PDFs without active content or metadata.

The acceptance items of the News issue for ``humas_portal.uploads``, and the admin forms that
put them on articles (news/forms.py).
"""

from io import BytesIO

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

from humas_portal.uploads import image_variants, pdf_sanitize
from news.forms import ArticleAdminForm, ArticleAttachmentInlineForm, ArticleImageInlineForm
from news.models import Article, Category

# --- Helpers ------------------------------------------------------------------------------


def jpeg_upload(size=(64, 48), *, exif=None, name="foto.jpg") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, "red").save(buffer, "JPEG", **({"exif": exif} if exif else {}))
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    exif[0x8825] = {1: "S", 2: (8.0, 10.0, 0.0), 3: "E", 4: (113.0, 41.0, 0.0)}  # GPS IFD
    return exif


def assert_no_exif(data: bytes) -> None:
    assert b"Exif\x00\x00" not in data
    assert b"KameraUji" not in data
    assert Image.open(BytesIO(data)).getexif() == {}


def pdf_bytes(build=None, **save_options) -> bytes:
    """A one-page PDF made with pikepdf; ``build(pdf)`` adds what the test is about."""
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page()
    if build:
        build(pdf)
    buffer = BytesIO()
    pdf.save(buffer, **save_options)
    return buffer.getvalue()


def raw_pdf(*objects: bytes) -> bytes:
    """A PDF written byte by byte, with a correct cross-reference table, so what a test puts
    in an object (an escaped name) is in the file exactly as written."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def sanitize(data: bytes, name: str = "dokumen.pdf", **kwargs):
    return pdf_sanitize(SimpleUploadedFile(name, data, "application/pdf"), **kwargs)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- Images -------------------------------------------------------------------------------


def test_png_of_10000_by_10000_pixels_is_refused():
    buffer = BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 200_000  # a tiny file that would decode to 100 MP

    with pytest.raises(ValidationError, match="terlalu besar"):
        image_variants(SimpleUploadedFile("bom.png", buffer.getvalue(), "image/png"))


def test_jpeg_with_gps_is_stored_in_two_widths_without_exif():
    upload = jpeg_upload((2400, 1200), exif=gps_exif())
    assert b"KameraUji" in upload.read()

    variants = image_variants(upload)

    large, small = variants.large.read(), variants.small.read()
    assert Image.open(BytesIO(large)).size == (1600, 800)
    assert Image.open(BytesIO(small)).size == (640, 320)
    assert (variants.width, variants.height) == (1600, 800)
    assert_no_exif(large)
    assert_no_exif(small)


def test_variants_have_random_names_sharing_a_stem():
    first = image_variants(jpeg_upload(name="../../rumah saya.jpg"))
    second = image_variants(jpeg_upload(name="../../rumah saya.jpg"))

    stem = first.large.name.removesuffix(".jpg")
    assert len(stem) == 32
    assert first.small.name == stem + "-small.jpg"
    assert first.large.name != second.large.name
    assert "rumah" not in first.large.name + first.small.name


def test_small_image_is_not_enlarged():
    variants = image_variants(jpeg_upload((300, 200)))

    assert Image.open(variants.large).size == (300, 200)
    assert Image.open(variants.small).size == (300, 200)
    assert (variants.width, variants.height) == (300, 200)


def test_width_alone_decides_the_scale_of_a_tall_image():
    variants = image_variants(jpeg_upload((1000, 3000)))

    assert Image.open(variants.large).size == (1000, 3000)
    assert Image.open(variants.small).size == (640, 1920)


def test_orientation_is_applied_before_width_and_height_are_measured():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show rotated 90 degrees
    variants = image_variants(jpeg_upload((2000, 1000), exif=exif))

    assert (variants.width, variants.height) == (1000, 2000)
    large = variants.large.read()
    assert Image.open(BytesIO(large)).size == (1000, 2000)
    assert Image.open(variants.small).size == (640, 1280)
    assert_no_exif(large)


def test_png_with_transparent_palette_keeps_its_transparency():
    image = Image.new("P", (800, 400), 1)
    image.putpalette([255, 255, 255, 0, 0, 255] + [0] * 762)
    buffer = BytesIO()
    image.save(buffer, "PNG", transparency=0)

    variants = image_variants(SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png"))

    small = Image.open(variants.small)
    assert variants.small.name.endswith("-small.png")
    assert small.mode == "RGBA"
    assert small.size == (640, 320)


def test_what_is_not_an_image_is_refused_by_variants():
    with pytest.raises(ValidationError, match="bukan gambar"):
        image_variants(SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script>"))


# --- PDF: refused -------------------------------------------------------------------------


def test_pdf_with_openaction_javascript_is_refused():
    def build(pdf):
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))

    with pytest.raises(ValidationError, match="konten aktif") as raised:
        sanitize(pdf_bytes(build))
    assert raised.value.code == "active_content"


def test_pdf_with_names_javascript_tree_is_refused():
    def build(pdf):
        action = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
        pdf.Root.Names = Dictionary(
            JavaScript=pdf.make_indirect(Dictionary(Names=Array([String("mulai"), action])))
        )

    with pytest.raises(ValidationError, match="konten aktif"):
        sanitize(pdf_bytes(build))


def test_pdf_with_hex_escaped_javascript_name_is_refused():
    # "/J#61vaScript" is "/JavaScript" (#61 is "a"), "/J#53" is "/JS": readers run it all the
    # same, and a filter that looks for the bytes "/JavaScript" would miss it.
    data = raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R"
        b" /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
    )
    assert b"/J#61vaScript" in data
    assert b"/JavaScript" not in data
    assert b"/JS " not in data
    with pikepdf.open(BytesIO(data)) as pdf:
        assert not pdf.get_warnings()  # the file is well formed, not repaired
        assert str(pdf.Root.OpenAction.S) == "/JavaScript"  # pikepdf decodes the escape
        assert "/JS" in pdf.Root.OpenAction

    with pytest.raises(ValidationError, match="konten aktif"):
        sanitize(data)


def test_javascript_hidden_in_a_compressed_object_stream_is_refused():
    def build(pdf):
        pdf.Root.OpenAction = pdf.make_indirect(
            Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))
        )

    data = pdf_bytes(build, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"JavaScript" not in data  # only inside the Flate-compressed object stream

    with pytest.raises(ValidationError, match="konten aktif"):
        sanitize(data)


def _page_additional_action(pdf):
    pdf.pages[0].AA = Dictionary(O=Dictionary(S=Name.Launch, F=String("calc.exe")))


def _link_to_another_file(pdf):
    pdf.pages[0].Annots = Array(
        [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=[0, 0, 10, 10],
                A=Dictionary(S=Name.GoToR, F=String("lain.pdf"), D=Array([0, Name.Fit])),
            )
        ]
    )


def _embedded_file(pdf):
    pdf.attachments["muatan.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00")


def _file_attachment_annotation_without_type(pdf):
    stream = pdf.make_stream(b"MZ\x90\x00")  # no /Type /EmbeddedFile: it is optional
    pdf.pages[0].Annots = Array(
        [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.FileAttachment,
                Rect=[0, 0, 10, 10],
                FS=Dictionary(Type=Name.Filespec, F=String("a.exe"), EF=Dictionary(F=stream)),
            )
        ]
    )


def _xfa_form(pdf):
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp/>"))


def _submit_form_button(pdf):
    widget = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Btn,
            T=String("kirim"),
            Rect=[0, 0, 10, 10],
            A=Dictionary(S=Name.SubmitForm, F=String("https://contoh.invalid/")),
        )
    )
    pdf.pages[0].Annots = Array([widget])
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]))


def _rich_media_annotation(pdf):
    pdf.pages[0].Annots = Array(
        [Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=[0, 0, 10, 10])]
    )


def _deeply_nested_launch(pdf):
    value = Dictionary(S=Name.Launch)
    for _level in range(200):
        value = Array([value])
    pdf.Root.Lapisan = value


@pytest.mark.parametrize(
    "build",
    [
        _page_additional_action,
        _link_to_another_file,
        _embedded_file,
        _file_attachment_annotation_without_type,
        _xfa_form,
        _submit_form_button,
        _rich_media_annotation,
        _deeply_nested_launch,
    ],
)
def test_pdf_with_other_active_content_is_refused(build):
    with pytest.raises(ValidationError, match="konten aktif"):
        sanitize(pdf_bytes(build))


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"<html>\n%PDF-1.7\n</html>",  # the header not at the start: a polyglot
        b"",
        b"PK\x03\x04%PDF-1.4",
    ],
)
def test_what_is_not_a_pdf_is_refused(data):
    with pytest.raises(ValidationError, match="bukan PDF"):
        sanitize(data, name="laporan.pdf")


def test_unreadable_pdf_is_refused():
    with pytest.raises(ValidationError, match="rusak"):
        sanitize(b"%PDF-1.7\n" + b"\x00\xff" * 500)


def test_encrypted_pdf_without_a_password_to_open_is_refused():
    data = pdf_bytes(encryption=pikepdf.Encryption(owner="pemilik", user=""))
    with pikepdf.open(BytesIO(data)) as pdf:
        assert pdf.is_encrypted  # opens without a password, yet encrypted

    with pytest.raises(ValidationError, match="terenkripsi"):
        sanitize(data)


def test_password_protected_pdf_is_refused():
    data = pdf_bytes(encryption=pikepdf.Encryption(owner="pemilik", user="rahasia"))

    with pytest.raises(ValidationError, match="kata sandi"):
        sanitize(data)


def test_pdf_over_the_byte_limit_is_refused(settings):
    data = pdf_bytes()
    settings.PDF_MAX_BYTES = len(data) - 1

    with pytest.raises(ValidationError, match="terlalu besar"):
        sanitize(data)
    with pytest.raises(ValidationError, match="terlalu besar"):
        sanitize(data, max_bytes=10)
    assert sanitize(data, max_bytes=len(data)).size > 0


# --- PDF: accepted and stripped -----------------------------------------------------------


def test_clean_pdf_is_stored_without_document_metadata():
    def build(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:creator"] = ["Budi Santoso XMP"]
            meta["xmp:CreatorTool"] = "PenyuntingRahasia"
        # After the XMP, which pikepdf would otherwise mirror into /Info.
        pdf.docinfo["/Author"] = "Budi Santoso"
        pdf.docinfo["/Producer"] = "Kantor Pemindai 3000"
        image = pdf.make_stream(b"\xff" * 4, Width=2, Height=2, BitsPerComponent=8)
        image.ColorSpace = Name.DeviceGray
        image.Metadata = pdf.make_stream(b"<x:xmpmeta>GPS -8.16 113.68</x:xmpmeta>")
        pdf.pages[0].Resources = Dictionary(XObject=Dictionary(Im0=image))
        pdf.pages[0].Contents = pdf.make_stream(b"q 10 0 0 10 0 0 cm /Im0 Do Q")
        # A link to a web page is ordinary content, not active content.
        pdf.pages[0].Annots = Array(
            [
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Link,
                    Rect=[0, 0, 10, 10],
                    A=Dictionary(S=Name.URI, URI=String("https://bawaslu.go.id/")),
                )
            ]
        )

    original = pdf_bytes(build, compress_streams=False)
    for secret in (b"Budi Santoso", b"Kantor Pemindai", b"PenyuntingRahasia", b"GPS -8.16"):
        assert secret in original

    stored = sanitize(original, name="../../Laporan Budi.pdf")

    data = stored.read()
    assert data.startswith(b"%PDF-")
    assert stored.name.endswith(".pdf")
    assert len(stored.name) == 36
    for secret in (b"Budi", b"Kantor Pemindai", b"PenyuntingRahasia", b"GPS -8.16"):
        assert secret not in data
    with pikepdf.open(BytesIO(data)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
        assert len(pdf.pages) == 1
        assert "/Im0" in pdf.pages[0].Resources.XObject  # the content is still there
        assert str(pdf.pages[0].Annots[0].A.URI) == "https://bawaslu.go.id/"


def test_sanitized_pdf_is_the_same_for_the_same_upload_apart_from_its_name():
    data = pdf_bytes()
    first, second = sanitize(data), sanitize(data)

    assert first.read() == second.read()  # deterministic /ID: no time or randomness inside
    assert first.name != second.name


# --- Admin forms --------------------------------------------------------------------------


@pytest.fixture
def category(db):
    return Category.objects.create(name="Pengawasan", slug="pengawasan")


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_user("redaksi", password="x" * 16, is_staff=True)


def article_data(category, author, **overrides) -> dict:
    data = {
        "title": "Pengawasan Kampanye di Kecamatan Sumbersari",
        "slug": "pengawasan-kampanye-sumbersari",
        "kind": "news",
        "category": category.pk,
        "lead": "Pengawas turun ke lapangan.",
        "body": "<p>Isi berita.</p>",
        "cover_alt": "Petugas memeriksa alat peraga kampanye",
        "cover_credit": "Humas",
        "author": author.pk,
        "status": "draft",
    }
    data.update(overrides)
    return data


def test_article_form_stores_the_cover_in_two_widths_without_exif(media_root, category, author):
    cover = jpeg_upload((2000, 1500), exif=gps_exif(), name="IMG_2024 lokasi.jpg")
    form = ArticleAdminForm(article_data(category, author), {"cover": cover})

    assert form.is_valid(), form.errors
    fields = form.cover_fields()
    article = form.save()

    assert set(fields) == {"cover", "cover_small", "cover_width", "cover_height"}
    article.refresh_from_db()
    assert (article.cover_width, article.cover_height) == (1600, 1200)
    assert article.cover.name.startswith("news/covers/")
    assert "lokasi" not in article.cover.name
    assert article.cover_small.name == article.cover.name.replace(".jpg", "-small.jpg")
    large = (media_root / article.cover.name).read_bytes()
    small = (media_root / article.cover_small.name).read_bytes()
    assert Image.open(BytesIO(large)).size == (1600, 1200)
    assert Image.open(BytesIO(small)).size == (640, 480)
    assert_no_exif(large)
    assert_no_exif(small)
    assert len(list(media_root.rglob("*.jpg"))) == 2  # the raw upload was never stored


def test_cover_fields_serve_a_service_that_saves_the_article(media_root, category, author):
    form = ArticleAdminForm(article_data(category, author), {"cover": jpeg_upload((900, 600))})
    assert form.is_valid(), form.errors
    # What news/admin.py does through article_save: the cleaned data plus the cover fields.
    data = {
        name: value for name, value in form.cleaned_data.items() if name not in ("tags", "cover")
    }
    article = Article(**data, **form.cover_fields())
    article.full_clean()
    article.save()

    assert (article.cover_width, article.cover_height) == (900, 600)
    assert_no_exif((media_root / article.cover.name).read_bytes())
    assert (media_root / article.cover_small.name).exists()


def test_cover_without_alt_text_is_a_form_error(media_root, category, author):
    form = ArticleAdminForm(
        article_data(category, author, cover_alt="  "), {"cover": jpeg_upload()}
    )

    assert not form.is_valid()
    assert "cover_alt" in form.errors
    assert not any(media_root.rglob("*.jpg"))


def test_article_without_cover_needs_no_alt_text(category, author):
    form = ArticleAdminForm(article_data(category, author, cover_alt=""))

    assert form.is_valid(), form.errors
    assert form.cover_fields() == {}


# Django's own ImageField opens the bomb first and only warns (100 MP is under Pillow's 179 MP
# error threshold); the refusal is ours, in clean_cover.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<svg onload=alert(1)>", "gambar"),
        ("bom", "terlalu besar"),
    ],
)
def test_bad_cover_is_a_form_error(media_root, category, author, content, message):
    if content == "bom":
        buffer = BytesIO()
        Image.new("1", (10_000, 10_000)).save(buffer, "PNG")
        content = buffer.getvalue()
    form = ArticleAdminForm(
        article_data(category, author), {"cover": SimpleUploadedFile("x.png", content)}
    )

    assert not form.is_valid()
    assert message in str(form.errors["cover"])
    assert not any(media_root.rglob("*.*"))


def test_clearing_the_cover_clears_all_four_fields(media_root, category, author):
    form = ArticleAdminForm(article_data(category, author), {"cover": jpeg_upload((900, 600))})
    assert form.is_valid(), form.errors
    article = form.save()

    cleared = article_data(category, author, **{"cover-clear": "on"})
    form = ArticleAdminForm(cleared, instance=article)
    assert form.is_valid(), form.errors
    assert form.cover_fields() == {
        "cover": "",
        "cover_small": "",
        "cover_width": None,
        "cover_height": None,
    }
    article = form.save()
    article.refresh_from_db()
    assert not article.cover
    assert not article.cover_small
    assert article.cover_width is None


def test_unchanged_cover_is_kept(media_root, category, author):
    form = ArticleAdminForm(article_data(category, author), {"cover": jpeg_upload((900, 600))})
    assert form.is_valid(), form.errors
    article = form.save()
    names = (article.cover.name, article.cover_small.name)

    form = ArticleAdminForm(article_data(category, author, title="Judul baru"), instance=article)
    assert form.is_valid(), form.errors
    assert form.cover_fields() == {}
    article = form.save()
    article.refresh_from_db()
    assert (article.cover.name, article.cover_small.name) == names
    assert article.cover_width == 900


def test_gallery_form_stores_two_widths_and_requires_alt_text(media_root):
    upload = jpeg_upload((3000, 2000), exif=gps_exif())
    form = ArticleImageInlineForm({"alt": "Rapat koordinasi", "position": 0}, {"image": upload})

    assert form.is_valid(), form.errors
    image = form.instance
    assert (image.width, image.height) == (1600, 1067)
    assert image.image_small.name.endswith("-small.jpg")
    assert set(form.image_fields()) == {"image", "image_small", "width", "height"}
    assert_no_exif(form.image_fields()["image_small"].read())

    without_alt = ArticleImageInlineForm({"alt": "", "position": 0}, {"image": jpeg_upload()})
    assert not without_alt.is_valid()
    assert "alt" in without_alt.errors


def test_attachment_form_stores_a_clean_pdf_and_its_size():
    def build(pdf):
        pdf.docinfo["/Author"] = "Budi Santoso"

    form = ArticleAttachmentInlineForm(
        {"title": "Surat edaran"},
        {"file": SimpleUploadedFile("se.pdf", pdf_bytes(build), "application/pdf")},
    )

    assert form.is_valid(), form.errors
    stored = form.instance.file
    assert form.instance.size == len(form.file_fields()["file"].read()) > 0
    assert stored.name.endswith(".pdf")
    assert len(stored.name) == 36  # 32 random hex characters + ".pdf"
    assert b"Budi" not in form.file_fields()["file"].read()


def test_attachment_form_refuses_a_pdf_with_javascript():
    def build(pdf):
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))

    form = ArticleAttachmentInlineForm(
        {"title": "Surat edaran"},
        {"file": SimpleUploadedFile("se.pdf", pdf_bytes(build), "application/pdf")},
    )

    assert not form.is_valid()
    assert "konten aktif" in str(form.errors["file"])
