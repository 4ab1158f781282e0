"""The FAQ, the glossary and the quiz list: content, anchors, the search with and without
JavaScript, registrations, and query counts flat in the data size."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education.guide_selectors import faq_query_normalise
from humas_portal import search
from humas_portal.cache_invalidation import cache_pages_invalidate
from humas_portal.sitemaps import sitemap_pages
from tests.education.guide_factories import (
    question_create,
    quiz_create,
    term_create,
    theme_create,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

FAQ = "/edukasi/tanya-jawab/"
GLOSSARY = "/edukasi/glosarium/"
QUIZZES = "/edukasi/kuis/"


@pytest.fixture
def faq():
    money = theme_create("Politik Uang", order=2)
    rights = theme_create("Hak Pilih", order=1)
    return {
        "money": question_create(
            theme=money,
            question="Apa itu politik uang?",
            answer="Memberi uang agar orang memilih calon tertentu.",
        ),
        "offered": question_create(
            theme=money,
            question="Saya ditawari amplop. Apa yang harus dilakukan?",
            answer="Tolak dan laporkan ke Bawaslu.",
        ),
        "register": question_create(
            theme=rights,
            question="Bagaimana mengecek DPT?",
            answer="Masukkan NIK di laman cek DPT; bisa juga di kantor desa.",
        ),
        "draft": question_create(
            theme=rights, question="Pertanyaan draf?", answer="Belum terbit.", published=False
        ),
    }


def test_the_urls_have_their_names():
    assert reverse("education:faq") == FAQ
    assert reverse("education:glossary") == GLOSSARY
    assert reverse("education:quiz_list") == QUIZZES
    assert reverse("education:quiz", args=["kuis-a"]) == QUIZZES + "kuis-a/"
    assert reverse("education:quiz_result", args=["kuis-a"]) == QUIZZES + "kuis-a/hasil/"


# --- FAQ ------------------------------------------------------------------------------------


def test_faq_groups_published_questions_by_theme_in_details_with_anchors(client, faq):
    page = client.get(FAQ).text

    assert page.index("Hak Pilih") < page.index("Politik Uang")  # the themes' order
    for name in ("money", "offered", "register"):
        assert '<details class="faq" id="%s">' % faq[name].slug in page
    assert "Pertanyaan draf?" not in page
    assert '<script src="/static/js/education-guide.js" defer></script>' in page


@pytest.mark.parametrize("typed", ["amplop", "  AMPLOP  ", "Ámplop", "tolak   bawaslu"])
def test_faq_search_without_javascript_filters_on_the_server(client, faq, typed):
    response = client.get(FAQ, {"q": typed})

    assert response.status_code == 200
    page = response.text
    assert 'id="%s" open' % faq["offered"].slug in page
    assert faq["money"].slug not in page
    assert faq["register"].slug not in page
    assert "1 pertanyaan cocok dengan" in page
    # The theme with no match is left out.
    assert "Hak Pilih" not in page.split("<main")[1]


def test_faq_search_needs_every_word_and_says_when_nothing_matches(client, faq):
    page = client.get(FAQ, {"q": "amplop dpt"}).text
    assert "Tidak ada pertanyaan yang cocok" in page
    assert '<details class="faq"' not in page


@pytest.mark.parametrize("typed", ["x" * 10_000, "<script>alert(1)</script>", "%00", "\x00"])
def test_faq_search_takes_hostile_input_calmly(client, faq, typed):
    response = client.get(FAQ, {"q": typed})
    assert response.status_code in (200, 400)
    assert "<script>alert(1)</script>" not in response.text


def test_faq_query_is_normalised_as_the_cache_key(faq):
    assert faq_query_normalise("  Polítik   UANG ") == "politik uang"
    assert len(faq_query_normalise("a" * 500)) == 100


def test_faq_page_without_questions_says_so(client):
    assert "Belum ada tanya jawab yang terbit." in client.get(FAQ).text


# --- Glossary -------------------------------------------------------------------------------


def test_glossary_shows_a_to_z_with_letters_without_terms_not_linked(client):
    dpt = term_create("DPT", definition="Daftar Pemilih Tetap.")
    tps = term_create("TPS", definition="Tempat Pemungutan Suara.")
    term_create("Ékspos", definition="Istilah beraksen.")
    term_create("Draf", definition="Belum terbit.", published=False)
    dpt.see_also.add(tps)

    page = client.get(GLOSSARY).text

    for letter in "DET":
        assert (
            '<a class="glossary-index__letter" href="#huruf-%s">%s</a>'
            % (
                letter.lower(),
                letter,
            )
            in page
        )
    assert 'href="#huruf-a"' not in page
    assert re.search(r'glossary-index__letter--empty"[^>]*>.*?A</span>', page)
    assert '<div class="glossary__entry" id="dpt">' in page
    assert '<h2 class="glossary-letter__title" id="huruf-d">D</h2>' in page
    assert 'Lihat juga: <a href="#tps">TPS</a>' in page
    assert "Draf" not in page


def test_glossary_see_also_leaves_out_unpublished_terms(client):
    dpt = term_create("DPT")
    dpt.see_also.add(term_create("DPTb", published=False))
    page = client.get(GLOSSARY).text
    assert "Lihat juga" not in page


# --- Quiz list ------------------------------------------------------------------------------


def test_quiz_list_shows_published_quizzes_with_their_size(client):
    shown = quiz_create(questions=3, title="Kenali Hak Pilihmu")
    quiz_create(published=False, title="Kuis Draf")

    page = client.get(QUIZZES).text

    assert reverse("education:quiz", args=[shown.slug]) in page
    assert "3 pertanyaan" in page
    assert "Kuis Draf" not in page


# --- Registrations --------------------------------------------------------------------------


def test_saving_makes_the_cached_page_stale(faq):
    assert cache_pages_invalidate(instance=faq["money"]) == [FAQ]
    assert cache_pages_invalidate(instance=term_create()) == [GLOSSARY]
    assert cache_pages_invalidate(instance=quiz_create()) == [QUIZZES]


def test_the_pages_are_in_the_sitemap_and_found_by_search(client, monkeypatch):
    # Only the fixed sections are checked here: the items' own provider is left out.
    monkeypatch.delitem(search._providers, "education", raising=False)
    names = {page.url_name for page in sitemap_pages()}
    assert {"education:faq", "education:glossary", "education:quiz_list"} <= names
    for query, path in (("glosarium", GLOSSARY), ("kuis", QUIZZES), ("tanya jawab", FAQ)):
        assert 'href="%s"' % path in client.get(reverse("search"), {"q": query}).text


# --- Query counts ---------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    client.get(path)  # fills the caches a running site keeps (the office profile)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _grow(size: int) -> None:
    themes = [theme_create() for _index in range(3)]
    for index in range(size):
        question_create(theme=themes[index % 3])
        term = term_create()
        term.see_also.add(term_create())
    for _index in range(size // 5):
        quiz_create(questions=2)


# The questions with their themes; the terms and their "see also"; the quizzes with their
# themes and question counts; the quiz, its questions and their choices.
BUDGETS = {FAQ: 1, GLOSSARY: 2, QUIZZES: 1, "quiz": 3}


@pytest.mark.parametrize("size", [5, 40])
def test_query_counts_are_pinned_and_flat(client, settings, size):
    settings.PAGE_CACHE_ENABLED = False
    _grow(size)
    quiz = quiz_create(questions=5 if size > 5 else 1)
    for path, budget in BUDGETS.items():
        if path == "quiz":
            path = reverse("education:quiz", args=[quiz.slug])
        assert _queries(client, path) == budget, path
