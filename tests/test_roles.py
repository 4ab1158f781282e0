from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from humas_portal import roles
from tests.factories import staff_create, user_form

# The exact permission set of each role, written out again on purpose: a change to the role
# table must be made twice, here and in humas_portal/roles.py, never by accident.
EXPECTED = {
    "Administrator": {
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
        "siteprofile.view_officeprofile",
        "siteprofile.change_officeprofile",
        "siteprofile.view_region",
        "humas_portal.view_auditevent",
        "notifications.view_message",
        "notifications.change_message",
        "notifications.view_bulksend",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "humas_portal.view_workerheartbeat",
        "elections.view_election",
        "elections.add_election",
        "elections.change_election",
        "elections.view_electionstage",
        "elections.add_electionstage",
        "elections.change_electionstage",
        "elections.delete_electionstage",
    },
    "Pemimpin Redaksi": {
        "siteprofile.view_officeprofile",
        "notifications.view_bulksend",
        "news.add_article",
        "news.change_article",
        "news.view_article",
        "news.publish_article",
        "news.view_category",
        "news.add_category",
        "news.change_category",
        "news.view_tag",
        "news.add_tag",
        "news.change_tag",
        "news.add_articleimage",
        "news.change_articleimage",
        "news.view_articleimage",
        "news.delete_articleimage",
        "news.add_articleattachment",
        "news.change_articleattachment",
        "news.view_articleattachment",
        "news.delete_articleattachment",
        "news.add_correction",
        "news.view_correction",
        "news.view_articlerevision",
        "education.add_educationitem",
        "education.change_educationitem",
        "education.view_educationitem",
        "education.view_educationitemrevision",
        "education.view_segment",
        "education.view_theme",
        "education.publish_educationitem",
        "education.add_segment",
        "education.change_segment",
        "education.add_theme",
        "education.change_theme",
        "media_forum.view_journalistprofile",
        "media_forum.change_journalistprofile",
        "media_forum.verify_journalist",
        "elections.view_election",
        "elections.add_election",
        "elections.change_election",
        "elections.view_electionstage",
        "elections.add_electionstage",
        "elections.change_electionstage",
        "elections.delete_electionstage",
    },
    "Redaksi": {
        "siteprofile.view_officeprofile",
        "news.add_article",
        "news.change_article",
        "news.view_article",
        "news.view_category",
        "news.view_tag",
        "news.add_tag",
        "news.add_articleimage",
        "news.change_articleimage",
        "news.view_articleimage",
        "news.delete_articleimage",
        "news.add_articleattachment",
        "news.change_articleattachment",
        "news.view_articleattachment",
        "news.delete_articleattachment",
        "news.view_correction",
        "news.view_articlerevision",
        "education.add_educationitem",
        "education.change_educationitem",
        "education.view_educationitem",
        "education.view_educationitemrevision",
        "education.view_segment",
        "education.view_theme",
    },
    "Petugas Pengaduan": {
        "complaints.view_complaint",
        "complaints.change_complaint",
        "complaints.view_evidence",
        "elections.view_election",
        "complaints.view_cannedreply",
        "complaints.view_stagedeadline",
        "elections.view_holiday",
    },
    "Koordinator Pengaduan": {
        "complaints.view_complaint",
        "complaints.change_complaint",
        "complaints.view_evidence",
        "elections.view_election",
        "complaints.view_cannedreply",
        "complaints.view_identity",
        "complaints.hold_complaint",
        "complaints.receive_new_alerts",
        "elections.add_election",
        "elections.change_election",
        "complaints.view_stagedeadline",
        "complaints.change_stagedeadline",
        "elections.view_holiday",
        "elections.add_holiday",
        "elections.change_holiday",
        "elections.delete_holiday",
        "complaints.add_cannedreply",
        "complaints.change_cannedreply",
        "complaints.delete_cannedreply",
        "notifications.view_message",
        "notifications.view_sensitive_recipient",
    },
    "Koordinator Forum Media": {
        "media_forum.view_journalistprofile",
        "media_forum.change_journalistprofile",
        "media_forum.verify_journalist",
        "media_forum.add_event",
        "media_forum.change_event",
        "media_forum.view_event",
        "media_forum.publish_event",
        "media_forum.checkin_event",
        "media_forum.add_eventspeaker",
        "media_forum.change_eventspeaker",
        "media_forum.view_eventspeaker",
        "media_forum.delete_eventspeaker",
        "media_forum.add_eventmaterial",
        "media_forum.change_eventmaterial",
        "media_forum.view_eventmaterial",
        "media_forum.delete_eventmaterial",
        "media_forum.view_registration",
        "media_forum.approve_registration",
    },
}

# The PPID's request desk: the officer handles requests and sees the requester (audited); the
# superior answers objections.
PPID_READING = {"ppid.view_informationrequest", "ppid.view_objection", "elections.view_holiday"}
EXPECTED["Petugas Informasi"] = PPID_READING | {
    "ppid.add_informationentry",
    "ppid.change_informationentry",
    "ppid.view_informationentry",
    "ppid.change_informationrequest",
    "ppid.decide_request",
    "ppid.view_requester",
    "ppid.view_report",
}
EXPECTED["Atasan PPID"] = PPID_READING | {"ppid.answer_objection", "ppid.view_report"}

# Education's FAQ, glossary and quizzes: writers draft, the chief editor also publishes and
# deletes what is public.
GUIDE_WRITING = {
    "education.add_question",
    "education.change_question",
    "education.view_question",
    "education.add_glossaryterm",
    "education.change_glossaryterm",
    "education.view_glossaryterm",
    "education.add_quiz",
    "education.change_quiz",
    "education.view_quiz",
    "education.add_quizquestion",
    "education.change_quizquestion",
    "education.view_quizquestion",
    "education.delete_quizquestion",
    "education.add_quizchoice",
    "education.change_quizchoice",
    "education.view_quizchoice",
    "education.delete_quizchoice",
}
EXPECTED["Redaksi"] |= GUIDE_WRITING
EXPECTED["Pemimpin Redaksi"] |= GUIDE_WRITING | {
    "education.publish_question",
    "education.delete_question",
    "education.publish_glossaryterm",
    "education.delete_glossaryterm",
    "education.publish_quiz",
    "education.delete_quiz",
}


def permissions_of(group: Group) -> set[str]:
    return {
        "%s.%s" % (app_label, codename)
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_each_role_has_exactly_its_permissions():
    call_command("sync_roles", stdout=StringIO())
    assert {group.name: permissions_of(group) for group in Group.objects.all()} == EXPECTED


@pytest.mark.django_db
def test_sync_roles_is_idempotent_and_removes_stray_permissions():
    call_command("sync_roles", stdout=StringIO())
    editor = Group.objects.get(name="Redaksi")
    editor.permissions.add(Permission.objects.get(codename="change_officeprofile"))

    call_command("sync_roles", stdout=StringIO())

    assert Group.objects.count() == len(EXPECTED)
    assert permissions_of(Group.objects.get(name="Redaksi")) == EXPECTED["Redaksi"]


@pytest.mark.django_db
def test_an_unknown_permission_in_the_table_is_an_error(monkeypatch):
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, "Redaksi", frozenset({"news.publish_nothing"}))
    with pytest.raises(LookupError, match=r"news\.publish_nothing"):
        roles.roles_sync()


# --- The PPID's roles, assigned by the Administrator under the identity rule ---------------


def _assign(client, administrator, user, role_name: str):
    client.force_login(administrator)
    return client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        user_form(user, groups=[Group.objects.get(name=role_name).pk]),
    )


@pytest.mark.django_db
def test_the_administrator_assigns_the_ppid_superior(client):
    administrator = staff_create("admin.kantor", role=roles.ADMINISTRATOR)
    user = staff_create("kepala.sekretariat")

    response = _assign(client, administrator, user, roles.PPID_SUPERIOR)

    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == [roles.PPID_SUPERIOR]


@pytest.mark.django_db
def test_only_a_superuser_assigns_the_information_officer_who_sees_requesters(client):
    administrator = staff_create("admin.kantor", role=roles.ADMINISTRATOR)
    user = staff_create("calon.petugas")

    refused = _assign(client, administrator, user, roles.INFORMATION_OFFICER)
    granted = _assign(client, staff_create("root", superuser=True), user, roles.INFORMATION_OFFICER)

    assert refused.status_code == 200
    assert "groups" in refused.context["adminform"].form.errors
    assert granted.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == [roles.INFORMATION_OFFICER]
    assert "ppid.view_requester" in roles.IDENTITY_PERMISSIONS
