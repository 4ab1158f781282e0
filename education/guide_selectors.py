"""Reads for the FAQ, the glossary and the quizzes: each a fixed number of queries, whatever
the number of rows (the lists are short, and filtered in Python so SQLite and PostgreSQL
answer alike)."""

import string
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.urls import reverse

from education.models import GlossaryTerm, Question, Quiz
from humas_portal.page_cache import query_words

# A longer search is cut here: no question is that long, and the page cache key stays small.
FAQ_QUERY_MAX = 100
LETTERS = tuple(string.ascii_uppercase)
OTHER_LETTER = "#"


def search_text(value: str) -> str:
    """Lower case, no accents, single spaces: what a search typed on any phone is compared
    in (the same function the page's script mirrors in education-guide.js)."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def faq_query_normalise(value: str) -> str:
    """?q= as the FAQ reads it (also the page cache's key for it)."""
    return search_text(query_words(value)[:FAQ_QUERY_MAX])


@dataclass
class FaqGroup:
    theme: object
    questions: list = field(default_factory=list)


def faq_groups_public(*, query: str = "") -> list[FaqGroup]:
    """Published questions by theme (in the themes' order), only those holding every word of
    ``query`` (already normalised) in the question or the answer. One query."""
    words = query.split()
    groups: dict[int, FaqGroup] = {}
    for question in Question.objects.filter(published=True).select_related("theme"):
        question.search_text = search_text("%s %s" % (question.question, question.answer))
        if all(word in question.search_text for word in words):
            groups.setdefault(question.theme_id, FaqGroup(theme=question.theme))
            groups[question.theme_id].questions.append(question)
    return list(groups.values())


def term_letter(term: str) -> str:
    first = search_text(term)[:1].upper()
    return first if first in LETTERS else OTHER_LETTER


def glossary_public() -> dict:
    """Published terms under their first letter, and the index A to Z (letters with no term
    included, to be shown disabled). Two queries: the terms, their published "see also"."""
    terms = GlossaryTerm.objects.filter(published=True).prefetch_related(
        Prefetch(
            "see_also",
            queryset=GlossaryTerm.objects.filter(published=True).only("term", "slug"),
            to_attr="see_also_public",
        )
    )
    by_letter: dict[str, list] = {}
    for term in terms:
        by_letter.setdefault(term_letter(term.term), []).append(term)
    letters = [*LETTERS, OTHER_LETTER] if OTHER_LETTER in by_letter else list(LETTERS)
    return {
        "index": [(letter, letter in by_letter) for letter in letters],
        "sections": [(letter, by_letter[letter]) for letter in letters if letter in by_letter],
    }


def quiz_list_public() -> list[Quiz]:
    return list(
        Quiz.objects.filter(published=True)
        .select_related("theme")
        .annotate(question_count=Count("questions"))
    )


def quiz_public(slug: str) -> Quiz:
    """A published quiz with its questions and their choices (three queries); raises
    Quiz.DoesNotExist."""
    return Quiz.objects.filter(published=True).prefetch_related("questions__choices").get(slug=slug)


def faq_cached_pages(_question) -> list[str]:
    return [reverse("education:faq")]


def glossary_cached_pages(_term) -> list[str]:
    return [reverse("education:glossary")]


def quiz_cached_pages(_instance) -> list[str]:
    """The list names each quiz and counts its questions; quiz pages are never cached (their
    form carries a CSRF token)."""
    return [reverse("education:quiz_list")]
