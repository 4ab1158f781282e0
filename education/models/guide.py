"""The reference part of education: FAQ entries, glossary terms and self-check quizzes.

Plain text everywhere (answers, definitions, explanations are short and read on slow phones):
nothing to sanitise, and the pages escape it. A quiz stores no answer of anyone, only an
anonymous count per choice (education.guide_services.quiz_answers_record).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Question(models.Model):
    """A question of the FAQ (/edukasi/tanya-jawab/), opened by the anchor of its slug."""

    theme = models.ForeignKey(
        "education.Theme",
        verbose_name=_("tema"),
        on_delete=models.PROTECT,
        related_name="faq_questions",
    )
    question = models.CharField(_("pertanyaan"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Jangkar alamat pertanyaan ini: /edukasi/tanya-jawab/#slug."),
    )
    answer = models.TextField(
        _("jawaban"),
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Teks biasa; kalimat pendek."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    published = models.BooleanField(_("terbit"), default=False)

    class Meta:
        verbose_name = _("tanya jawab")
        verbose_name_plural = _("tanya jawab")
        ordering = ["theme", "order", "question"]
        permissions = [("publish_question", _("Dapat menerbitkan tanya jawab"))]

    def __str__(self) -> str:
        return self.question


class GlossaryTerm(models.Model):
    """A term of the glossary (/edukasi/glosarium/) with a plain-language definition."""

    term = models.CharField(_("istilah"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=110, unique=True)
    definition = models.TextField(
        _("definisi"),
        max_length=1500,
        validators=[MaxLengthValidator(1500)],
        help_text=_("Bahasa sehari-hari; kalimat pendek."),
    )
    see_also = models.ManyToManyField(
        "self", verbose_name=_("lihat juga"), symmetrical=False, blank=True
    )
    published = models.BooleanField(_("terbit"), default=False)

    class Meta:
        verbose_name = _("istilah glosarium")
        verbose_name_plural = _("glosarium")
        ordering = ["term"]
        permissions = [("publish_glossaryterm", _("Dapat menerbitkan istilah glosarium"))]

    def __str__(self) -> str:
        return self.term


class Quiz(models.Model):
    title = models.CharField(_("judul"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    intro = models.TextField(
        _("pengantar"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    theme = models.ForeignKey(
        "education.Theme",
        verbose_name=_("tema"),
        on_delete=models.PROTECT,
        related_name="quizzes",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    published = models.BooleanField(_("terbit"), default=False)

    class Meta:
        verbose_name = _("kuis")
        verbose_name_plural = _("kuis")
        ordering = ["order", "title"]
        permissions = [("publish_quiz", _("Dapat menerbitkan kuis"))]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.published and self.pk is not None:
            problems = quiz_publish_problems(self)
            if problems:
                raise ValidationError({"published": problems})
        elif self.published:
            raise ValidationError(
                {"published": _("Simpan kuis dan pertanyaannya dulu, baru terbitkan.")}
            )


def quiz_publish_problems(quiz: Quiz) -> list[str]:
    """Why the quiz cannot be shown yet: no question, or a question without two choices and a
    right one. Read from the database, so questions are saved before publishing."""
    questions = list(quiz.questions.prefetch_related("choices"))
    if not questions:
        return [_("Kuis belum punya pertanyaan.")]
    problems = []
    for question in questions:
        choices = list(question.choices.all())
        if len(choices) < 2 or not any(choice.is_correct for choice in choices):
            problems.append(
                _("Pertanyaan “%(text)s” perlu sedikitnya dua pilihan dan satu jawaban benar.")
                % {"text": question.text}
            )
    return problems


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("kuis"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("pertanyaan"), max_length=300)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    explanation = models.TextField(
        _("penjelasan jawaban benar"),
        max_length=1500,
        validators=[MaxLengthValidator(1500)],
        help_text=_("Ditampilkan di halaman hasil."),
    )

    class Meta:
        verbose_name = _("pertanyaan kuis")
        verbose_name_plural = _("pertanyaan kuis")
        ordering = ["quiz", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class QuizChoice(models.Model):
    question = models.ForeignKey(
        QuizQuestion, verbose_name=_("pertanyaan"), on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(_("pilihan"), max_length=200)
    is_correct = models.BooleanField(_("jawaban benar"), default=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # Anonymous: how many submissions chose it, nothing about who (raised by one F() UPDATE).
    answer_count = models.PositiveBigIntegerField(_("dipilih"), default=0, editable=False)

    class Meta:
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "text"], name="education_quizchoice_text_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text
