"""Election and Holiday now live in humas_portal.elections (on the same tables): point
``Complaint.election`` there and forget both models here. Nothing changes in the database:
the foreign key already references ``complaints_election``."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0006_message_keys_name_complaint"),
        ("elections", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="complaint",
                    name="election",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints",
                        to="elections.election",
                        verbose_name="pemilihan",
                    ),
                ),
                migrations.DeleteModel(name="Election"),
                migrations.DeleteModel(name="Holiday"),
            ],
        ),
    ]
