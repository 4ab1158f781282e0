"""The FAQ, glossary and quiz admin: writers draft, the chief editor publishes; a quiz needs
questions with two choices and a right one; answer counts are edited by no one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from education.models import GlossaryTerm, Question, Quiz, QuizChoice
from humas_portal.roles import CHIEF_EDITOR, EDITOR
from tests.education.guide_factories import question_create, quiz_create, theme_create
from tests.factories import staff_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return staff_create("penulis", role=EDITOR)


@pytest.fixture
def chief():
    return staff_create("pemred", role=CHIEF_EDITOR)


@pytest.fixture
def theme():
    return theme_create("Hak Pilih")


def question_form(theme, **overrides) -> dict:
    return {
        "theme": theme.pk,
        "question": "Siapa yang boleh memilih?",
        "slug": "siapa-yang-boleh-memilih",
        "answer": "WNI berusia 17 tahun atau sudah menikah.",
        "order": "0",
        "published": "on",
        **overrides,
    }


def test_a_writer_drafts_a_question_and_cannot_publish_it(client, writer, theme):
    client.force_login(writer)

    response = client.post(reverse("admin:education_question_add"), question_form(theme))

    assert response.status_code == 302
    assert Question.objects.get().published is False


def test_the_chief_editor_publishes(client, chief, theme):
    client.force_login(chief)
    client.post(reverse("admin:education_question_add"), question_form(theme))
    assert Question.objects.get().published is True


def test_a_writer_sees_a_public_entry_read_only(client, writer, theme):
    question = question_create(theme=theme, published=True)
    client.force_login(writer)
    url = reverse("admin:education_question_change", args=[question.pk])

    assert not client.get(url).context["has_change_permission"]
    response = client.post(url, question_form(theme, answer="Diubah."))

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.answer != "Diubah."


def test_a_too_long_answer_is_refused_with_a_message(client, chief, theme):
    client.force_login(chief)
    response = client.post(
        reverse("admin:education_question_add"), question_form(theme, answer="a" * 2001)
    )
    assert response.status_code == 200
    assert "paling banyak 2000 karakter (sekarang 2001 karakter)" in response.text
    assert not Question.objects.exists()


def test_a_writer_cannot_publish_a_glossary_term(client, writer):
    client.force_login(writer)
    client.post(
        reverse("admin:education_glossaryterm_add"),
        {"term": "DPT", "slug": "dpt", "definition": "Daftar Pemilih Tetap.", "published": "on"},
    )
    assert GlossaryTerm.objects.get().published is False


def choices_form(question_pk=None, quiz=None, *choices) -> dict:
    data = {
        "quiz": quiz.pk,
        "order": "0",
        "text": "Berapa usia paling rendah untuk memilih?",
        "explanation": "17 tahun, atau sudah menikah.",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for index, (text, correct) in enumerate(choices):
        data["choices-%d-text" % index] = text
        data["choices-%d-order" % index] = str(index)
        if correct:
            data["choices-%d-is_correct" % index] = "on"
        # A posted count is no field of the form: ignored.
        data["choices-%d-answer_count" % index] = "999"
    return data


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([("17 tahun", True)], "sedikitnya dua pilihan"),
        ([("15 tahun", False), ("17 tahun", False)], "sedikitnya satu pilihan sebagai jawaban"),
    ],
)
def test_a_quiz_question_needs_two_choices_and_a_right_one(client, chief, choices, message):
    quiz = quiz_create(questions=0, published=False)
    client.force_login(chief)

    response = client.post(
        reverse("admin:education_quizquestion_add"), choices_form(None, quiz, *choices)
    )

    assert response.status_code == 200
    assert message in response.text
    assert not quiz.questions.exists()


def test_a_question_with_its_choices_is_saved_and_counts_are_not_editable(client, writer):
    quiz = quiz_create(questions=0, published=False)
    client.force_login(writer)

    response = client.post(
        reverse("admin:education_quizquestion_add"),
        choices_form(None, quiz, ("15 tahun", False), ("17 tahun", True)),
    )

    assert response.status_code == 302
    assert list(QuizChoice.objects.values_list("text", "is_correct", "answer_count")) == [
        ("15 tahun", False, 0),
        ("17 tahun", True, 0),
    ]


def test_a_writer_cannot_add_questions_to_a_public_quiz(client, writer):
    public = quiz_create(questions=1)
    client.force_login(writer)

    response = client.post(
        reverse("admin:education_quizquestion_add"),
        choices_form(None, public, ("15 tahun", False), ("17 tahun", True)),
    )

    assert response.status_code == 200
    assert public.questions.count() == 1


def test_a_quiz_is_published_only_with_complete_questions():
    empty = quiz_create(questions=0, published=False)
    empty.published = True
    with pytest.raises(ValidationError, match="belum punya pertanyaan"):
        empty.full_clean()
    new = Quiz(title="Kuis Baru", slug="kuis-baru", published=True)
    with pytest.raises(ValidationError, match="Simpan kuis"):
        new.full_clean()
    complete = quiz_create(questions=2, published=False)
    complete.questions.first().choices.update(is_correct=False)
    complete.published = True
    with pytest.raises(ValidationError, match="dua pilihan dan satu jawaban benar"):
        complete.full_clean()
