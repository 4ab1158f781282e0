"""The legal defaults, for both election types; the coordinator edits them in the admin.

Kajian awal: 2 calendar days from receipt (Perbawaslu 7/2022). Handling: 7 calendar days from
registration, extendable once to 14 working days when more information is needed (UU 7/2017
Pasal 454). The Pilkada regime may differ: the same numbers until the office sets its own.
"""

from django.db import migrations

DEFAULTS = [
    ("assessment", 2, "calendar"),
    ("handling", 7, "calendar"),
    ("extension", 14, "working"),
]


def deadlines_create(apps, schema_editor):
    StageDeadline = apps.get_model("complaints", "StageDeadline")
    for kind in ("pemilu", "pilkada"):
        for clock, days, unit in DEFAULTS:
            StageDeadline.objects.get_or_create(
                election_kind=kind, clock=clock, defaults={"days": days, "unit": unit}
            )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_deadlines_retention_replies")]

    operations = [migrations.RunPython(deadlines_create, migrations.RunPython.noop)]
