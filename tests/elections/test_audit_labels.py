"""Audit rows are append-only: those written while Election and Holiday lived in the complaint
desk keep their old label, and the audit admin finds them under the new one."""

from datetime import date

import pytest
from django.urls import reverse

from humas_portal.audit import audit_record, audit_target_current, audit_target_types
from humas_portal.elections.models import Holiday
from humas_portal.models import AuditEvent
from humas_portal.roles import ADMINISTRATOR
from tests.factories import staff_create

pytestmark = pytest.mark.django_db


def test_old_labels_of_moved_models_map_to_the_new_ones():
    assert audit_target_current("complaints.holiday") == "elections.holiday"
    assert audit_target_current("complaints.complaint") == "complaints.complaint"
    assert audit_target_types("elections.election") == [
        "complaints.election",
        "elections.election",
    ]
    assert audit_target_types("complaints.holiday") == ["complaints.holiday", "elections.holiday"]


def test_the_audit_admin_filters_a_moved_model_under_both_labels(client):
    administrator = staff_create("admin", role=ADMINISTRATOR)
    holiday = Holiday.objects.create(date=date(2026, 12, 25), name="Hari Raya Natal")
    new = audit_record(administrator, "holiday.checked", holiday)
    old = AuditEvent.objects.create(
        action="holiday.checked", target_type="complaints.holiday", target_id=str(holiday.pk)
    )
    other = audit_record(administrator, "login")
    client.force_login(administrator)

    response = client.get(
        reverse("admin:humas_portal_auditevent_changelist"), {"target_type": "elections.holiday"}
    )

    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {new, old}
    assert other not in response.context["cl"].result_list
    choices = [
        choice["display"]
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "target_type"
        for choice in spec.choices(response.context["cl"])
    ]
    assert "elections.holiday" in choices
    assert "complaints.holiday" not in choices
