"""The register in the portal: the demo register, the navigation, the search, the sitemap and
the home page's link."""

from io import StringIO

import pikepdf
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from humas_portal.navigation import nav_entries
from ppid.demo_register import ENTRIES, seed_register
from ppid.models import EntryStatus, ExemptGround, InformationCategory, InformationEntry
from ppid.register_selectors import entry_search_public
from tests.ppid.register_factories import entry_create, exempt_entry_create
from tests.sitemap_reader import sitemap_entries, sitemap_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

INDEX = reverse("ppid:index")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- Demo -------------------------------------------------------------------------------


def test_the_demo_register_covers_every_category_and_runs_twice_unchanged():
    seed_register()
    first = list(InformationEntry.objects.order_by("slug").values_list("slug", "document"))
    seed_register()

    assert list(InformationEntry.objects.order_by("slug").values_list("slug", "document")) == first
    public = InformationEntry.objects.public()
    assert public.count() >= 20
    assert len(first) == len(ENTRIES)
    for category in InformationCategory:
        assert public.filter(category=category).count() >= 3, category
    exempt = {entry.slug: entry.exempt_ground for entry in public.filter(category="dikecualikan")}
    assert exempt["identitas-pelapor-dan-saksi"] == ExemptGround.LAW_ENFORCEMENT
    assert exempt["data-pribadi-pengawas-ad-hoc"] == ExemptGround.PRIVACY
    assert exempt["berkas-penanganan-yang-berproses"] == ExemptGround.LAW_ENFORCEMENT
    assert InformationEntry.objects.filter(status=EntryStatus.DRAFT).exists()


def test_the_demo_documents_are_clean_pdfs_and_its_portal_links_resolve():
    seed_register()

    documents = InformationEntry.objects.exclude(document="")
    assert documents.count() >= 8
    for entry in documents:
        data = entry.document.read()
        assert entry.document_size == len(data)
        with pikepdf.open(entry.document.path) as pdf:
            assert "/Info" not in pdf.trailer
            assert len(pdf.pages) >= 1
    service_pages = {INDEX + "laporan/"}
    for entry in InformationEntry.objects.filter(link__startswith="/"):
        if entry.link in service_pages:
            # The annual report's page is the report part's (ppid/report_urls.py).
            continue
        resolve(entry.link)


def test_seed_demo_loads_the_register(client):
    call_command("seed_demo", stdout=StringIO())

    page = client.get(INDEX).text
    assert "Identitas pelapor dan saksi dalam penanganan pelanggaran" in page
    assert "Rencana Strategis Bawaslu Kabupaten Jember 2025-2029" in page


# --- Navigation, home -------------------------------------------------------------------


def test_the_navigation_has_the_section_marked_current_on_its_pages(client):
    entry = entry_create()

    assert [e.label for e in nav_entries()][-1] == "Informasi Publik"
    for url in (INDEX, entry.get_absolute_url()):
        page = client.get(url).text
        assert 'href="%s" aria-current="page">Informasi Publik</a>' % INDEX in page


def test_the_home_page_links_the_register_and_the_request_desk_without_a_query(client):
    from humas_portal.home import home_sections

    section = next(section for section in home_sections() if section.name == "ppid")
    with CaptureQueriesContext(connection) as captured:
        context = section.selector()
    assert len(captured) == 0

    page = client.get(reverse("home")).text
    assert 'href="%s">Daftar informasi publik</a>' % INDEX in page
    assert 'href="%spermohonan/">Ajukan permohonan informasi</a>' % INDEX in page
    assert context["index_url"] == INDEX
    assert page.index('class="ppid-home"') < page.index('class="about"')


# --- Search -----------------------------------------------------------------------------


def test_the_search_finds_published_entries_and_never_drafts(client):
    entry_create(title="Laporan Keuangan Tahun 2025", summary="Neraca dan realisasi anggaran.")
    entry_create(
        title="Neraca draf", slug="neraca-draf", summary="Neraca.", status=EntryStatus.DRAFT
    )
    exempt_entry_create()

    hits = entry_search_public("neraca", 10)
    exempt_hits = entry_search_public("pelapor", 10)

    assert [hit.title for hit in hits] == ["Laporan Keuangan Tahun 2025"]
    assert hits[0].url == "/informasi-publik/laporan-keuangan-2025/"
    assert hits[0].section == "Informasi Publik · Informasi berkala · 2025"
    assert [hit.url for hit in exempt_hits] == ["/informasi-publik/identitas-pelapor-dan-saksi/"]
    page = client.get(reverse("search") + "?q=neraca").text
    assert 'href="/informasi-publik/laporan-keuangan-2025/"' in page
    assert "Neraca draf" not in page


def test_the_search_offers_the_service_by_its_keywords(client):
    page = client.get(reverse("search") + "?q=ppid").text
    assert 'href="%s"' % INDEX in page
    assert "Layanan Informasi Publik (PPID)" in page


@pytest.mark.parametrize("query", ["'\"); DROP TABLE x; --", "a & | ! <> :*", "x" * 100, "\u0000"])
def test_the_search_survives_hostile_queries(client, query):
    entry_create()
    assert isinstance(entry_search_public(query.replace("\u0000", ""), 10), list)
    assert client.get(reverse("search"), {"q": query}).status_code in (200, 400)


# --- Sitemap ----------------------------------------------------------------------------


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_sitemap_lists_the_register_and_its_published_entries(client, settings):
    entry = entry_create()
    exempt = exempt_entry_create()
    entry_create(title="Draf", slug="draf", status=EntryStatus.DRAFT)

    urls = sitemap_entries(client)

    base = settings.PORTAL_BASE_URL
    assert base + INDEX in urls
    assert base + entry.get_absolute_url() in urls
    assert base + exempt.get_absolute_url() in urls
    assert base + "/informasi-publik/draf/" not in urls
    assert any("/sitemap-informasi-publik.xml" in page for page in sitemap_index(client))


def test_reserved_words_are_no_entry_address():
    for word in ("permohonan", "lacak", "laporan", "unduh", "keberatan"):
        entry = InformationEntry(slug=word)
        with pytest.raises(Exception, match="dipakai oleh alamat lain"):
            entry.full_clean(exclude=["title", "summary", "category", "responsible_unit",
                                      "format", "period", "year"])  # fmt: skip
    with pytest.raises(Resolver404):
        resolve(INDEX + "unduh/lain.csv")
