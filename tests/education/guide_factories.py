"""Factories for the FAQ, glossary and quiz tests: plain ORM, ``full_clean()`` before every
save."""

from itertools import count

from django.utils.text import slugify

from education.models import GlossaryTerm, Question, Quiz, QuizChoice, QuizQuestion, Theme

_numbers = count(1)


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


def theme_create(name: str | None = None, *, order: int = 0) -> Theme:
    name = name or "Tema Uji %d" % next(_numbers)
    return _saved(Theme(name=name, slug=slugify(name), order=order))


def question_create(*, theme: Theme, question: str | None = None, **fields) -> Question:
    question = question or "Bagaimana cara memilih nomor %d?" % next(_numbers)
    values = {
        "slug": slugify(question)[:80],
        "answer": "Datang ke TPS membawa KTP-el.",
        "published": True,
        **fields,
    }
    return _saved(Question(theme=theme, question=question, **values))


def term_create(term: str | None = None, **fields) -> GlossaryTerm:
    term = term or "Istilah %d" % next(_numbers)
    values = {"slug": slugify(term), "definition": "Arti istilah ini.", "published": True}
    return _saved(GlossaryTerm(term=term, **{**values, **fields}))


def quiz_create(*, questions: int = 2, published: bool = True, **fields) -> Quiz:
    """A quiz of ``questions`` questions with three choices each, the second one right."""
    number = next(_numbers)
    values = {"title": "Kuis Uji %d" % number, "slug": "kuis-uji-%d" % number, **fields}
    quiz = _saved(Quiz(**values))
    for position in range(questions):
        question = _saved(
            QuizQuestion(
                quiz=quiz,
                text="Pertanyaan %d" % (position + 1),
                order=position,
                explanation="Penjelasan jawaban %d." % (position + 1),
            )
        )
        for choice in range(3):
            _saved(
                QuizChoice(
                    question=question,
                    text="Pilihan %s" % "ABC"[choice],
                    is_correct=choice == 1,
                    order=choice,
                )
            )
    if published:
        quiz.published = True
        _saved(quiz)
    return quiz


def quiz_answers(quiz: Quiz, *, right: bool = True) -> dict:
    """The POST of a whole quiz: every answer right (or every answer wrong)."""
    data = {}
    for question in quiz.questions.all():
        choice = question.choices.filter(is_correct=right).first()
        data["jawaban-%d" % question.pk] = str(choice.pk)
    return data


def counts(quiz: Quiz) -> list[int]:
    return list(
        QuizChoice.objects.filter(question__quiz=quiz)
        .order_by("question__order", "order")
        .values_list("answer_count", flat=True)
    )
