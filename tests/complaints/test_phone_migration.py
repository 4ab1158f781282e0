"""complaints 0005: reporters' numbers stored as "+62081…" by the desk's first reader become
E.164, as humas_portal.validators stores every number now; the rest is left alone."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from complaints.models import Complaint
from humas_portal.validators import phone_normalise
from tests.complaints.factories import complaint_file

migration = import_module("complaints.migrations.0008_reporter_phone_e164")

pytestmark = pytest.mark.django_db


def test_numbers_with_the_trunk_0_after_the_country_code_become_e164():
    stored = {
        "+62081234567890": "+6281234567890",
        "+620331123456": "+62331123456",
        "+6281234567891": "+6281234567891",
        "": "",
    }
    complaints = {}
    for before, after in stored.items():
        complaint = complaint_file(anonymous=True, reporter_name="", reporter_address="")
        Complaint.objects.filter(pk=complaint.complaint.pk).update(reporter_phone=before)
        complaints[complaint.complaint.pk] = after

    # The step reads only the connection from its schema editor (SQLite opens none in a test's
    # transaction).
    migration.reporter_phone_e164(apps, SimpleNamespace(connection=connection))

    assert dict(Complaint.objects.values_list("pk", "reporter_phone")) == complaints
    for phone in complaints.values():
        if phone:
            assert phone_normalise(phone) == phone
