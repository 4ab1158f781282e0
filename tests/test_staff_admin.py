import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from humas_portal.models import AuditEvent
from humas_portal.roles import ADMINISTRATOR
from humas_portal.siteprofile.models import OfficeProfile
from tests.factories import staff_create, user_form

User = get_user_model()


@pytest.fixture
def administrator(db):
    return staff_create("kasubag", role=ADMINISTRATOR)


@pytest.mark.django_db
def test_administrator_cannot_make_anyone_a_superuser(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:auth_user_change", args=[administrator.pk])

    response = client.post(url, user_form(administrator, is_superuser="on"))

    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.is_superuser is False


@pytest.mark.django_db
def test_administrator_cannot_touch_a_superusers_account(client, administrator):
    root = User.objects.create_superuser("root", password="y" * 16)
    client.force_login(administrator)

    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    response = client.post(password_url, {"password1": "z" * 16, "password2": "z" * 16})

    assert response.status_code == 403
    root.refresh_from_db()
    assert root.check_password("y" * 16)


@pytest.mark.django_db
def test_administrator_assigns_roles(client, administrator):
    editor = User.objects.create_user("redaktur", password="x" * 16, is_staff=True)
    client.force_login(administrator)
    url = reverse("admin:auth_user_change", args=[editor.pk])

    response = client.post(url, user_form(editor, groups=[Group.objects.get(name="Redaksi").pk]))

    assert response.status_code == 302
    assert list(editor.groups.values_list("name", flat=True)) == ["Redaksi"]


@pytest.mark.django_db
@pytest.mark.usefixtures("office")
def test_office_profile_change_in_the_admin_is_audited(client, administrator):
    client.force_login(administrator)
    profile = OfficeProfile.objects.get()
    url = reverse("admin:siteprofile_officeprofile_change", args=[profile.pk])
    data = {
        field: getattr(profile, field) or ""
        for field in ["name", "tagline", "address", "hotline", "whatsapp", "email", "website"]
    }
    data.update(region=profile.region_id, facebook_url="", instagram_url="", x_url="")
    data.update(youtube_url="", tiktok_url="", hotline="0331 999 111")

    response = client.post(url, data)

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="officeprofile.changed")
    assert event.actor == administrator
    assert "hotline" in event.data["fields"]
    assert OfficeProfile.objects.get().hotline == "0331 999 111"
