"""The complaint desk in the admin: officers list, filter, read and act; nobody edits a report,
identity is shown only to the coordinator, and every view of it is audited."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import Complaint, ComplaintEvent, EventKind, Stage
from complaints.services import complaint_transition
from humas_portal.models import AuditEvent
from humas_portal.notifications.models import Message
from humas_portal.roles import (
    ADMINISTRATOR,
    COMPLAINT_OFFICER,
    EDITOR,
)
from humas_portal.siteprofile.models import Region
from tests.complaints.factories import (
    IDENTITY,
    WITNESS,
    action_url,
    change_url,
    complaint_file,
    election_create,
    identity_values,
)
from tests.factories import staff_create

CHANGELIST = "admin:complaints_complaint_changelist"


@pytest.fixture
def complaint(office):
    return complaint_file(**IDENTITY, witnesses=[WITNESS]).complaint


def audit_count(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def assert_no_identity(html: str) -> None:
    for value in identity_values():
        assert value not in html, value


def listed(response) -> list[Complaint]:
    return list(response.context["cl"].result_list)


# --- The officer (Petugas Pengaduan) ---------------------------------------------------------


def test_officer_lists_and_filters_without_identity(client, officer, complaint):
    other = complaint_file(
        category="hoax_hate",
        location=Region.objects.get(code="35.09.24.1001"),
        election=election_create("Pemilu 2029", kind="pemilu"),
    ).complaint
    complaint_transition(
        complaint_id=other.pk, expected_stage=Stage.RECEIVED, to=Stage.ASSESSMENT, actor=officer
    )
    client.force_login(officer)

    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert complaint.number in page.text
    assert other.number in page.text
    # The kecamatan column, from each complaint's village.
    assert '<td class="field-district">Kencong</td>' in page.text
    assert '<td class="field-district">Kaliwates</td>' in page.text
    assert_no_identity(page.text)

    def filtered(**query) -> list[Complaint]:
        return listed(client.get(reverse(CHANGELIST), query))

    assert filtered(stage__exact=Stage.ASSESSMENT) == [other]
    assert filtered(category__exact="money_politics") == [complaint]
    assert filtered(election__id__exact=str(complaint.election_id)) == [complaint]
    assert filtered(kecamatan="35.09.24") == [other]
    assert filtered(kecamatan="35.09.01") == [complaint]
    assert set(filtered(ditugaskan="belum")) == {complaint, other}
    assert filtered(ditugaskan="saya") == []
    Complaint.objects.filter(pk=other.pk).update(assigned_to=officer)
    assert filtered(ditugaskan="saya") == [other]


def test_officer_reads_the_complaint_but_never_the_identity(client, officer, complaint):
    client.force_login(officer)

    page = client.get(change_url(complaint))

    assert page.status_code == 200
    assert complaint.title in page.text
    assert complaint.description in page.text
    assert "(disembunyikan)" in page.text
    assert_no_identity(page.text)
    # Nothing to audit: nothing was shown.
    assert audit_count("complaint.identity_viewed") == 0


def test_officer_searching_by_reporter_name_finds_nothing_and_leaves_no_trace(
    client, officer, complaint
):
    client.force_login(officer)

    by_name = client.get(reverse(CHANGELIST), {"q": "Wiraningsih"})
    by_number = client.get(reverse(CHANGELIST), {"q": complaint.number})
    by_title = client.get(reverse(CHANGELIST), {"q": "amplop"})

    assert listed(by_name) == []
    assert listed(by_number) == [complaint]
    assert listed(by_title) == [complaint]
    for page in (by_number, by_title):
        assert_no_identity(page.text)
    assert audit_count("complaint.identity_searched") == 0


def test_nobody_adds_deletes_or_edits_a_complaint_in_the_admin(client, officer, complaint):
    client.force_login(officer)

    assert client.get(reverse("admin:complaints_complaint_add")).status_code == 403
    delete = reverse("admin:complaints_complaint_delete", args=[complaint.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    edit = client.post(change_url(complaint), {"title": "Diubah petugas", "stage": Stage.CLOSED})
    assert edit.status_code == 403
    complaint.refresh_from_db()
    assert complaint.title != "Diubah petugas"
    assert complaint.stage == Stage.RECEIVED
    # The page has no input for the report's own fields, only the action forms below it.
    page = client.get(change_url(complaint)).text
    main_form = page.split('id="complaint_form"', 1)[1].split("</form>", 1)[0]
    assert not re.search(r"<(input|textarea|select)\b(?![^>]*type=\"hidden\")", main_form)


def test_an_anonymous_complaint_says_so(client, officer, coordinator, office):
    anonymous = complaint_file(
        anonymous=True, reporter_name="", reporter_phone="", reporter_email="", reporter_address=""
    ).complaint
    for user in (officer, coordinator):
        client.force_login(user)
        page = client.get(change_url(anonymous)).text
        assert "Anonim" in page


# --- The coordinator (Koordinator Pengaduan) -------------------------------------------------


def test_coordinator_sees_the_identity_and_each_view_writes_one_audit_row(
    client, coordinator, complaint
):
    client.force_login(coordinator)

    page = client.get(change_url(complaint))

    assert page.status_code == 200
    for value in identity_values():
        assert value in page.text, value
    rows = AuditEvent.objects.filter(action="complaint.identity_viewed")
    assert [(row.actor, row.target_id) for row in rows] == [(coordinator, str(complaint.pk))]

    client.get(change_url(complaint))
    assert audit_count("complaint.identity_viewed") == 2


def test_coordinator_search_by_reporter_name_writes_one_row_without_the_term(
    client, coordinator, complaint, office
):
    other = complaint_file().complaint
    client.force_login(coordinator)

    found = client.get(reverse(CHANGELIST), {"q": "Wiraningsih"})

    assert listed(found) == [complaint]
    assert other.number in client.get(reverse(CHANGELIST)).text
    rows = list(AuditEvent.objects.filter(action="complaint.identity_searched"))
    assert len(rows) == 1
    assert rows[0].actor == coordinator
    assert rows[0].data == {"numbers": [complaint.number]}
    assert "Wiraningsih" not in str(rows[0].data) + rows[0].target_repr
    # The list itself shows no identity, only the complaints found.
    assert_no_identity(found.text)

    client.get(reverse(CHANGELIST), {"q": "tidak ada yang cocok"})
    assert audit_count("complaint.identity_searched") == 2
    assert AuditEvent.objects.filter(action="complaint.identity_searched").latest("pk").data == {
        "numbers": []
    }


# --- Other roles ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [EDITOR, ADMINISTRATOR])
def test_other_roles_cannot_open_the_complaint_desk(client, complaint, role):
    client.force_login(staff_create("lain", role=role))

    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(change_url(complaint)).status_code == 403
    assert client.post(action_url(complaint, "note"), {"internal_note": "x"}).status_code == 403
    index = client.get(reverse("admin:index"))
    assert "complaints" not in [app["app_label"] for app in index.context["app_list"]]
    assert not ComplaintEvent.objects.filter(kind=EventKind.NOTE).exists()


def test_the_complaint_desk_is_in_the_officers_admin_index(client, officer):
    client.force_login(officer)
    index = client.get(reverse("admin:index"))
    apps = {app["app_label"]: app for app in index.context["app_list"]}
    assert {model["object_name"] for model in apps["complaints"]["models"]} == {
        "Complaint",
        "CannedReply",
        "StageDeadline",
    }
    # The elections and the holiday calendar they count deadlines by, now office-wide.
    assert {model["object_name"] for model in apps["elections"]["models"]} == {
        "Election",
        "Holiday",
    }


# --- Actions ----------------------------------------------------------------------------------


def test_the_stage_form_offers_only_the_moves_from_the_current_stage(client, officer, complaint):
    client.force_login(officer)

    def offered() -> list[str] | None:
        actions = client.get(change_url(complaint)).context["complaint_actions"]
        forms = {action["name"]: action["form"] for action in actions}
        if "transition" not in forms:
            return None
        return [value for value, _label in forms["transition"].fields["to"].choices]

    assert offered() == [Stage.ASSESSMENT, Stage.MERGED]
    Complaint.objects.filter(pk=complaint.pk).update(stage=Stage.DELIBERATION)
    assert offered() == [Stage.FORWARDED, Stage.STOPPED, Stage.MERGED]
    Complaint.objects.filter(pk=complaint.pk).update(stage=Stage.CLOSED)
    assert offered() is None


def test_a_stage_move_through_the_admin_form(client, officer, complaint):
    client.force_login(officer)

    response = client.post(
        action_url(complaint, "transition"),
        {
            "expected_stage": Stage.RECEIVED,
            "to": Stage.ASSESSMENT,
            "public_note": "Laporan Anda sedang dikaji.",
            "internal_note": "Cek dengan Panwascam Kencong.",
            # The "Kirim" of the preview (tests/complaints/test_replies.py).
            "_send": "1",
        },
        follow=True,
    )

    assert response.redirect_chain == [(change_url(complaint), 302)]
    assert "dipindah ke tahap Kajian Awal" in response.text
    complaint.refresh_from_db()
    assert complaint.stage == Stage.ASSESSMENT
    event = complaint.events.get(kind=EventKind.STAGE, to_stage=Stage.ASSESSMENT)
    assert (event.actor, event.public_note, event.internal_note) == (
        officer,
        "Laporan Anda sedang dikaji.",
        "Cek dengan Panwascam Kencong.",
    )
    # The timeline on the page shows the internal note too.
    assert "Cek dengan Panwascam Kencong." in response.text


def test_a_stale_stage_form_is_refused_with_a_clear_message(client, officer, complaint):
    other = staff_create("petugas2", role=COMPLAINT_OFFICER)
    complaint_transition(
        complaint_id=complaint.pk, expected_stage=Stage.RECEIVED, to=Stage.ASSESSMENT, actor=other
    )
    client.force_login(officer)

    # The officer's page still showed Diterima.
    response = client.post(
        action_url(complaint, "transition"),
        {
            "expected_stage": Stage.RECEIVED,
            "to": Stage.ASSESSMENT,
            "public_note": "Catatan yang tidak boleh hilang",
        },
    )

    assert response.status_code == 200
    assert "sudah dipindah ke tahap Kajian Awal oleh petugas lain" in response.text
    # What the officer typed is kept.
    assert "Catatan yang tidak boleh hilang" in response.text
    assert complaint.events.filter(kind=EventKind.STAGE, to_stage=Stage.ASSESSMENT).count() == 1


def test_a_service_refusal_is_shown_at_its_field(client, officer, complaint):
    Complaint.objects.filter(pk=complaint.pk).update(stage=Stage.ASSESSMENT)
    client.force_login(officer)

    response = client.post(
        action_url(complaint, "transition"),
        {"expected_stage": Stage.ASSESSMENT, "to": Stage.NOT_REGISTERED, "public_note": " "},
    )

    assert response.status_code == 200
    form = response.context["action"]["form"]
    assert form.errors["public_note"] == ["Tuliskan alasannya di catatan untuk pelapor."]
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.ASSESSMENT


def test_reply_note_and_assignment_through_the_admin(client, officer, coordinator, complaint):
    editor = staff_create("redaktur", role=EDITOR)
    client.force_login(officer)
    sent_before = Message.objects.filter(kind="complaint_update").count()

    reply = client.post(
        action_url(complaint, "reply"),
        {"public_note": "Terima kasih, kami tindak lanjuti.", "_send": "1"},
    )
    note = client.post(action_url(complaint, "note"), {"internal_note": "Hubungi PKD."})
    assign = client.post(action_url(complaint, "assign"), {"officer": coordinator.pk})
    not_staff = client.post(action_url(complaint, "assign"), {"officer": editor.pk})
    empty_note = client.post(action_url(complaint, "note"), {"internal_note": ""})

    assert [reply.status_code, note.status_code, assign.status_code] == [302, 302, 302]
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.REPLY) == 1
    assert kinds.count(EventKind.NOTE) == 1
    assert kinds.count(EventKind.ASSIGNED) == 1
    assert Message.objects.filter(kind="complaint_update").count() == sent_before + 1
    complaint.refresh_from_db()
    assert complaint.assigned_to == coordinator
    # Only complaint-desk staff are offered; an editor is not a valid choice.
    assert not_staff.status_code == 200
    assert "officer" in not_staff.context["action"]["form"].errors
    assert empty_note.status_code == 200
    assert complaint.events.filter(kind=EventKind.NOTE).count() == 1

    unassign = client.post(action_url(complaint, "assign"), {"officer": ""})
    assert unassign.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).assigned_to is None


def test_actions_are_posts_only(client, officer, complaint):
    client.force_login(officer)
    response = client.get(action_url(complaint, "transition"))
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.RECEIVED


# --- Elections --------------------------------------------------------------------------------


def test_coordinator_manages_elections_and_officer_only_reads_them(client, officer, coordinator):
    add = reverse("admin:elections_election_add")
    data = {"name": "Pilkada Jember 2031", "kind": "pilkada", "voting_day": "", "is_open": "on"}

    client.force_login(officer)
    assert client.get(reverse("admin:elections_election_changelist")).status_code == 200
    assert client.post(add, data).status_code == 403

    client.force_login(coordinator)
    assert client.post(add, data).status_code == 302
    assert election_create("Pilkada Jember 2031").kind == "pilkada"


# --- Query count ------------------------------------------------------------------------------


def changelist_queries(client) -> int:
    client.get(reverse(CHANGELIST))  # warm the office-profile cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(CHANGELIST)).status_code == 200
    return len(queries)


def test_changelist_query_count_does_not_grow_with_rows(client, officer, office):
    client.force_login(officer)
    for _n in range(3):
        complaint_file()
    few = changelist_queries(client)
    Complaint.objects.update(assigned_to=officer)
    for _n in range(27):
        complaint_file(location=Region.objects.get(code="35.09.24.1002"))

    assert Complaint.objects.count() == 30
    assert changelist_queries(client) == few
