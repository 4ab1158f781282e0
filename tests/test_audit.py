import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from humas_portal.audit import audit_record
from humas_portal.models import AuditEvent
from humas_portal.siteprofile.services import office_profile_update


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(username="operator", password="x" * 16)


@pytest.mark.django_db
def test_audit_record_keeps_who_what_when_and_which(staff):
    profile = office_profile_update(name="Bawaslu Kabupaten Jember")

    event = audit_record(staff, "officeprofile.viewed", profile, reason="uji")

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == staff
    assert stored.actor_username == "operator"
    assert stored.action == "officeprofile.viewed"
    assert stored.target_type == "siteprofile.officeprofile"
    assert stored.target_id == "1"
    assert stored.target_repr == "Bawaslu Kabupaten Jember"
    assert stored.data == {"reason": "uji"}
    assert stored.created_at is not None


@pytest.mark.django_db
def test_audit_events_survive_the_deletion_of_their_actor(staff):
    event = audit_record(staff, "login")
    staff.delete()
    event.refresh_from_db()
    assert event.actor is None
    assert event.actor_username == "operator"


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted(staff):
    event = audit_record(staff, "login")
    event.action = "something else"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "login"


@pytest.mark.django_db
def test_audit_trail_is_read_only_in_the_admin(admin_client, staff):
    event = audit_record(staff, "login")
    change_url = reverse("admin:humas_portal_auditevent_change", args=[event.pk])

    assert admin_client.get(reverse("admin:humas_portal_auditevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:humas_portal_auditevent_add")).status_code == 403
    response = admin_client.post(change_url, {"action": "tampered"})
    assert response.status_code == 403
    assert (
        admin_client.post(
            reverse("admin:humas_portal_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    event.refresh_from_db()
    assert event.action == "login"
