"""The shared rich-text helpers: editor field, page body, reading time, JSON-LD, share links."""

import json
from urllib.parse import parse_qs, urlsplit

from humas_portal.richtext import (
    EDITOR_EXTENSIONS,
    body_html,
    json_ld,
    reading_minutes,
    rich_text_field,
    share_links,
)


def test_the_field_sanitises_to_what_the_editor_offers():
    field = rich_text_field("isi")
    dirty = (
        '<h2 onclick="x()">Judul</h2><script>alert(1)</script>'
        '<p><a href="javascript:alert(1)">tautan</a> <a href="https://bawaslu.go.id">aman</a></p>'
        "<h1>Terlalu besar</h1>"
    )

    clean = field.clean(dirty, None)

    assert "<script" not in clean
    assert "onclick" not in clean
    assert "javascript:" not in clean
    assert "<h1" not in clean  # the editor offers headings 2 to 4 only
    assert "<h2>Judul</h2>" in clean
    assert 'href="https://bawaslu.go.id"' in clean


def test_the_field_is_stored_as_plain_text_so_extensions_need_no_migration():
    field = rich_text_field("isi")
    field.set_attributes_from_name("body")
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "django.db.models.TextField"
    assert "extensions" not in kwargs
    assert field.config["extensions"] == EDITOR_EXTENSIONS


def test_every_table_scrolls_in_a_focusable_region_and_other_markup_is_kept():
    html = "<p>Awal</p><table><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>"

    shown = body_html(html)

    assert shown.count('<div class="table-scroll" tabindex="0" role="region"') == 2
    assert shown.count("</table></div>") == 2
    assert shown.startswith("<p>Awal</p>")
    assert "<td>1</td>" in shown
    assert 'aria-label="Tabel, dapat digeser ke samping"' in shown


def test_reading_minutes_count_words_of_all_texts_without_markup():
    assert reading_minutes("") == 1
    assert reading_minutes("kata " * 200) == 1
    assert reading_minutes("kata " * 150, "<p>%s</p>" % ("kata " * 51)) == 2
    # Tags are not words.
    assert reading_minutes("<p>" * 500 + "satu") == 1


def test_json_ld_cannot_end_its_script_element():
    data = {"headline": "</script><script>alert(1)</script> & co"}

    text = json_ld(data)

    for character in "<>&":
        assert character not in text
    assert json.loads(text) == data
    assert "Pemilu — tahapan" in json_ld({"a": "Pemilu — tahapan"})  # readable, not \u-escaped


def test_share_links_carry_the_title_and_the_address():
    url = "https://jember.example.go.id/berita/a-b/"

    links = {link["name"]: urlsplit(link["url"]) for link in share_links(url=url, title="A & B")}

    assert list(links) == ["WhatsApp", "Facebook", "X", "Telegram"]
    assert links["WhatsApp"].netloc == "wa.me"
    assert parse_qs(links["WhatsApp"].query) == {"text": ["A & B " + url]}
    assert parse_qs(links["Facebook"].query) == {"u": [url]}
    assert parse_qs(links["X"].query) == {"text": ["A & B"], "url": [url]}
    assert parse_qs(links["Telegram"].query) == {"url": [url], "text": ["A & B"]}
