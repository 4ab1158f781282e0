"""Browser test of the newsroom: a Redaksi writer writes an article in the rich-text editor and
submits it, the Pemimpin Redaksi publishes it, and the public pages show it (Open Graph tags,
axe-core). Runs in the system Chromium against the live server (tests/conftest.py)."""

import re

import pytest
from PIL import Image

from humas_portal.roles import CHIEF_EDITOR, EDITOR
from news.models import Article, ArticleStatus
from tests.browser.test_smoke import serious_violations, watch
from tests.factories import PASSWORD, staff_create
from tests.news.factories import category_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Bawaslu Jember Gelar Patroli Pengawasan Masa Tenang"
SLUG = "bawaslu-jember-gelar-patroli-pengawasan-masa-tenang"
LEAD = "Pengawas menyisir alat peraga kampanye yang masih terpasang di 31 kecamatan."
BODY = "Patroli dimulai pukul 07.00 dari kantor Bawaslu Kabupaten Jember."


@pytest.fixture
def newsroom(office):
    category_create("Pengawasan")
    return staff_create("penulis", role=EDITOR), staff_create("pemred", role=CHIEF_EDITOR)


@pytest.fixture
def cover(tmp_path):
    path = tmp_path / "patroli.jpg"
    Image.new("RGB", (1200, 675), (138, 17, 22)).save(path, "JPEG")
    return path


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    assert page.url == live_server.url + "/admin/"


def page_errors(seen) -> list[str]:
    """Console errors, but for the favicon the admin does not link (the browser asks anyway)."""
    return [error for error in seen.console_errors if "/favicon.ico" not in error]


def success_messages(page) -> list[str]:
    return page.locator(".messagelist .success").all_inner_texts()


def test_writer_submits_chief_publishes_public_page_shows_it(browser, live_server, newsroom, cover):
    # --- The writer, in the editor ---
    writer_page = browser.new_context().new_page()
    seen = watch(writer_page)
    log_in(writer_page, live_server, "penulis")
    writer_page.goto(live_server.url + "/admin/news/article/add/")

    editor = writer_page.locator(".ProseMirror[contenteditable=true]")
    editor.wait_for()  # the editor's modules loaded through the import map, under the CSP
    writer_page.locator("#id_title").press_sequentially(TITLE)
    assert writer_page.input_value("#id_slug") == SLUG  # prefilled from the title
    writer_page.select_option("#id_category", label="Pengawasan")
    writer_page.fill("#id_lead", LEAD)
    editor.click()
    writer_page.keyboard.type(BODY)
    writer_page.keyboard.press("Enter")
    writer_page.keyboard.press("Control+b")
    writer_page.keyboard.type("Warga dapat melapor.")
    writer_page.set_input_files("#id_cover", str(cover))
    writer_page.fill("#id_cover_alt", "Pengawas mencopot alat peraga kampanye di tepi jalan")
    with writer_page.expect_navigation():
        writer_page.get_by_role("button", name="Simpan lalu ajukan untuk ditinjau").click()

    assert "1 artikel diajukan untuk ditinjau." in success_messages(writer_page)
    article = Article.objects.get(slug=SLUG)
    assert (article.status, article.author.username) == (ArticleStatus.REVIEW, "penulis")
    assert article.body == "<p>%s</p><p><strong>Warga dapat melapor.</strong></p>" % BODY
    assert article.cover_width == 1200
    # Not public yet.
    assert writer_page.goto(live_server.url + "/berita/%s/" % SLUG).status == 404
    # A CSP violation (the import map or anything else refused) would be a console error.
    assert [error for error in page_errors(seen) if "/berita/%s/" % SLUG not in error] == []
    assert seen.foreign_requests() == []

    # --- The chief editor, from the list ---
    chief_page = browser.new_context().new_page()
    seen = watch(chief_page)
    log_in(chief_page, live_server, "pemred")
    chief_page.goto(live_server.url + "/admin/news/article/?status__exact=review")
    chief_page.check('input[name="_selected_action"][value="%d"]' % article.pk)
    chief_page.select_option('select[name="action"]', "publish")
    with chief_page.expect_navigation():
        chief_page.locator('button[name="index"]').click()

    assert "1 artikel diterbitkan." in success_messages(chief_page)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert page_errors(seen) == []

    # --- The public ---
    public_page = browser.new_context().new_page()
    seen = watch(public_page)
    response = public_page.goto(live_server.url + "/berita/%s/" % SLUG)

    assert response.status == 200
    assert public_page.locator("h1").inner_text() == TITLE
    assert "Warga dapat melapor." in public_page.locator("main").inner_text()

    def meta(name: str) -> str:
        return public_page.locator('meta[property="%s"]' % name).get_attribute("content")

    assert meta("og:title") == TITLE
    assert meta("og:type") == "article"
    assert meta("og:description") == LEAD
    assert meta("og:url").endswith("/berita/%s/" % SLUG)
    assert re.search(r"/media/news/covers/[0-9a-f]{32}\.jpg$", meta("og:image"))
    assert meta("og:image:alt") == "Pengawas mencopot alat peraga kampanye di tepi jalan"
    assert serious_violations(public_page) == []

    response = public_page.goto(live_server.url + "/berita/")
    assert response.status == 200
    assert public_page.get_by_role("link", name=TITLE).count() >= 1
    assert serious_violations(public_page) == []

    assert page_errors(seen) == []
    assert seen.foreign_requests() == []
