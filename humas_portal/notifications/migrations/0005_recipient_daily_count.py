"""Public-form e-mails per mailbox per day, counted by a digest of the mailbox."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_language_and_bulk_bodies"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecipientDailyCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(editable=False, max_length=64)),
                ("day", models.DateField(editable=False)),
                ("count", models.PositiveIntegerField(default=0, editable=False)),
            ],
            options={
                "verbose_name": "hitungan e-mail per penerima",
                "verbose_name_plural": "hitungan e-mail per penerima",
                "constraints": [
                    models.UniqueConstraint(fields=("key", "day"), name="recipientdailycount_once")
                ],
            },
        ),
    ]
