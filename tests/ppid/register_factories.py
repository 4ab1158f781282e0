"""Register entries for the tests, made as the admin makes them (validated by the model)."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from humas_portal.demo_content import demo_pdf
from ppid.models import EntryStatus, ExemptGround, InformationCategory, InformationEntry


def entry_create(**overrides) -> InformationEntry:
    fields = {
        "title": "Laporan Keuangan Tahun 2025",
        "slug": "laporan-keuangan-2025",
        "summary": "Laporan realisasi anggaran, neraca dan catatan atas laporan keuangan.",
        "category": InformationCategory.PERIODIC,
        "responsible_unit": "Sekretariat",
        "format": "PDF",
        "period": "10 tahun",
        "year": 2025,
        "status": EntryStatus.PUBLISHED,
        **overrides,
    }
    document = fields.pop("document", None)
    entry = InformationEntry(**fields)
    if document is not None:
        entry.document.save("dokumen.pdf", ContentFile(document), save=False)
        entry.document_size = len(document)
    entry.full_clean()
    entry.save()
    return entry


def exempt_entry_create(**overrides) -> InformationEntry:
    return entry_create(
        **{
            "title": "Identitas pelapor dan saksi",
            "slug": "identitas-pelapor-dan-saksi",
            "summary": "Nama dan alamat pelapor dan saksi dalam laporan dugaan pelanggaran.",
            "category": InformationCategory.EXEMPT,
            "exempt_ground": ExemptGround.LAW_ENFORCEMENT,
            "consequence_test_on": date(2025, 3, 12),
            "format": "Berkas penanganan",
            **overrides,
        }
    )


def pdf_bytes(*lines: str) -> bytes:
    return demo_pdf([list(lines) or ["Dokumen uji"]])


def pdf_upload(name: str = "laporan.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or pdf_bytes(), content_type="application/pdf")


def pdf_with_javascript() -> bytes:
    """A PDF that runs a script when opened: pdf_sanitize refuses it."""
    import io

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(pdf_bytes()))
    pdf.Root.OpenAction = pikepdf.Dictionary(
        Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()
