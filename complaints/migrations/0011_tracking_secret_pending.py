"""A new tracking secret asked for by e-mail waits as pending; requests are counted per day."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0010_reporter_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="secret_requests",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="complaint",
            name="secret_requests_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="complaint",
            name="tracking_pending_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="complaint",
            name="tracking_pending_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.UniqueConstraint(
                condition=models.Q(("tracking_pending_hash", ""), _negated=True),
                fields=("tracking_pending_hash",),
                name="complaint_tracking_pending_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("tracking_pending_hash", ""),
                    ("tracking_pending_at__isnull", False),
                    _connector="OR",
                ),
                name="complaint_tracking_pending_has_time",
            ),
        ),
    ]
