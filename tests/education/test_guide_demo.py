import pytest

from education.demo import THEMES
from education.demo_guide import seed_education_guide
from education.models import GlossaryTerm, Question, Quiz, QuizChoice, Theme
from humas_portal.demo_content import demo_seeders

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_faq_glossary_and_two_quizzes_and_runs_twice():
    seed_education_guide()
    seed_education_guide()

    assert Question.objects.filter(published=True).count() >= 15
    assert set(Question.objects.values_list("theme__slug", flat=True)) == {
        slug for slug, _name in THEMES
    }
    assert GlossaryTerm.objects.filter(published=True).count() >= 30
    for term in (
        "DPT",
        "DPTb",
        "TPS",
        "KPPS",
        "Panwascam",
        "PKD",
        "PTPS",
        "Politik uang",
        "Kampanye",
        "Masa tenang",
        "Rekapitulasi",
        "Sengketa proses",
        "Netralitas ASN",
    ):
        assert GlossaryTerm.objects.filter(term=term).exists(), term
    quizzes = Quiz.objects.filter(published=True)
    assert quizzes.count() == 2
    for quiz in quizzes:
        assert quiz.questions.count() == 5
        for question in quiz.questions.all():
            assert question.explanation
            assert question.choices.filter(is_correct=True).count() == 1
    assert not QuizChoice.objects.exclude(answer_count=0).exists()


def test_the_demo_uses_existing_themes_by_slug():
    Theme.objects.create(name="Hak Pilih Warga", slug="hak-pilih", order=5)
    seed_education_guide()
    assert Theme.objects.get(slug="hak-pilih").name == "Hak Pilih Warga"
    assert Theme.objects.count() == len(THEMES)


def test_the_seeder_is_registered_after_the_items():
    names = [seeder.name for seeder in demo_seeders()]
    assert "education_guide" in names
    assert next(s for s in demo_seeders() if s.name == "education_guide").order == 45
