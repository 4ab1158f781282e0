"""Election and Holiday move here from the complaint desk, keeping their tables and rows.

Both models are created in the migration state only, on the tables complaints made
(``complaints_election``, ``complaints_holiday``); complaints' own migration then points
``Complaint.election`` here and forgets them. Only the stages (tahapan) and ``is_current`` are
new in the database.

The content types move with the models (app label complaints -> elections), so permissions,
the roles' grants and admin log entries follow. This happens here, in the same migration that
brings the models into this app's state: no ``post_migrate`` can have created ``elections``
content types before it.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("election", "holiday")


def _content_types_relabel(apps, schema_editor, old: str, new: str) -> None:
    # The real model, not the historical one: its manager holds the cache to clear.
    from django.contrib.contenttypes.models import ContentType as CachedContentType

    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        # A fresh database has no rows yet (post_migrate creates them under the new label);
        # a row already under the new label is left alone rather than duplicated.
        if rows.filter(app_label=new, model=model).exists():
            continue
        rows.filter(app_label=old, model=model).update(app_label=new)
    CachedContentType.objects.clear_cache()


def content_types_forward(apps, schema_editor) -> None:
    _content_types_relabel(apps, schema_editor, old="complaints", new="elections")


def content_types_backward(apps, schema_editor) -> None:
    _content_types_relabel(apps, schema_editor, old="elections", new="complaints")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("complaints", "0004_created_at_set_by_service"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Election",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=120, unique=True, verbose_name="nama"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("pemilu", "Pemilu"), ("pilkada", "Pilkada")],
                                max_length=10,
                                verbose_name="jenis",
                            ),
                        ),
                        (
                            "voting_day",
                            models.DateField(
                                blank=True, null=True, verbose_name="hari pemungutan suara"
                            ),
                        ),
                        (
                            "is_open",
                            models.BooleanField(
                                default=True,
                                help_text="Matikan setelah masa pengaduan pemilihan ini berakhir.",
                                verbose_name="dapat dipilih di formulir",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "pemilihan",
                        "verbose_name_plural": "pemilihan",
                        "db_table": "complaints_election",
                        "ordering": ["-voting_day", "name"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("kind__in", ["pemilu", "pilkada"])),
                                name="election_kind_valid",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Holiday",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(unique=True, verbose_name="tanggal")),
                        ("name", models.CharField(max_length=120, verbose_name="keterangan")),
                    ],
                    options={
                        "verbose_name": "hari libur",
                        "verbose_name_plural": "hari libur",
                        "db_table": "complaints_holiday",
                        "ordering": ["date"],
                    },
                ),
            ],
        ),
        migrations.AddField(
            model_name="election",
            name="is_current",
            field=models.BooleanField(
                blank=True,
                choices=[
                    (None, "Otomatis, menurut tahapan"),
                    (True, "Ya, ditetapkan"),
                    (False, "Tidak, ditetapkan"),
                ],
                default=None,
                help_text=(
                    "Otomatis: berlangsung sejak tahapan pertama dimulai sampai tahapan "
                    "terakhir selesai. Pilih Ya atau Tidak untuk menetapkannya sendiri."
                ),
                null=True,
                verbose_name="sedang berlangsung",
            ),
        ),
        migrations.CreateModel(
            name="ElectionStage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="nama tahapan")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="urutan")),
                ("start_date", models.DateField(verbose_name="tanggal mulai")),
                ("end_date", models.DateField(verbose_name="tanggal selesai")),
                (
                    "description",
                    models.TextField(blank=True, max_length=2000, verbose_name="keterangan"),
                ),
                (
                    "election",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="stages",
                        to="elections.election",
                        verbose_name="pemilihan",
                    ),
                ),
            ],
            options={
                "verbose_name": "tahapan pemilihan",
                "verbose_name_plural": "tahapan pemilihan",
                "ordering": ["election", "order", "start_date", "pk"],
                "indexes": [
                    models.Index(
                        fields=["start_date", "end_date"], name="elections_e_start_d_c43d2d_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end_date__gte", models.F("start_date"))),
                        name="electionstage_ends_on_or_after_start",
                        violation_error_message=(
                            "Tanggal selesai tidak boleh sebelum tanggal mulai."
                        ),
                    )
                ],
            },
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
