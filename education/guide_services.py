"""Writes of the FAQ, glossary and quizzes outside the admin: counting quiz answers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from education.models import Quiz, QuizChoice


@transaction.atomic
def quiz_answers_record(*, quiz: Quiz, choice_ids: list[int]) -> dict[int, int]:
    """Count one answer for each chosen choice, all or none; return every choice's count in the
    quiz afterwards (this submission included).

    One answer per question, each a choice of this quiz's own questions, else nothing is
    counted. The increment is a single ``UPDATE ... SET answer_count = answer_count + 1``: the
    database adds under its row lock, so simultaneous submissions never lose one (a
    read-modify-write through ``full_clean`` and ``save`` would). Nothing else is written.
    """
    ids = set(choice_ids)
    questions = quiz.questions.count()
    owned = QuizChoice.objects.filter(pk__in=ids, question__quiz=quiz)
    answered = owned.values("question_id").distinct().count()
    if not ids or len(ids) != len(choice_ids) or answered != len(ids) or answered != questions:
        raise ValidationError(
            _("Jawaban kuis tidak sah: setiap pertanyaan perlu tepat satu pilihan dari kuis ini."),
            code="invalid_answers",
        )
    counted = owned.update(answer_count=F("answer_count") + 1)
    if counted != len(ids):
        # A choice was deleted since it was checked: the atomic block undoes the rest.
        raise ValidationError(_("Kuis ini baru saja diubah. Muat ulang lalu jawab lagi."))
    return dict(QuizChoice.objects.filter(question__quiz=quiz).values_list("pk", "answer_count"))
