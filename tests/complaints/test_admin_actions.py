"""The officers' actions (complaints.admin_actions): each refuses a user without its permission
in the service and in the admin view alike, and changes nothing when it does; the one view
serves only the registered actions."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms.models import model_to_dict

from complaints.admin_actions import ACTIONS
from complaints.models import Complaint, ComplaintEvent, Stage
from complaints.services import evidence_add
from humas_portal.models import AuditEvent
from humas_portal.notifications.models import Message
from humas_portal.roles import COMPLAINT_COORDINATOR, ROLE_PERMISSIONS
from tests.complaints.factories import (
    IDENTITY,
    action_url,
    change_url,
    complaint_file,
    complaint_move,
    png_upload,
)
from tests.factories import staff_create

# A valid post of every registered action on a complaint in Klarifikasi, as "Kirim" sends it.
POSTS = {
    "transition": {
        "expected_stage": Stage.CLARIFICATION,
        "to": Stage.DELIBERATION,
        "public_note": "Masuk tahap kajian.",
        "_send": "1",
    },
    "reply": {"public_note": "Terima kasih, kami tindak lanjuti.", "_send": "1"},
    "extend": {"public_note": "", "_send": "1"},
    "note": {"internal_note": "Hubungi PKD."},
    "assign": {"officer": "ASSIGNEE"},
    "legal_hold": {"hold": "1"},
}


@pytest.fixture
def complaint(office, officer):
    filed = complaint_file(**IDENTITY).complaint
    return complaint_move(
        filed, Stage.ASSESSMENT, Stage.REGISTERED, Stage.CLARIFICATION, actor=officer
    )


def post_of(name: str, assignee) -> dict:
    return {
        key: assignee.pk if value == "ASSIGNEE" else value for key, value in POSTS[name].items()
    }


def everything_but(permission: str, username: str):
    """A complaint-desk user with every permission of the coordinator except ``permission``."""
    user = staff_create(username)
    query = Q(pk__in=[])
    for name in ROLE_PERMISSIONS[COMPLAINT_COORDINATOR] - {permission}:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    user.user_permissions.set(Permission.objects.filter(query))
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


def state(complaint: Complaint) -> tuple:
    row = model_to_dict(Complaint.objects.get(pk=complaint.pk))
    return (
        row,
        ComplaintEvent.objects.filter(complaint=complaint).count(),
        Message.objects.count(),
        AuditEvent.objects.exclude(action__startswith="complaint.identity_").count(),
    )


def test_every_registered_action_is_tested_here():
    assert set(ACTIONS) == set(POSTS)


@pytest.mark.parametrize("name", list(POSTS))
def test_an_action_is_refused_without_its_permission(client, complaint, officer, name):
    action = ACTIONS[name]
    refused = everything_but(action.permission, "tanpa-izin")
    data = post_of(name, officer)
    form = action.form(complaint, data)
    assert form.is_valid(), form.errors
    before = state(complaint)

    # The service refuses, whoever calls it.
    with pytest.raises(PermissionDenied):
        action.run(complaint=complaint, actor=refused, data=form.cleaned_data)
    assert state(complaint) == before

    # The admin view refuses, and does not offer the form.
    client.force_login(refused)
    assert client.post(action_url(complaint, name), data).status_code == 403
    assert state(complaint) == before
    page = client.get(change_url(complaint))
    if page.status_code == 200:
        assert name not in [entry["name"] for entry in page.context["complaint_actions"]]

    # The same post by a user who holds the permission is done: the refusal was the permission.
    client.force_login(staff_create("berizin", role=COMPLAINT_COORDINATOR))
    done = client.post(action_url(complaint, name), data)
    assert done.status_code == 302, done.context and done.context["action"]["form"].errors
    assert state(complaint) != before


def test_an_unknown_action_is_not_found(client, complaint, coordinator):
    client.force_login(coordinator)
    before = state(complaint)
    assert client.post(action_url(complaint, "delete"), {}).status_code == 404
    assert client.post(action_url(complaint, "shred"), {}).status_code == 404
    assert state(complaint) == before


def test_the_legal_hold_is_the_coordinators_not_the_officers(client, complaint, officer):
    client.force_login(officer)
    page = client.get(change_url(complaint))
    offered = [entry["name"] for entry in page.context["complaint_actions"]]
    assert "legal_hold" not in offered
    assert {"transition", "reply", "extend", "note", "assign"} <= set(offered)
    assert client.post(action_url(complaint, "legal_hold"), {"hold": "1"}).status_code == 403
    assert not Complaint.objects.get(pk=complaint.pk).legal_hold


def test_an_officers_evidence_upload_needs_the_permission(complaint):
    reader = everything_but("complaints.change_complaint", "pembaca")
    with pytest.raises(PermissionDenied):
        evidence_add(complaint_id=complaint.pk, upload=png_upload(), actor=reader)
    assert not complaint.evidence.exists()
