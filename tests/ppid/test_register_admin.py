"""The register's admin: an uploaded PDF goes through the hygiene (refused with active content,
stored cleaned with its size), the exempt rules are shown to staff and refused with a message
on the field, hostile input is a form error, and saving renews the cached pages (the old address
too, when the slug changes)."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from humas_portal.cache_invalidation import page_generation_key
from humas_portal.models import AuditEvent
from ppid.models import EntryStatus, ExemptGround, InformationCategory, InformationEntry
from tests.factories import staff_create
from tests.ppid.register_factories import (
    entry_create,
    pdf_bytes,
    pdf_upload,
    pdf_with_javascript,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

ADD = reverse("admin:ppid_informationentry_add")
CHANGELIST = reverse("admin:ppid_informationentry_changelist")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer():
    """A staff member with the entry's model permissions (the role that holds them is the
    roles table's: humas_portal/roles.py)."""
    user = staff_create("petugas.informasi")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="ppid", codename__endswith="_informationentry"
        )
    )
    return user


@pytest.fixture
def staff(officer) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def form_data(**overrides) -> dict:
    return {
        "title": "Laporan Keuangan Tahun 2025",
        "slug": "laporan-keuangan-2025",
        "category": InformationCategory.PERIODIC,
        "summary": "Laporan realisasi anggaran, neraca dan catatan atas laporan keuangan.",
        "status": EntryStatus.PUBLISHED,
        "responsible_unit": "Sekretariat",
        "format": "PDF",
        "period": "10 tahun",
        "year": "2025",
        "link": "",
        "exempt_ground": "",
        "consequence_test_on": "",
        **overrides,
    }


def errors_of(response) -> dict:
    assert response.status_code == 200, response.status_code
    return response.context["adminform"].form.errors


def test_the_form_tells_staff_the_exempt_rules(staff):
    page = staff.get(ADD).text

    assert "Informasi yang dikecualikan (UU 14/2008 Pasal 17)" in page
    assert "tanggal uji konsekuensi" in page
    assert "tidak pernah isinya" in page
    assert "tanpa nama pelapor, saksi atau data pribadi" in page
    assert 'accept="application/pdf,.pdf"' in page


def test_a_pdf_is_stored_cleaned_with_its_size(staff, officer):
    original = pdf_bytes("Neraca per 31 Desember 2025")

    response = staff.post(ADD, form_data(document=pdf_upload(data=original)))

    assert response.status_code == 302, errors_of(response)
    entry = InformationEntry.objects.get()
    assert entry.document.name.startswith("ppid/documents/")
    assert not entry.document.name.endswith("laporan.pdf")
    stored = entry.document.read()
    assert stored.startswith(b"%PDF-")
    assert entry.document_size == len(stored)
    event = AuditEvent.objects.get(action="ppid_entry.created")
    assert event.actor == officer
    assert event.data["status"] == EntryStatus.PUBLISHED


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf_upload(data=pdf_with_javascript()), "konten aktif"),
        (pdf_upload(name="foto.pdf", data=b"\x89PNG\r\n\x1a\n" + b"0" * 100), "bukan PDF"),
        (pdf_upload(data=b"%PDF-1.7\n rusak"), "rusak"),
    ],
    ids=["javascript", "not-a-pdf", "broken"],
)
def test_a_dangerous_or_broken_pdf_is_refused_and_nothing_stored(staff, upload, message):
    errors = errors_of(staff.post(ADD, form_data(document=upload)))

    assert message in " ".join(errors["document"])
    assert not InformationEntry.objects.exists()


def test_an_exempt_entry_needs_its_ground_and_test_date(staff):
    errors = errors_of(staff.post(ADD, form_data(category=InformationCategory.EXEMPT)))

    assert errors["exempt_ground"] == ["Informasi yang dikecualikan wajib menyebut dasarnya."]
    assert "uji konsekuensi" in errors["consequence_test_on"][0]
    assert not InformationEntry.objects.exists()


def test_an_exempt_entry_refuses_a_document_and_a_link(staff):
    errors = errors_of(
        staff.post(
            ADD,
            form_data(
                category=InformationCategory.EXEMPT,
                exempt_ground=ExemptGround.PRIVACY,
                consequence_test_on="12/03/2025",
                document=pdf_upload(),
                link="/edukasi/",
            ),
        )
    )

    assert errors["document"] == ["Isi informasi yang dikecualikan tidak boleh diunggah."]
    assert errors["link"] == ["Informasi yang dikecualikan tidak boleh ditautkan."]
    assert not InformationEntry.objects.exists()


def test_a_published_entry_turned_exempt_must_lose_its_document(staff):
    entry = entry_create(document=pdf_bytes())
    change = reverse("admin:ppid_informationentry_change", args=[entry.pk])
    exempt = form_data(
        category=InformationCategory.EXEMPT,
        exempt_ground=ExemptGround.PRIVACY,
        consequence_test_on="12/03/2025",
    )

    refused = errors_of(staff.post(change, exempt))
    cleared = staff.post(change, {**exempt, "document-clear": "on"})

    assert "document" in refused
    assert cleared.status_code == 302, errors_of(cleared)
    entry.refresh_from_db()
    assert entry.is_exempt
    assert not entry.document
    assert entry.document_size is None
    assert entry.consequence_test_on == date(2025, 3, 12)


def test_a_ground_on_an_entry_that_is_not_exempt_is_refused(staff):
    errors = errors_of(
        staff.post(
            ADD, form_data(exempt_ground=ExemptGround.PRIVACY, consequence_test_on="12/03/2025")
        )
    )

    assert "exempt_ground" in errors
    assert "consequence_test_on" in errors


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "x" * 251}, "title"),
        ({"summary": "x" * 1001}, "summary"),
        ({"slug": "permohonan"}, "slug"),
        ({"slug": "laporan"}, "slug"),
        ({"slug": "bukan slug!"}, "slug"),
        ({"category": "rahasia"}, "category"),
        ({"exempt_ground": "17z"}, "exempt_ground"),
        ({"year": "dua ribu"}, "year"),
        ({"year": "-1"}, "year"),
        ({"year": "99999999999"}, "year"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "http://tidak-aman.example/"}, "link"),
        ({"link": "https://ada spasi.example/"}, "link"),
        ({"status": "terbit"}, "status"),
        ({"responsible_unit": ""}, "responsible_unit"),
    ],
)
def test_hostile_input_is_a_form_error_never_a_500(staff, overrides, field):
    errors = errors_of(staff.post(ADD, form_data(**overrides)))

    assert field in errors
    assert not InformationEntry.objects.exists()


def test_a_second_entry_with_the_same_slug_is_refused(staff):
    entry_create()

    errors = errors_of(staff.post(ADD, form_data(title="Lain")))

    assert "slug" in errors
    assert InformationEntry.objects.count() == 1


def test_without_the_permission_nothing_is_saved():
    client = Client()
    client.force_login(staff_create("redaksi"))

    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form_data()).status_code == 403
    assert not InformationEntry.objects.exists()


def test_the_list_filters_by_category_and_shows_the_ground(staff):
    entry_create(document=pdf_bytes())
    entry_create(
        title="Data pribadi pengawas ad hoc",
        slug="data-pribadi",
        category=InformationCategory.EXEMPT,
        exempt_ground=ExemptGround.PRIVACY,
        consequence_test_on=date(2025, 3, 12),
    )

    page = staff.get(CHANGELIST + "?category__exact=dikecualikan").text

    assert "Data pribadi pengawas ad hoc" in page
    assert "Laporan Keuangan Tahun 2025" not in page
    assert "Pasal 17 huruf h" in page


def test_saving_renews_the_cached_pages_the_old_address_too(
    staff, django_capture_on_commit_callbacks
):
    entry = entry_create(slug="nama-lama")
    pages = [
        "/informasi-publik/",
        "/informasi-publik/nama-lama/",
        "/informasi-publik/nama-baru/",
        reverse("sitemap"),
        "/sitemap-informasi-publik.xml",
        reverse("search"),
    ]
    cache.set_many({page_generation_key(path): "lama" for path in pages})
    change = reverse("admin:ppid_informationentry_change", args=[entry.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(change, form_data(slug="nama-baru", title="Judul baru"))

    assert response.status_code == 302, errors_of(response)
    assert all(cache.get(page_generation_key(path)) != "lama" for path in pages)


def test_a_published_change_shows_on_the_cached_register_at_once(
    staff, client, django_capture_on_commit_callbacks
):
    entry = entry_create()
    assert "Laporan Keuangan Tahun 2025" in client.get("/informasi-publik/").text
    change = reverse("admin:ppid_informationentry_change", args=[entry.pk])

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(change, form_data(status=EntryStatus.DRAFT))

    assert "Laporan Keuangan Tahun 2025" not in client.get("/informasi-publik/").text
    assert client.get(entry.get_absolute_url()).status_code == 404
