"""Each subscriber and message gets a language; a bulk send's body moves to one row per language.

Sends made before were rendered once, in Indonesian: that body becomes theirs in every language,
so a send still waiting to be enqueued has a body for whoever subscribes meanwhile.
"""

import django.db.models.deletion
from django.db import migrations, models

LANGUAGES = ["id", "en"]
LANGUAGE_CHOICES = [("id", "Bahasa Indonesia"), ("en", "English")]


def language_field():
    return models.CharField(
        choices=LANGUAGE_CHOICES,
        default="id",
        editable=False,
        max_length=8,
        verbose_name="bahasa",
    )


def bodies_split(apps, schema_editor):
    BulkSend = apps.get_model("notifications", "BulkSend")
    BulkSendBody = apps.get_model("notifications", "BulkSendBody")
    for bulk in BulkSend.objects.only("pk", "subject", "body_text", "body_html").iterator():
        BulkSendBody.objects.bulk_create(
            [
                BulkSendBody(
                    bulk_id=bulk.pk,
                    language=language,
                    subject=bulk.subject,
                    body_text=bulk.body_text,
                    body_html=bulk.body_html,
                )
                for language in LANGUAGES
            ]
        )


def bodies_join(apps, schema_editor):
    BulkSend = apps.get_model("notifications", "BulkSend")
    BulkSendBody = apps.get_model("notifications", "BulkSendBody")
    for body in BulkSendBody.objects.filter(language="id").iterator():
        BulkSend.objects.filter(pk=body.bulk_id).update(
            body_text=body.body_text, body_html=body.body_html
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_bulk_audience"),
    ]

    operations = [
        migrations.CreateModel(
            name="BulkSendBody",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", language_field()),
                ("subject", models.CharField(max_length=200, verbose_name="subjek")),
                ("body_text", models.TextField(verbose_name="isi teks")),
                ("body_html", models.TextField(blank=True, verbose_name="isi HTML")),
                (
                    "bulk",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bodies",
                        to="notifications.bulksend",
                        verbose_name="kiriman massal",
                    ),
                ),
            ],
            options={
                "verbose_name": "isi kiriman massal",
                "verbose_name_plural": "isi kiriman massal",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("bulk", "language"), name="bulksendbody_one_per_language"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("language__in", LANGUAGES)),
                        name="bulksendbody_language_valid",
                    ),
                ],
            },
        ),
        migrations.RunPython(bodies_split, bodies_join),
        migrations.RemoveField(model_name="bulksend", name="body_html"),
        migrations.RemoveField(model_name="bulksend", name="body_text"),
        migrations.AddField(model_name="message", name="language", field=language_field()),
        migrations.AddField(model_name="subscriber", name="language", field=language_field()),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", LANGUAGES)), name="message_language_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="subscriber",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", LANGUAGES)), name="subscriber_language_valid"
            ),
        ),
    ]
