import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0002_item_search_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="GlossaryTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.CharField(max_length=100, unique=True, verbose_name="istilah")),
                ("slug", models.SlugField(max_length=110, unique=True, verbose_name="slug")),
                (
                    "definition",
                    models.TextField(
                        help_text="Bahasa sehari-hari; kalimat pendek.",
                        max_length=1500,
                        validators=[django.core.validators.MaxLengthValidator(1500)],
                        verbose_name="definisi",
                    ),
                ),
                ("published", models.BooleanField(default=False, verbose_name="terbit")),
                (
                    "see_also",
                    models.ManyToManyField(
                        blank=True, to="education.glossaryterm", verbose_name="lihat juga"
                    ),
                ),
            ],
            options={
                "verbose_name": "istilah glosarium",
                "verbose_name_plural": "glosarium",
                "ordering": ["term"],
                "permissions": [("publish_glossaryterm", "Dapat menerbitkan istilah glosarium")],
            },
        ),
        migrations.CreateModel(
            name="Question",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("question", models.CharField(max_length=200, verbose_name="pertanyaan")),
                (
                    "slug",
                    models.SlugField(
                        help_text="Jangkar alamat pertanyaan ini: /edukasi/tanya-jawab/#slug.",
                        max_length=80,
                        unique=True,
                        verbose_name="slug",
                    ),
                ),
                (
                    "answer",
                    models.TextField(
                        help_text="Teks biasa; kalimat pendek.",
                        max_length=2000,
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                        verbose_name="jawaban",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="urutan")),
                ("published", models.BooleanField(default=False, verbose_name="terbit")),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="faq_questions",
                        to="education.theme",
                        verbose_name="tema",
                    ),
                ),
            ],
            options={
                "verbose_name": "tanya jawab",
                "verbose_name_plural": "tanya jawab",
                "ordering": ["theme", "order", "question"],
                "permissions": [("publish_question", "Dapat menerbitkan tanya jawab")],
            },
        ),
        migrations.CreateModel(
            name="Quiz",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=150, verbose_name="judul")),
                ("slug", models.SlugField(max_length=160, unique=True, verbose_name="slug")),
                (
                    "intro",
                    models.TextField(
                        blank=True,
                        max_length=1000,
                        validators=[django.core.validators.MaxLengthValidator(1000)],
                        verbose_name="pengantar",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="urutan")),
                ("published", models.BooleanField(default=False, verbose_name="terbit")),
                (
                    "theme",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="quizzes",
                        to="education.theme",
                        verbose_name="tema",
                    ),
                ),
            ],
            options={
                "verbose_name": "kuis",
                "verbose_name_plural": "kuis",
                "ordering": ["order", "title"],
                "permissions": [("publish_quiz", "Dapat menerbitkan kuis")],
            },
        ),
        migrations.CreateModel(
            name="QuizQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=300, verbose_name="pertanyaan")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="urutan")),
                (
                    "explanation",
                    models.TextField(
                        help_text="Ditampilkan di halaman hasil.",
                        max_length=1500,
                        validators=[django.core.validators.MaxLengthValidator(1500)],
                        verbose_name="penjelasan jawaban benar",
                    ),
                ),
                (
                    "quiz",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questions",
                        to="education.quiz",
                        verbose_name="kuis",
                    ),
                ),
            ],
            options={
                "verbose_name": "pertanyaan kuis",
                "verbose_name_plural": "pertanyaan kuis",
                "ordering": ["quiz", "order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="QuizChoice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=200, verbose_name="pilihan")),
                ("is_correct", models.BooleanField(default=False, verbose_name="jawaban benar")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="urutan")),
                (
                    "answer_count",
                    models.PositiveBigIntegerField(
                        default=0, editable=False, verbose_name="dipilih"
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="choices",
                        to="education.quizquestion",
                        verbose_name="pertanyaan",
                    ),
                ),
            ],
            options={
                "verbose_name": "pilihan jawaban",
                "verbose_name_plural": "pilihan jawaban",
                "ordering": ["question", "order", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("question", "text"), name="education_quizchoice_text_unique"
                    )
                ],
            },
        ),
    ]
