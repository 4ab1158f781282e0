"""The register of public information (issue 17, item 1): the register with its filters by
category and year (a GET form, no JavaScript), each entry's page, exempt entries showing their
ground and consequence test but never content, the CSV, hostile filter values, and the number
of queries, which does not grow with the register."""

import csv
import io
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ppid.models import EntryStatus, ExemptGround, InformationCategory, InformationEntry
from tests.ppid.register_factories import entry_create, exempt_entry_create, pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

INDEX = reverse("ppid:index")
CSV = reverse("ppid:register_csv")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def register() -> dict[str, InformationEntry]:
    """One entry of each kind: a periodic PDF of 2025, an immediate one linking a portal page
    (2026), an any-time one with an external link (2026), one with neither, an exempt one
    (2025), and a draft."""
    return {
        "document": entry_create(document=pdf_bytes("Neraca 2025")),
        "immediate": entry_create(
            title="Peringatan dini kerawanan pemilu",
            slug="peringatan-dini",
            category=InformationCategory.IMMEDIATE,
            year=2026,
            link="/edukasi/",
            format="Laman portal",
        ),
        "external": entry_create(
            title="Regulasi pengawasan",
            slug="regulasi-pengawasan",
            category=InformationCategory.ANY_TIME,
            year=2026,
            link="https://jdih.bawaslu.go.id/",
        ),
        "on_request": entry_create(
            title="Notulen rapat koordinasi",
            slug="notulen-rapat",
            category=InformationCategory.ANY_TIME,
            year=2026,
        ),
        "exempt": exempt_entry_create(),
        "draft": entry_create(
            title="Laporan kinerja draf", slug="laporan-kinerja-draf", status=EntryStatus.DRAFT
        ),
    }


# --- The register -----------------------------------------------------------------------


def test_the_register_lists_published_entries_in_the_order_of_the_law(client, register):
    response = client.get(INDEX)

    assert response.status_code == 200
    page = response.text
    assert "Laporan kinerja draf" not in page
    headings = [
        InformationCategory.PERIODIC.label,
        InformationCategory.IMMEDIATE.label,
        InformationCategory.ANY_TIME.label,
        InformationCategory.EXEMPT.label,
    ]
    positions = [page.index('<h3 class="ppid-group__title">%s</h3>' % label) for label in headings]
    assert positions == sorted(positions)
    assert "5 informasi" in page
    # The exempt row names its ground, never a document.
    row_start = page.index(register["exempt"].get_absolute_url())
    exempt_row = page[row_start : page.index("</li>", row_start)]
    assert "Dikecualikan" in exempt_row
    assert "Pasal 17 huruf a" in exempt_row
    assert "PDF" not in exempt_row


def test_the_register_introduces_the_service_and_links_its_other_pages(client, register):
    page = client.get(INDEX).text

    for label in ("Informasi berkala", "Informasi serta-merta", "Informasi yang dikecualikan"):
        assert "<dt>%s</dt>" % label in page
    for path in ("permohonan/", "lacak/", "laporan/"):
        assert 'href="%s%s"' % (INDEX, path) in page
    assert 'href="%s"' % CSV in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?kategori=berkala", ["laporan-keuangan-2025"], ["peringatan-dini", "notulen-rapat"]),
        ("?kategori=serta-merta", ["peringatan-dini"], ["laporan-keuangan-2025"]),
        ("?kategori=setiap-saat", ["regulasi-pengawasan", "notulen-rapat"], ["peringatan-dini"]),
        ("?kategori=dikecualikan", ["identitas-pelapor-dan-saksi"], ["notulen-rapat"]),
        ("?tahun=2025", ["laporan-keuangan-2025", "identitas-pelapor"], ["peringatan-dini"]),
        ("?kategori=setiap-saat&tahun=2026", ["notulen-rapat"], ["laporan-keuangan-2025"]),
        ("?kategori=serta-merta&tahun=2025", [], ["peringatan-dini", "laporan-keuangan"]),
    ],
)
def test_filters_by_category_and_year(client, register, query, shown, hidden):
    response = client.get(INDEX + query)

    assert response.status_code == 200
    for slug in shown:
        assert "/informasi-publik/%s" % slug in response.text
    for slug in hidden:
        assert "/informasi-publik/%s" % slug not in response.text
    if not shown:
        assert "Belum ada informasi yang cocok dengan pilihan ini." in response.text
    assert "Hapus saringan" in response.text


def test_the_filter_form_is_a_plain_get_form_with_the_choice_kept(client, register):
    page = client.get(INDEX + "?kategori=dikecualikan&tahun=2025").text

    assert '<form class="news-filter" method="get" action="%s"' % INDEX in page
    assert '<option value="dikecualikan" selected>' in page
    assert '<option value="2025" selected>' in page
    # Only the years the register covers, newest first.
    start = page.index('id="filter-year"')
    years = page[start : page.index("</select>", start)]
    assert years.index('value="2026"') < years.index('value="2025"')
    assert 'value="2024"' not in years


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        # The form as sent with "all" chosen.
        ("?kategori=&tahun=", ""),
        ("?kategori=berkala&tahun=", "?kategori=berkala"),
        ("?tahun=2025&kategori=berkala", "?kategori=berkala&tahun=2025"),
        ("?kategori=berkala&kategori=berkala", "?kategori=berkala"),
        ("?halaman=1", ""),
        ("?halaman=abc", ""),
        ("?halaman=99999", ""),
        ("?halaman=-1", ""),
    ],
)
def test_a_result_has_one_address(client, register, query, canonical):
    response = client.get(INDEX + query)

    assert response.status_code == 301
    assert response["Location"] == INDEX + canonical


@pytest.mark.parametrize(
    "query",
    [
        "?kategori=rahasia",
        "?kategori=<script>alert(1)</script>",
        "?kategori=berkala%00",
        "?kategori=" + "x" * 5000,
        "?kategori=serta_merta",
        "?tahun=dua-ribu",
        "?tahun=1999",
        "?tahun=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95",  # 2025 in full-width digits
        "?tahun=99999999999999999999999",
        "?tahun=-2025",
        "?tahun=2025.0",
    ],
)
def test_an_unknown_filter_value_is_a_clear_404_never_a_500(client, register, query):
    response = client.get(INDEX + query)

    assert response.status_code == 404
    assert "Pilihan tidak dikenal" in response.text
    assert "<script>alert" not in response.text
    assert 'href="%s"' % INDEX in response.text


def test_other_parameters_are_ignored(client, register):
    response = client.get(INDEX + "?utm_source=wa&q=apa")
    assert response.status_code == 200


def test_the_register_pages_when_more_than_one_page(client):
    for n in range(55):
        entry_create(title="Informasi %02d" % n, slug="informasi-%02d" % n, year=2026)

    first = client.get(INDEX)
    second = client.get(INDEX + "?halaman=2")

    assert "55 informasi" in first.text
    assert "Halaman 1 dari 2" in first.text
    assert "/informasi-publik/informasi-54/" not in first.text
    assert "/informasi-publik/informasi-54/" in second.text


# --- An entry's page --------------------------------------------------------------------


def test_an_entry_with_a_document_offers_it_with_its_size(client, register):
    entry = register["document"]
    page = client.get(entry.get_absolute_url()).text

    assert 'href="%s"' % entry.document.url in page
    assert "Unduh dokumen (PDF)" in page
    assert "PDF, %d" % entry.document_size in page.replace("\xa0", " ")
    assert entry.responsible_unit in page
    assert '<link rel="canonical" href="http' in page


def test_an_entry_with_a_link_offers_it(client, register):
    portal = client.get(register["immediate"].get_absolute_url()).text
    external = client.get(register["external"].get_absolute_url()).text

    assert 'href="/edukasi/">Buka halamannya di portal ini' in portal
    assert 'href="https://jdih.bawaslu.go.id/" rel="noopener">' in external


def test_an_entry_without_document_or_link_leads_to_the_request_form(client, register):
    page = client.get(register["on_request"].get_absolute_url()).text

    assert "diberikan atas permohonan" in page
    assert 'href="%spermohonan/"' % INDEX in page


def test_an_exempt_entry_shows_its_ground_and_test_date_never_content(client, register):
    entry = register["exempt"]
    page = client.get(entry.get_absolute_url()).text

    assert str(ExemptGround.LAW_ENFORCEMENT.label) in page
    assert '<time datetime="2025-03-12">12 Maret 2025</time>' in page
    assert "Unduh dokumen" not in page
    assert "/media/" not in page
    assert "Dapatkan informasi ini" not in page


def test_an_exempt_entry_can_hold_no_document_or_link_whatever_the_route(register):
    """The pages trust the database: an exempt row with content cannot exist."""
    exempt = register["exempt"]
    for content in ({"document": "ppid/documents/isi.pdf"}, {"link": "https://contoh.id/"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            InformationEntry.objects.filter(pk=exempt.pk).update(**content)


@pytest.mark.parametrize("slug", ["laporan-kinerja-draf", "tidak-ada", "permohonan-x"])
def test_a_draft_or_unknown_entry_is_not_found(client, register, slug):
    assert client.get(reverse("ppid:entry", kwargs={"slug": slug})).status_code == 404


def test_a_hostile_slug_is_not_found(client, register):
    assert client.get(INDEX + "%3Cscript%3E/").status_code == 404
    assert client.get(INDEX + ("a" * 3000) + "/").status_code == 404


# --- CSV --------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_csv_holds_every_published_entry_and_no_draft(client, register):
    response = client.get(CSV)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="daftar-informasi-publik.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:3] == ["Judul", "Kategori", "Ringkasan"]
    titles = [row[0] for row in rows]
    assert len(rows) == 5
    assert "Laporan kinerja draf" not in titles
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    exempt = by_title["Identitas pelapor dan saksi"]
    assert exempt["Dasar pengecualian"] == str(ExemptGround.LAW_ENFORCEMENT.label)
    assert exempt["Tanggal uji konsekuensi"] == "2025-03-12"
    assert exempt["Dokumen"] == exempt["Tautan"] == ""
    document = by_title["Laporan Keuangan Tahun 2025"]
    assert document["Dokumen"].endswith(register["document"].document.url)
    assert document["Halaman"].endswith("/informasi-publik/laporan-keuangan-2025/")
    assert by_title["Peringatan dini kerawanan pemilu"]["Tautan"].endswith("/edukasi/")


def test_the_csv_is_safe_to_open_in_a_spreadsheet(client):
    entry_create(
        title='=HYPERLINK("https://jahat.example","klik")',
        slug="formula",
        summary="+62 811 0000",
        responsible_unit="@Sekretariat",
        format="-PDF",
    )

    _header, row = csv_rows(client.get(CSV))

    assert row[0] == '\'=HYPERLINK("https://jahat.example","klik")'
    assert row[2] == "'+62 811 0000"
    assert row[3] == "'@Sekretariat"
    assert row[4] == "'-PDF"


# --- Queries ----------------------------------------------------------------------------


def _bulk_register(count: int) -> None:
    categories = list(InformationCategory)
    entries = []
    for n in range(count):
        category = categories[n % len(categories)]
        exempt = category == InformationCategory.EXEMPT
        entries.append(
            InformationEntry(
                title="Informasi %d" % n,
                slug="informasi-%d" % n,
                summary="Ringkasan.",
                category=category,
                responsible_unit="Sekretariat",
                format="PDF",
                period="5 tahun",
                year=2020 + n % 7,
                document="" if exempt else "ppid/documents/dokumen-%d.pdf" % n,
                document_size=None if exempt else 1000,
                exempt_ground=ExemptGround.PRIVACY if exempt else "",
                consequence_test_on=date(2025, 1, 2) if exempt else None,
                status=EntryStatus.PUBLISHED if n % 10 else EntryStatus.DRAFT,
            )
        )
    InformationEntry.objects.bulk_create(entries)


BUDGETS = {
    # The years of the filter, the count, the page.
    INDEX: 3,
    INDEX + "?kategori=dikecualikan&tahun=2023": 3,
    INDEX + "?halaman=2": 3,
    # The entry.
    "/informasi-publik/informasi-1/": 1,
    "/informasi-publik/informasi-3/": 1,
    # The entries.
    CSV: 1,
}


def queries_of(client, url: str) -> list[str]:
    # The first request fills what a running site keeps (the office profile).
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize("count", [12, 400])
@pytest.mark.parametrize("url", list(BUDGETS))
def test_the_pages_cost_the_same_whatever_the_size_of_the_register(client, count, url):
    _bulk_register(count)
    if url.endswith("halaman=2") and count < 100:
        # A small register has one page: measure the first.
        url = INDEX
    queries = queries_of(client, url)
    assert len(queries) == BUDGETS[url], queries


@pytest.mark.parametrize(
    "url",
    [INDEX, INDEX + "?kategori=berkala&tahun=2025", "/informasi-publik/laporan-keuangan-2025/"],
)
def test_a_cached_register_page_costs_no_query(client, register, url):
    first = client.get(url)
    with CaptureQueriesContext(connection) as captured:
        second = client.get(url)

    assert len(captured) == 0
    assert second.content == first.content
    assert "public" in second["Cache-Control"]


def test_an_unknown_choice_is_never_cached(client, register):
    client.get(INDEX + "?kategori=rahasia")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(INDEX + "?kategori=rahasia").status_code == 404
    assert len(captured) > 0
