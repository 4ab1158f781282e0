"""Sensitive messages' bodies are stored encrypted from now on (docs/SECURITY.md, "Sensitive
e-mail at rest"). Rows queued before keep ``encrypted`` False and are sent as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_recipient_daily_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="encrypted",
            field=models.BooleanField(default=False, verbose_name="terenkripsi"),
        ),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.CheckConstraint(
                condition=models.Q(("encrypted", False), ("sensitive", True), _connector="OR"),
                name="message_encrypted_only_sensitive",
            ),
        ),
    ]
