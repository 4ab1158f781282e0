"""The language the reporter filed in: their e-mails are written in it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_new_complaint_alerts"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="language",
            field=models.CharField(
                choices=[("id", "Bahasa Indonesia"), ("en", "English")],
                default="id",
                editable=False,
                max_length=8,
                verbose_name="bahasa",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["id", "en"])), name="complaint_language_valid"
            ),
        ),
    ]
