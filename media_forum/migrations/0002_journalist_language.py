"""The language the journalist registered in."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("media_forum", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="journalistprofile",
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
            model_name="journalistprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["id", "en"])),
                name="journalistprofile_language_valid",
            ),
        ),
    ]
