"""The public education pages: the list and its filters, a segment's page, the item page of
each format, versions and their languages, JSON-LD, Open Graph and sharing (their query counts:
tests/education/test_page_queries.py; in a browser: tests/browser/test_education.py)."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from education import urls as education_urls
from education.models import (
    RESERVED_SLUGS,
    ContentLanguage,
    ItemFormat,
    ItemStatus,
    ReadingLevel,
)
from education.views import PER_PAGE
from tests.education.factories import public_item_create, segment_create, theme_create
from tests.factories import staff_create

BASE_URL = "https://jember.example.go.id"
LIST = reverse("education:item_list")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
CARD_TITLE = re.compile(r'<a class="edu-card__link" href="[^"]*">([^<]*)</a>')

pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE_URL


@pytest.fixture
def author(db):
    return staff_create("penulis-edukasi")


def segment_url(segment) -> str:
    return reverse("education:segment", kwargs={"slug": segment.slug})


def item_url(item) -> str:
    return reverse("education:item_detail", kwargs={"slug": item.slug})


def card_titles(html: str) -> set[str]:
    return {unescape(title) for title in CARD_TITLE.findall(html)}


def structured_data(html: str) -> dict:
    blocks = [json.loads(block) for block in JSON_LD.findall(html)]
    assert len(blocks) == 1
    return blocks[0]


def meta(html: str, key: str) -> list[str]:
    pattern = r'<meta (?:property|name)="%s" content="([^"]*)">' % re.escape(key)
    return [unescape(value) for value in re.findall(pattern, html)]


# --- The list and its filters ---------------------------------------------------------------


@pytest.fixture
def catalogue(author) -> dict:
    """Two segments, two themes, items of each format spread over them, and what is not
    public (a draft, a scheduled item) or not listed (a version)."""
    first_time = segment_create("Pemilih Pemula")
    elderly = segment_create("Lansia")
    rights = theme_create("Hak Pilih")
    money = theme_create("Politik Uang")
    create = public_item_create
    items = {
        "a": create(title="Hak Pilih Pemula", segments=[first_time], themes=[rights],
                    author=author),
        "b": create(title="Tolak Amplop", segments=[first_time, elderly], themes=[money],
                    item_format=ItemFormat.VIDEO, author=author),
        "c": create(title="Infografis Hak Pilih Lansia", segments=[elderly],
                    themes=[rights, money], item_format=ItemFormat.INFOGRAPHIC, author=author),
        "d": create(title="Panduan Pemilih", segments=[elderly], themes=[rights],
                    item_format=ItemFormat.DOCUMENT, author=author),
        # Its segment and theme are its own (the factory gives it new ones).
        "e": create(title="Tanpa Segmen dan Tema yang Disaring", author=author),
    }  # fmt: skip
    hidden = {"segments": [first_time], "themes": [rights], "author": author}
    public_item_create(title="Draf Hak Pilih", status=ItemStatus.DRAFT, publish_at=None, **hidden)
    public_item_create(
        title="Terjadwal Hak Pilih", publish_at=timezone.now() + timedelta(days=1), **hidden
    )
    public_item_create(
        title="Versi Jawa Hak Pilih",
        version_of=items["a"],
        language=ContentLanguage.JAVANESE,
        **hidden,
    )
    return {
        "segments": {"pemula": first_time, "lansia": elderly},
        "themes": {"hak": rights, "uang": money},
        "items": items,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "abcde"),
        ("?segmen=pemilih-pemula", "ab"),
        ("?segmen=lansia", "bcd"),
        ("?tema=hak-pilih", "acd"),
        ("?tema=politik-uang", "bc"),
        ("?format=video", "b"),
        ("?format=artikel", "ae"),
        ("?format=infografis", "c"),
        ("?format=dokumen", "d"),
        ("?segmen=lansia&tema=hak-pilih", "cd"),
        ("?segmen=pemilih-pemula&tema=politik-uang", "b"),
        ("?segmen=lansia&tema=hak-pilih&format=dokumen", "d"),
        ("?segmen=pemilih-pemula&tema=hak-pilih&format=video", ""),
        ("?tema=politik-uang&format=infografis", "c"),
    ],
)
def test_filter_combinations_list_exactly_the_matching_public_originals(
    client, catalogue, query, expected
):
    response = client.get(LIST + query)

    assert response.status_code == 200
    items = catalogue["items"]
    assert card_titles(response.text) == {items[key].title for key in expected}


@pytest.mark.parametrize(
    ("segment", "query", "expected"),
    [
        ("lansia", "", "bcd"),
        ("lansia", "?tema=politik-uang", "bc"),
        ("lansia", "?tema=politik-uang&format=video", "b"),
        ("pemula", "?format=artikel", "a"),
    ],
)
def test_a_segment_page_lists_its_items_and_filters_by_theme_and_format(
    client, catalogue, segment, query, expected
):
    segment = catalogue["segments"][segment]
    response = client.get(segment_url(segment) + query)

    assert response.status_code == 200
    items = catalogue["items"]
    assert card_titles(response.text) == {items[key].title for key in expected}
    # Written for that audience: its own heading and words, no segment filter.
    assert "<h1>Edukasi pemilu untuk <span>%s</span></h1>" % segment.name in response.text
    assert segment.description in response.text
    assert 'name="segmen"' not in response.text


def test_the_list_offers_every_segment_as_an_entry_point(client, catalogue):
    html = client.get(LIST).text

    assert "Untuk siapa?" in html
    for segment in catalogue["segments"].values():
        assert 'href="%s"' % segment_url(segment) in html
    # The filter is a GET form to the page itself: it works without JavaScript.
    assert '<form class="news-filter edu-filter" method="get" action="%s"' % LIST in html


def test_cards_show_format_title_and_easy_read_summary(client, catalogue):
    html = client.get(LIST + "?format=video").text
    card = html[html.index('<article class="edu-card">') :]
    card = card[: card.index("</article>")]

    assert card.index('class="edu-badge">Video<') < card.index("Tolak Amplop")
    assert card.index("Tolak Amplop") < card.index("Cek nama Anda. Bawa KTP-el.")
    assert "Untuk: <span>Lansia, Pemilih Pemula</span>" in card


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        # What the form sends: empty choices are dropped.
        ("?segmen=&tema=hak-pilih&format=", "?tema=hak-pilih"),
        ("?segmen=&tema=&format=", ""),
        # One order.
        ("?format=video&segmen=lansia", "?segmen=lansia&format=video"),
        # The first page has no number; a number is written one way.
        ("?halaman=1", ""),
        ("?halaman=abc", ""),
        ("?tema=hak-pilih&halaman=01", "?tema=hak-pilih"),
        # A repeated parameter: the last one counts (as QueryDict reads it).
        ("?tema=politik-uang&tema=hak-pilih", "?tema=hak-pilih"),
    ],
)
def test_addresses_are_normalised_to_one_per_result(client, catalogue, query, canonical):
    response = client.get(LIST + query)

    assert response.status_code == 301
    assert response["Location"] == LIST + canonical


def test_the_canonical_address_ignores_other_parameters(client, catalogue):
    response = client.get(LIST + "?tema=hak-pilih&utm_source=whatsapp")

    assert response.status_code == 200
    assert '<link rel="canonical" href="%s%s?tema=hak-pilih">' % (BASE_URL, LIST) in response.text


@pytest.mark.parametrize(
    "query",
    [
        "?segmen=tidak-ada",
        "?tema=tidak-ada",
        "?format=pdf",
        "?format=Video",
        "?tema=%3Cscript%3Ealert(1)%3C/script%3E",
        "?segmen=%27%20OR%201%3D1--",
        "?tema=" + "a" * 5000,
        "?format=%00",
        "?segmen=lansia&tema=politik-uang&format=podcast",
    ],
)
def test_unknown_or_hostile_filter_values_are_a_clear_404_never_a_500(client, catalogue, query):
    response = client.get(LIST + query)

    assert response.status_code == 404
    assert "Pilihan tidak dikenal" in response.text
    assert "<script>alert" not in response.text
    assert 'href="%s"' % LIST in response.text  # the way back to every item


def test_unknown_choice_on_a_segment_page_and_unknown_segment(client, catalogue):
    lansia = segment_url(catalogue["segments"]["lansia"])

    assert client.get(lansia + "?format=podcast").status_code == 404
    assert client.get(reverse("education:segment", kwargs={"slug": "tidak-ada"})).status_code == 404
    assert (
        client.get(reverse("education:item_detail", kwargs={"slug": "tidak-ada"})).status_code
        == 404
    )


def test_the_list_is_paginated_newest_first(client, author):
    now = timezone.now()
    for number in range(PER_PAGE + 1):
        public_item_create(
            title="Materi Nomor %02d" % number,
            publish_at=now - timedelta(hours=1, minutes=number),
            author=author,
        )

    first = client.get(LIST).text
    second = client.get(LIST + "?halaman=2")

    assert len(card_titles(first)) == PER_PAGE
    assert "Materi Nomor 00" in first  # the newest (published the least long ago)
    assert card_titles(second.text) == {"Materi Nomor 12"}
    assert '<link rel="canonical" href="%s%s?halaman=2">' % (BASE_URL, LIST) in second.text
    assert client.get(LIST + "?halaman=99")["Location"] == LIST + "?halaman=2"


def test_list_without_items_says_so(client, db):
    response = client.get(LIST)

    assert response.status_code == 200
    assert "Belum ada materi yang cocok dengan pilihan ini." in response.text


# --- Reserved words -------------------------------------------------------------------------


def test_every_path_word_of_the_section_is_reserved_from_item_slugs():
    """Each literal first path word in education/urls.py (before the item's <slug:slug>/) is
    a reserved slug: an item called "feed" would otherwise never be reachable."""
    words = {
        str(pattern.pattern).split("/")[0]
        for pattern in education_urls.urlpatterns
        if str(pattern.pattern) and not str(pattern.pattern).startswith("<")
    }
    assert words, "no path word found"
    assert words <= RESERVED_SLUGS
    assert education_urls.urlpatterns[-1].name == "item_detail"


@pytest.mark.parametrize("word", sorted(RESERVED_SLUGS))
def test_an_item_cannot_take_a_reserved_word(author, word):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        public_item_create(title="Materi", slug=word, author=author)
    assert "slug" in refused.value.message_dict


@pytest.mark.parametrize(("path", "name"), [("feed/", "feed_rss"), ("atom/", "feed_atom")])
def test_the_section_words_reach_their_own_pages(path, name):
    assert resolve(LIST + path).url_name == name


# --- Item pages -----------------------------------------------------------------------------


@pytest.fixture
def rights(author):
    segment = segment_create("Pemilih Pemula")
    theme = theme_create("Hak Pilih")
    return {"segments": [segment], "themes": [theme], "author": author}


def test_article_page_shows_the_easy_read_summary_first_then_the_body(client, rights):
    item = public_item_create(
        title="Hak Pilih Pemula",
        body="<h2>Siapa yang boleh memilih?</h2><p>Warga berusia 17 tahun ke atas.</p>",
        **rights,
    )

    html = client.get(item_url(item)).text

    summary = html.index('<section class="edu-easy-read" aria-labelledby="easy-read-title">')
    assert html.index('<h1 id="item-title">Hak Pilih Pemula</h1>') < summary
    assert summary < html.index("<h2>Siapa yang boleh memilih?</h2>")
    assert "Ringkasan mudah dibaca" in html
    # One short sentence a line, as written: a list.
    assert (
        '<ul class="edu-easy-read__list">\n      <li>Cek nama Anda.</li><li>Bawa KTP-el.</li>'
        in html
    )
    assert 'Untuk: <a href="%s">Pemilih Pemula</a>' % segment_url(rights["segments"][0]) in html
    assert 'href="%s?tema=hak-pilih"' % LIST in html


def test_infographic_page_shows_the_image_with_alt_and_the_long_description_under_it(
    client, rights
):
    item = public_item_create(item_format=ItemFormat.INFOGRAPHIC, **rights)

    html = client.get(item_url(item)).text
    figure = html[html.index('<figure class="edu-infographic">') :]
    figure = figure[: figure.index("</figure>")]

    assert 'alt="Infografis empat langkah memeriksa nama di daftar pemilih"' in figure
    assert 'width="1080" height="1350"' in figure
    assert "<figcaption" in figure
    assert figure.index("<img") < figure.index("Langkah 1: buka cekdptonline.kpu.go.id.")


def test_youtube_video_page_is_a_facade_that_names_no_other_origin_in_any_source(client, rights):
    item = public_item_create(item_format=ItemFormat.VIDEO, **rights)

    response = client.get(item_url(item))
    html = response.text

    assert "<iframe" not in html
    # Nothing the browser fetches by itself points elsewhere: every src/srcset/poster is ours.
    sources = re.findall(r'\s(?:src|srcset|poster)="([^"]*)"', html)
    assert sources
    assert all(source.startswith("/") for source in sources), sources
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" target="_blank"' in html
    assert '<button class="button button--primary edu-video__play" type="button"' in html
    assert '/static/js/video-facade.js" defer></script>' in html
    # The transcript, folded.
    details = html[html.index('<details class="edu-transcript">') :]
    assert details.index("Transkrip video") < details.index("Hari ini kita belajar cara mencoblos.")


def test_only_item_pages_may_frame_the_youtube_player(client, rights):
    item = public_item_create(item_format=ItemFormat.VIDEO, **rights)

    for _attempt in range(2):  # rendered, then from the page cache
        policy = client.get(item_url(item))["Content-Security-Policy"]
        assert "frame-src https://www.youtube-nocookie.com" in policy
        assert "script-src 'self'" in policy
    for path in (LIST, segment_url(rights["segments"][0])):
        policy = client.get(path)["Content-Security-Policy"]
        assert "youtube" not in policy


def test_uploaded_video_plays_here_with_webvtt_captions(client, rights):
    item = public_item_create(
        item_format=ItemFormat.VIDEO,
        youtube_id="",
        video="education/videos/cara-mencoblos.mp4",
        captions="education/captions/cara-mencoblos.vtt",
        **rights,
    )

    html = client.get(item_url(item)).text

    assert (
        '<video class="edu-video__player" src="/media/education/videos/cara-mencoblos.mp4"' in html
    )
    assert re.search(
        r'<track kind="captions" src="/media/education/captions/cara-mencoblos.vtt" '
        r'srclang="id" label="Bahasa Indonesia" default>',
        html,
    )
    assert "data-video-facade" not in html
    assert "video-facade.js" not in html
    assert "Transkrip video" in html


def test_document_page_offers_the_pdf_with_its_size_and_pages(client, rights):
    item = public_item_create(item_format=ItemFormat.DOCUMENT, **rights)

    html = client.get(item_url(item)).text

    assert 'href="/media/education/documents/panduan-pemilih.pdf" type="application/pdf"' in html
    # filesizeformat keeps the number and its unit together (a no-break space).
    assert "PDF, 1,2\xa0MB, 12 halaman" in html
    client.cookies["bahasa"] = "en"
    assert "PDF, 1.2\xa0MB, 12 pages" in client.get(item_url(item)).text


def test_an_unpublished_or_scheduled_item_is_not_found(client, rights):
    draft = public_item_create(status=ItemStatus.DRAFT, publish_at=None, **rights)
    scheduled = public_item_create(publish_at=timezone.now() + timedelta(days=1), **rights)

    assert client.get(item_url(draft)).status_code == 404
    assert client.get(item_url(scheduled)).status_code == 404


def test_versions_link_each_other_with_their_language(client, rights):
    original = public_item_create(title="Hak Pilih", **rights)
    javanese = public_item_create(title="Hak Milih", version_of=original,
                           language=ContentLanguage.JAVANESE, **rights)  # fmt: skip
    easy = public_item_create(title="Hak Pilih (Mudah Dibaca)", version_of=original,
                       reading_level=ReadingLevel.EASY, **rights)  # fmt: skip

    html = client.get(item_url(original)).text
    assert (
        '<a class="edu-versions__link" href="%s" hreflang="jv">Basa Jawa: '
        '<span lang="jv">Hak Milih</span></a>' % item_url(javanese)
    ) in html
    assert 'href="%s" hreflang="id">Bahasa Indonesia, mudah dibaca:' % item_url(easy) in html

    # The Javanese page: its content says it is Javanese; the interface around it does not.
    html = client.get(item_url(javanese)).text
    assert '<html lang="id">' in html
    assert '<h1 id="item-title" lang="jv">Hak Milih</h1>' in html
    assert '<div class="prose" lang="jv">' in html
    assert 'hreflang="id">Bahasa Indonesia: <span lang="id">Hak Pilih</span>' in html
    assert 'href="%s"' % item_url(easy) in html
    assert meta(html, "og:locale") == ["jv_ID"]
    assert structured_data(html)["inLanguage"] == "jv"
    assert structured_data(html)["isBasedOn"] == BASE_URL + item_url(original)


def test_under_the_english_switch_indonesian_content_says_it_is_indonesian(client, rights):
    item = public_item_create(title="Hak Pilih Pemula", **rights)
    client.cookies["bahasa"] = "en"

    html = client.get(item_url(item)).text

    assert '<html lang="en">' in html
    assert "Easy-read summary" in html
    assert '<h1 id="item-title" lang="id">Hak Pilih Pemula</h1>' in html


def test_related_items_share_a_segment_or_theme(client, author):
    segment, other_segment = segment_create(), segment_create()
    theme = theme_create()
    item = public_item_create(title="Materi Utama", segments=[segment], author=author)
    same_segment = public_item_create(title="Sama Segmen", segments=[segment], author=author)
    same_theme = public_item_create(title="Sama Tema", themes=[theme], author=author)
    item.themes.add(theme)
    public_item_create(title="Lain Sama Sekali", segments=[other_segment], author=author)

    html = client.get(item_url(item)).text
    related = html[html.index('<section class="related"') :]

    assert card_titles(related) >= {same_segment.title, same_theme.title}
    assert related.index("Sama Segmen") < related.index("Lain Sama Sekali")


def test_json_ld_is_a_learning_resource_and_parses(client, rights):
    item = public_item_create(title="Hak Pilih </script><script>alert(1)</script>", **rights)

    html = client.get(item_url(item)).text
    data = structured_data(html)

    assert data["@type"] == "LearningResource"
    assert data["name"] == item.title
    assert data["url"] == BASE_URL + item_url(item)
    assert data["inLanguage"] == "id"
    assert data["learningResourceType"] == "Artikel"
    assert data["audience"] == [{"@type": "Audience", "audienceType": "Pemilih Pemula"}]
    assert data["about"] == [{"@type": "Thing", "name": "Hak Pilih"}]
    assert data["abstract"] == item.easy_read
    assert "<script>alert" not in html


def test_json_ld_of_a_video_and_a_document(client, rights):
    video = public_item_create(item_format=ItemFormat.VIDEO, **rights)
    document = public_item_create(item_format=ItemFormat.DOCUMENT, **rights)

    video_data = structured_data(client.get(item_url(video)).text)["video"]
    document_data = structured_data(client.get(item_url(document)).text)["encoding"]

    assert video_data["@type"] == "VideoObject"
    assert video_data["embedUrl"].startswith("https://www.youtube-nocookie.com/embed/")
    assert video_data["thumbnailUrl"] == BASE_URL + "/media/education/images/cuplikan-video.jpg"
    assert "cara mencoblos" in video_data["transcript"]
    assert document_data["encodingFormat"] == "application/pdf"
    assert document_data["contentUrl"].endswith("/panduan-pemilih.pdf")


def test_open_graph_and_whatsapp_share(client, rights):
    item = public_item_create(item_format=ItemFormat.INFOGRAPHIC, title="Cek Nama di DPT", **rights)
    url = BASE_URL + item_url(item)

    html = client.get(item_url(item)).text

    assert meta(html, "og:title") == ["Cek Nama di DPT"]
    assert meta(html, "og:url") == [url]
    assert meta(html, "og:description") == [item.lead]
    assert meta(html, "og:image") == [BASE_URL + "/media/" + item.image.name]
    assert meta(html, "og:image:alt") == [item.image_alt]
    assert meta(html, "og:locale") == ["id_ID"]
    assert '<link rel="canonical" href="%s">' % url in html
    whatsapp = re.search(r'href="(https://wa\.me/\?text=[^"]*)"', html).group(1)
    assert unescape(whatsapp) == "https://wa.me/?text=Cek+Nama+di+DPT+" + url.replace(
        ":", "%3A"
    ).replace("/", "%2F")
