"""JournalistProfile moves from news with its rows: state only, on the existing table.

The table keeps its name (``news_journalistprofile``), its columns, indexes and constraints;
only Django's idea of which app owns the model changes. news' migration 0002 removes the model
from news' state. The ContentType row is relabelled here, so the permissions (the custom
``verify_journalist`` included), the groups' grants and the admin log entries follow the model.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODEL = "journalistprofile"


def _content_type_move(apps, schema_editor, *, old: str, new: str) -> None:
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    ContentType = apps.get_model("contenttypes", "ContentType")
    database = schema_editor.connection.alias
    content_types = ContentType.objects.using(database)
    moving = content_types.filter(app_label=old, model=MODEL).first()
    if moving is not None:
        # A row under the new label can exist only if post_migrate ran in between; it holds
        # nothing the office granted, while the old row holds every grant and log entry.
        content_types.filter(app_label=new, model=MODEL).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])
    # A fresh database has no rows yet: post_migrate creates them under the new label.
    CurrentContentType.objects.clear_cache()


def content_type_forward(apps, schema_editor) -> None:
    _content_type_move(apps, schema_editor, old="news", new="media_forum")


def content_type_backward(apps, schema_editor) -> None:
    _content_type_move(apps, schema_editor, old="media_forum", new="news")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0001_initial"),
        ("notifications", "0003_bulk_audience"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="JournalistProfile",
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
                        ("name", models.CharField(max_length=120, verbose_name="nama")),
                        ("outlet", models.CharField(max_length=120, verbose_name="media")),
                        (
                            "beat",
                            models.CharField(
                                blank=True, max_length=120, verbose_name="desk liputan"
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=20, verbose_name="telepon"),
                        ),
                        (
                            "verified",
                            models.BooleanField(default=False, verbose_name="terverifikasi"),
                        ),
                        (
                            "verified_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="diverifikasi pada"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="terdaftar"),
                        ),
                        (
                            "subscriber",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="journalist",
                                to="notifications.subscriber",
                                verbose_name="pelanggan",
                            ),
                        ),
                        (
                            "verified_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="diverifikasi oleh",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "profil wartawan",
                        "verbose_name_plural": "profil wartawan",
                        "db_table": "news_journalistprofile",
                        "ordering": ["outlet", "name"],
                        "permissions": [("verify_journalist", "Dapat memverifikasi wartawan")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_forward, content_type_backward),
    ]
