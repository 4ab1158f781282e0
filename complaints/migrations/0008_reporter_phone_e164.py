"""Reporters' phone numbers in E.164, as humas_portal.validators.phone_normalise stores them.

The complaint desk's first reader kept the trunk 0 typed after the country code, so
"+62 0812 3456 7890" was stored as "+62081234567890"; the number is "+6281234567890". Nothing
else differs: every other stored number already has this form. The reverse is a no-op (the old
form was a mistake, not a choice to restore). The project's other phone columns need nothing:
the press list always stored E.164, and the office's hotline is stored as the office writes it.
"""

from django.db import migrations

TRUNK_AFTER_COUNTRY_CODE = "+620"


def reporter_phone_e164(apps, schema_editor) -> None:
    Complaint = apps.get_model("complaints", "Complaint")
    complaints = Complaint._default_manager.using(schema_editor.connection.alias)
    stored = complaints.filter(reporter_phone__startswith=TRUNK_AFTER_COUNTRY_CODE)
    for pk, phone in stored.values_list("pk", "reporter_phone").iterator():
        complaints.filter(pk=pk).update(
            reporter_phone="+62" + phone[len(TRUNK_AFTER_COUNTRY_CODE) :]
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0007_election_holiday_to_elections")]

    operations = [migrations.RunPython(reporter_phone_e164, migrations.RunPython.noop)]
