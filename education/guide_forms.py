"""Reading a quiz submission: one chosen choice per question, by id, from the quiz itself."""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from education.models import Quiz

# The field of a question in the quiz form: "jawaban-<question id>".
FIELD_PREFIX = "jawaban-"


def answer_field(question_id: int) -> str:
    return "%s%d" % (FIELD_PREFIX, question_id)


@dataclass
class QuizSubmission:
    # question id -> the chosen choice (only valid answers)
    chosen: dict = field(default_factory=dict)
    # question id -> what is wrong with its answer
    errors: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


def quiz_submission_read(quiz: Quiz, data: QueryDict) -> QuizSubmission:
    """Check every question of ``quiz`` (prefetched with its choices) has exactly one answer
    among its own choices. Nothing is counted here."""
    submission = QuizSubmission()
    for question in quiz.questions.all():
        values = data.getlist(answer_field(question.pk))
        choices = {str(choice.pk): choice for choice in question.choices.all()}
        if not values:
            submission.errors[question.pk] = _("Pertanyaan ini belum dijawab.")
        elif len(values) > 1:
            submission.errors[question.pk] = _("Pilih satu jawaban saja untuk pertanyaan ini.")
        elif values[0] not in choices:
            submission.errors[question.pk] = _(
                "Jawaban ini bukan salah satu pilihan pertanyaan ini. Pilih lagi dari daftar."
            )
        else:
            submission.chosen[question.pk] = choices[values[0]]
    return submission
