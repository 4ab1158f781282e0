"""The reporter's outbox rows written before notification_enqueue(about=...) get the key it
gives them now, so that retention's notifications_forget(about=complaint) finds them too.

Old keys: complaint-receipt:<complaint>, complaint-secret:<complaint>:<hex>,
complaint-event:<event>. New: complaints.complaint:<complaint>:receipt, …:secret:<hex>,
…:event:<event>.
"""

import re

from django.db import migrations

OLD = re.compile(r"^complaint-(receipt|secret|event):(\d+)(?::([0-9a-f]+))?$")
NEW = re.compile(r"^complaints\.complaint:(\d+):(receipt|secret|event)(?::([0-9a-f]+|\d+))?$")


def keys_name_complaint(apps, schema_editor):
    Message = apps.get_model("notifications", "Message")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    # complaint-digest:… keys stay: a digest is about an officer's day, not a complaint.
    matches = [
        (pk, OLD.match(key))
        for pk, key in Message.objects.filter(idempotency_key__startswith="complaint-")
        .values_list("pk", "idempotency_key")
        .iterator()
    ]
    matches = [(pk, match) for pk, match in matches if match is not None]
    event_ids = [int(match.group(2)) for _pk, match in matches if match.group(1) == "event"]
    event_complaints = dict(
        ComplaintEvent.objects.filter(pk__in=event_ids).values_list("pk", "complaint_id")
    )
    for pk, match in matches:
        kind, number, secret = match.groups()
        if kind == "receipt":
            key = "complaints.complaint:%s:receipt" % number
        elif kind == "secret":
            key = "complaints.complaint:%s:secret:%s" % (number, secret)
        elif int(number) in event_complaints:
            key = "complaints.complaint:%s:event:%s" % (event_complaints[int(number)], number)
        else:
            continue
        Message.objects.filter(pk=pk).update(idempotency_key=key)


def keys_back(apps, schema_editor):
    Message = apps.get_model("notifications", "Message")
    rows = Message.objects.filter(idempotency_key__startswith="complaints.complaint:")
    for message in rows.only("pk", "idempotency_key"):
        match = NEW.match(message.idempotency_key)
        if match is None:
            continue
        number, kind, rest = match.groups()
        if kind == "receipt":
            key = "complaint-receipt:%s" % number
        elif kind == "secret":
            key = "complaint-secret:%s:%s" % (number, rest)
        else:
            key = "complaint-event:%s" % rest
        Message.objects.filter(pk=message.pk).update(idempotency_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_hold_permission"),
        ("notifications", "0003_bulk_audience"),
    ]

    operations = [migrations.RunPython(keys_name_complaint, keys_back)]
