"""JournalistProfile now belongs to media_forum (its 0001 took over the table and relabelled the
content type): remove it from news' state only; the table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("media_forum", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="JournalistProfile")],
            database_operations=[],
        ),
    ]
