"""Browser test of the public news pages at phone width: layout, axe-core, images, copy link."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from playwright.sync_api import expect

from news.models import ArticleKind, Verdict
from tests.browser.test_smoke import horizontal_overflow, serious_violations, watch
from tests.news.factories import category_create, published_article_create, tag_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
WIDE_TABLE = "<table><tr>%s</tr></table>" % "".join(
    "<td>Kecamatan%dSumbersariKaliwates</td>" % number for number in range(12)
)


def jpeg(width: int, height: int) -> ContentFile:
    output = BytesIO()
    Image.new("RGB", (width, height), (138, 17, 22)).save(output, "JPEG")
    return ContentFile(output.getvalue())


@pytest.fixture
def cover():
    """A cover in its two widths, written to the media storage and removed afterwards."""
    names = [
        default_storage.save("news/covers/uji-browser.jpg", jpeg(1280, 720)),
        default_storage.save("news/covers/uji-browser-640.jpg", jpeg(640, 360)),
    ]
    yield names
    for name in names:
        default_storage.delete(name)


@pytest.fixture
def articles(office, cover):
    category = category_create("Pengawasan")
    tag = tag_create("Pilkada 2024")
    large, small = cover
    news = published_article_create(
        title="Bawaslu Jember Awasi Distribusi Logistik ke 31 Kecamatan",
        category=category,
        body="<h2>Temuan</h2><p>Pengawas mencatat jumlah kotak suara.</p>" + WIDE_TABLE,
        cover=large,
        cover_small=small,
        cover_width=1280,
        cover_height=720,
        cover_alt="Petugas memeriksa kotak suara di gudang logistik",
        cover_credit="Humas Bawaslu Jember",
    )
    news.tags.add(tag)
    hoax = published_article_create(
        title="Klarifikasi: Pemilih Tanpa KTP-el Tidak Bisa Mencoblos",
        category=category,
        kind=ArticleKind.HOAX_CLARIFICATION,
        lead="Pemilih terdaftar di DPT dapat mencoblos dengan KTP-el atau identitas lain.",
        claim="Pesan berantai menyebut pemilih tanpa KTP-el dilarang mencoblos.",
        verdict=Verdict.MISLEADING,
        evidence="Peraturan KPU mengatur identitas lain yang sah.",
        sources="https://jdih.kpu.go.id/\nKeterangan KPU Kabupaten Jember",
    )
    for number in range(4):
        published_article_create(title="Sosialisasi Pengawasan Partisipatif %d" % number)
    return news, hoax


def open_page(page, url: str, width: int = 375):
    page.set_viewport_size({**PHONE, "width": width})
    seen = watch(page)
    response = page.goto(url)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width, "horizontal scroll at %d px" % width
    assert serious_violations(page) == []
    return seen


def test_list_page(page, live_server, articles):
    seen = open_page(page, live_server.url + "/berita/")

    assert page.locator(".news-card").count() == 6
    first = page.locator(".news-card__image").first
    assert first.evaluate("img => img.currentSrc").endswith("-640.jpg")  # srcset at 375 px
    # The filters work without JavaScript: a plain GET form.
    page.select_option("#filter-kind", "klarifikasi-hoaks")
    with page.expect_navigation():
        page.get_by_role("button", name="Terapkan").click()
    assert page.url.endswith("/berita/?jenis=klarifikasi-hoaks&tahun=")
    assert page.locator(".news-card").count() == 1
    assert serious_violations(page) == []
    assert seen.console_errors == []
    assert seen.foreign_requests() == []


@pytest.mark.parametrize("width", [320, 375])
def test_article_page(page, live_server, articles, width):
    news, _hoax = articles
    seen = open_page(page, live_server.url + "/berita/%s/" % news.slug, width)

    og_title = page.locator('meta[property="og:title"]').get_attribute("content")
    assert og_title == news.title
    region = page.locator(".prose .table-scroll")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # scrolls inside, not the page
    cover = page.locator(".article__cover-image")
    assert cover.evaluate("img => img.complete && img.currentSrc").endswith("-640.jpg")
    assert seen.console_errors == []
    assert seen.foreign_requests() == []
    assert live_server.url + "/static/js/share.js" in seen.requests


def test_hoax_clarification_page(page, live_server, articles):
    _news, hoax = articles
    seen = open_page(page, live_server.url + "/berita/%s/" % hoax.slug)

    assert page.locator(".verdict").inner_text() == "MENYESATKAN"
    assert page.get_by_role("link", name="Laporkan hoaks lewat WhatsApp").is_visible()
    assert seen.console_errors == []


def test_copy_link(new_context, live_server, articles):
    news, _hoax = articles
    url = live_server.url + "/berita/%s/" % news.slug
    context = new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url)

    button = page.get_by_role("button", name="Salin tautan")
    button.click()
    expect(page.locator(".copy-link__status")).to_have_text("Tautan disalin.")
    assert page.evaluate("navigator.clipboard.readText()").endswith("/berita/%s/" % news.slug)


def test_without_javascript_the_link_is_still_there(new_context, live_server, articles):
    news, _hoax = articles
    context = new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/berita/%s/" % news.slug)

    field = page.get_by_label("Tautan artikel")
    assert field.is_visible()
    assert field.input_value().endswith("/berita/%s/" % news.slug)
    assert page.locator(".copy-link__button").is_hidden()
    assert page.get_by_role("link", name="WhatsApp", exact=True).is_visible()
