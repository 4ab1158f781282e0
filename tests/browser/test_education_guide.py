"""Browser tests of the FAQ, the glossary and the quiz at phone width: the quiz works and shows
its results, the FAQ filters while typing and opens the question a link points at; on every
page nothing scrolls sideways, axe-core finds nothing serious and Tab reaches every control
with a visible focus."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_smoke import (
    horizontal_overflow,
    keyboard_problems,
    serious_violations,
    watch,
)
from tests.education.guide_factories import (
    counts,
    question_create,
    quiz_create,
    term_create,
    theme_create,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(page, url: str, width: int = 320):
    """The page at phone width: nothing scrolls sideways, axe finds nothing serious, and Tab
    reaches every control with a visible focus."""
    page.set_viewport_size({"width": width, "height": 800})
    seen = watch(page)
    response = page.goto(url)
    assert response.status == 200
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width, "horizontal scroll at %d px" % width
    assert serious_violations(page) == []
    assert keyboard_problems(page) == []
    return seen


def test_a_visitor_answers_a_quiz_and_sees_the_results(page, live_server, office):
    quiz = quiz_create(questions=2, title="Kenali Hak Pilihmu")
    seen = open_page(page, live_server.url + "/edukasi/kuis/")
    page.get_by_role("link", name="Kenali Hak Pilihmu").click()
    assert horizontal_overflow(page)[0] <= 320
    assert keyboard_problems(page) == []
    for number in (1, 2):
        page.get_by_role("group", name="Pertanyaan %d" % number).get_by_label("Pilihan B").check()

    page.get_by_role("button", name="Lihat hasil").click()

    expect(page.locator(".quiz-score")).to_contain_text("2 dari 2")
    expect(page.get_by_text("Penjelasan jawaban 2.")).to_be_visible()
    assert horizontal_overflow(page)[0] <= 320
    assert serious_violations(page) == []
    assert keyboard_problems(page) == []
    assert seen.console_errors == []
    assert seen.foreign_requests() == []
    assert counts(quiz) == [0, 1, 0, 0, 1, 0]


def test_the_faq_filters_while_typing_and_opens_a_linked_question(page, live_server, office):
    theme = theme_create("Politik Uang")
    offered = question_create(
        theme=theme, question="Saya ditawari amplop?", answer="Tolak dan laporkan."
    )
    question_create(theme=theme, question="Apa itu kampanye?", answer="Ajakan memilih.")
    seen = open_page(page, live_server.url + "/edukasi/tanya-jawab/")

    page.get_by_label("Cari pertanyaan").fill("ámplop")

    expect(page.locator("details.faq:visible")).to_have_count(1)
    expect(page.locator("#faq-found")).to_have_text("Pertanyaan yang cocok: 1.")
    page.goto(live_server.url + "/edukasi/tanya-jawab/#" + offered.slug)
    expect(page.locator("#" + offered.slug)).to_have_attribute("open", "")
    assert seen.console_errors == []


def test_the_glossary_index_at_phone_width(page, live_server, office):
    dpt = term_create("DPT", definition="Daftar Pemilih Tetap.")
    dpt.see_also.add(term_create("TPS", definition="Tempat Pemungutan Suara."))
    seen = open_page(page, live_server.url + "/edukasi/glosarium/")

    page.get_by_role("link", name="T", exact=True).click()

    assert page.url.endswith("#huruf-t")
    assert page.get_by_role("link", name="A", exact=True).count() == 0
    assert seen.console_errors == []
