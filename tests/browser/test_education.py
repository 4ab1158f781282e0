"""Browser tests of the public education pages: the video facade asks nothing of another origin
until play is pressed, no page scrolls sideways at 320 px, every control is reached by Tab with
a visible focus, the filters work without JavaScript, and an item prints as its text."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from education.models import ContentLanguage, ItemFormat
from tests.browser.test_smoke import (
    horizontal_overflow,
    keyboard_problems,
    serious_violations,
    watch,
)
from tests.education.factories import public_item_create, segment_create, theme_create
from tests.factories import staff_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 800}
PLAYER = "https://www.youtube-nocookie.com/"
YOUTUBE_ID = "dQw4w9WgXcQ"
LONG_WORD = "Pengawasanpartisipatifmasyarakatdesa" * 3


def image_file(width: int, height: int, kind: str = "JPEG") -> ContentFile:
    output = BytesIO()
    Image.new("RGB", (width, height), (138, 17, 22)).save(output, kind)
    return ContentFile(output.getvalue())


@pytest.fixture
def media_files():
    """The files the pages show, in the media storage, removed afterwards."""
    names = {
        "thumbnail": default_storage.save(
            "education/images/uji-cuplikan.jpg", image_file(1280, 720)
        ),
        "infographic": default_storage.save(
            "education/images/uji-infografis.png", image_file(1080, 1350, "PNG")
        ),
        "document": default_storage.save(
            "education/documents/uji-panduan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")
        ),
    }
    yield names
    for name in names.values():
        default_storage.delete(name)


@pytest.fixture
def catalogue(office, media_files) -> dict:
    author = staff_create("penulis-edukasi")
    segment = segment_create("Penyandang Disabilitas")
    segment_create("Pemilih Pemula")
    theme = theme_create("Hak Pilih")
    common = {"segments": [segment], "themes": [theme], "author": author}
    article = public_item_create(
        title="Hak Pilih Penyandang Disabilitas",
        body="<p>%s</p><table><tr>%s</tr></table>"
        % (LONG_WORD, "".join("<td>KecamatanSumbersari%d</td>" % n for n in range(10))),
        **common,
    )
    items = {
        "article": article,
        "infographic": public_item_create(
            item_format=ItemFormat.INFOGRAPHIC,
            title="Infografis TPS Ramah Disabilitas",
            image=media_files["infographic"],
            image_small="",
            **common,
        ),
        "video": public_item_create(
            item_format=ItemFormat.VIDEO,
            title="Video Cara Mencoblos",
            image=media_files["thumbnail"],
            youtube_id=YOUTUBE_ID,
            **common,
        ),
        "document": public_item_create(
            item_format=ItemFormat.DOCUMENT,
            title="Panduan Pemilih Disabilitas",
            document=media_files["document"],
            **common,
        ),
        "javanese": public_item_create(
            title="Hak Milih Kanggo Difabel",
            version_of=article,
            language=ContentLanguage.JAVANESE,
            **common,
        ),
    }
    return {"segment": segment, "items": items}


def pages_of(catalogue: dict) -> dict[str, str]:
    item = lambda name: reverse(  # noqa: E731
        "education:item_detail", kwargs={"slug": catalogue["items"][name].slug}
    )
    return {
        "list": reverse("education:item_list"),
        "segment": reverse("education:segment", kwargs={"slug": catalogue["segment"].slug}),
        **{name: item(name) for name in catalogue["items"]},
    }


def test_the_video_facade_asks_nothing_of_another_origin_until_play_is_pressed(
    page, live_server, catalogue
):
    page.set_viewport_size(NARROW)
    seen = watch(page)
    # The player's origin answers from here: the test needs no network, and its requests are
    # still seen by page.on("request").
    page.route(
        PLAYER + "**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><title>Pemutar</title>"
        ),
    )
    page.goto(live_server.url + pages_of(catalogue)["video"])
    page.wait_for_load_state("networkidle")
    thumbnail = page.locator(".edu-video__thumbnail")
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")

    assert seen.foreign_requests() == []
    assert page.locator("iframe").count() == 0

    with page.expect_request(lambda request: request.url.startswith(PLAYER)):
        page.get_by_role("button", name="Putar video").click()

    player = page.locator("iframe.edu-video__iframe")
    expect(player).to_have_attribute("src", PLAYER + "embed/%s?autoplay=1" % YOUTUBE_ID)
    expect(player).to_have_attribute("title", "Video: Video Cara Mencoblos")
    expect(player).to_be_focused()
    foreign = seen.foreign_requests()
    assert foreign, "the player was never asked for"
    assert all(url.startswith(PLAYER) for url in foreign), foreign
    # A frame refused by the CSP would be reported here.
    assert seen.console_errors == []


def test_without_javascript_the_video_opens_on_youtube_in_a_new_tab(
    new_context, live_server, catalogue
):
    context = new_context(viewport=NARROW, java_script_enabled=False)
    page = context.new_page()
    seen = watch(page)
    page.goto(live_server.url + pages_of(catalogue)["video"])

    assert page.locator(".edu-video__play").is_hidden()
    link = page.get_by_role("link", name="Tonton di YouTube (membuka tab baru)")
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=%s" % YOUTUBE_ID
    assert link.get_attribute("target") == "_blank"
    assert page.get_by_text("Transkrip video").is_visible()
    assert seen.foreign_requests() == []


def test_the_filters_work_without_javascript_and_give_a_shareable_address(
    new_context, live_server, catalogue
):
    context = new_context(viewport=NARROW, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + pages_of(catalogue)["list"])

    page.select_option("#filter-format", "video")
    with page.expect_navigation():
        page.get_by_role("button", name="Terapkan").click()

    assert page.url == live_server.url + "/edukasi/?format=video"
    assert page.locator(".edu-card").count() == 1
    assert page.get_by_role("link", name="Video Cara Mencoblos").is_visible()


@pytest.mark.time_limit(300)
def test_at_320_px_nothing_scrolls_sideways_and_tab_reaches_every_control_visibly(
    page, live_server, catalogue
):
    page.set_viewport_size(NARROW)
    page.route(PLAYER + "**", lambda route: route.abort())
    problems = []
    for name, path in pages_of(catalogue).items():
        seen = watch(page)
        response = page.goto(live_server.url + path)
        assert response.status == 200, name
        assert page.locator("h1").count() == 1, name
        scroll_width, _client_width = horizontal_overflow(page)
        if scroll_width > NARROW["width"]:
            problems.append("%s: scrollWidth %d at 320 px" % (name, scroll_width))
        problems += ["%s: %s" % (name, found) for found in serious_violations(page)]

        problems += ["%s: %s" % (name, found) for found in keyboard_problems(page)]
        problems += ["%s: %s" % (name, error) for error in seen.console_errors]
    assert problems == []


def test_a_javanese_version_says_so_and_links_back(page, live_server, catalogue):
    page.set_viewport_size(NARROW)
    page.goto(live_server.url + pages_of(catalogue)["javanese"])

    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").get_attribute("lang") == "jv"
    back = page.locator(".edu-versions__link")
    assert back.get_attribute("hreflang") == "id"
    with page.expect_navigation():
        back.click()
    assert page.locator("h1").inner_text() == "Hak Pilih Penyandang Disabilitas"


def test_an_item_prints_as_its_text_with_link_addresses(page, live_server, catalogue):
    page.goto(live_server.url + pages_of(catalogue)["document"])
    page.emulate_media(media="print")

    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".share", ".related"):
        assert page.locator(hidden).first.evaluate("el => getComputedStyle(el).display") == "none"
    download = page.locator(".edu-document a").first
    after = download.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == '" (%s)"' % download.get_attribute("href"), after
