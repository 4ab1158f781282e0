"""Canned public replies and the preview before anything reaches the reporter; the deadline
extension and the legal hold as actions on the complaint's admin page."""

import html
import re

import pytest
from django.urls import reverse

from complaints.models import CannedReply, Complaint, ComplaintEvent, EventKind, Stage
from complaints.services import complaint_transition
from humas_portal.models import AuditEvent
from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from humas_portal.roles import COMPLAINT_OFFICER
from tests.complaints.factories import action_url, change_url, complaint_file
from tests.factories import staff_create

PREVIEW_TEMPLATE = "admin/complaints/complaint/action_preview.html"
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
OFFICE = "Bawaslu Kabupaten Jember"


@pytest.fixture
def complaint(office):
    return complaint_file().complaint


def confirmed_fields(preview) -> dict:
    """The hidden fields of the preview's form: what its "Kirim" posts."""
    form = preview.text.split('class="module aligned complaint-preview"', 1)[1]
    form = form.split("<form", 1)[1].split("</form>", 1)[0]
    fields = {name: html.unescape(value) for name, value in HIDDEN_INPUT.findall(form)}
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def updates_to(complaint: Complaint):
    return Message.objects.filter(kind="complaint_update", recipient=complaint.reporter_email)


def snapshot(complaint: Complaint) -> tuple:
    complaint.refresh_from_db()
    return (
        complaint.stage,
        ComplaintEvent.objects.filter(complaint=complaint).count(),
        Message.objects.count(),
        AuditEvent.objects.filter(action__startswith="complaint.").count(),
    )


# --- Canned replies when moving a stage -------------------------------------------------------


def test_a_canned_reply_is_previewed_filled_in_then_sent_exactly(client, officer, complaint):
    reply = CannedReply.objects.create(
        title="Mulai dikaji",
        body="Pengaduan {nomor} masuk tahap {tahap}.\nTerima kasih, {kantor}.",
        stage=Stage.ASSESSMENT,
    )
    expected = "Pengaduan %s masuk tahap Kajian Awal.\nTerima kasih, %s." % (
        complaint.number,
        OFFICE,
    )
    client.force_login(officer)
    before = snapshot(complaint)

    preview = client.post(
        action_url(complaint, "transition"),
        {
            "expected_stage": Stage.RECEIVED,
            "to": Stage.ASSESSMENT,
            "canned_reply": reply.pk,
            "public_note": "",
            "internal_note": "Cek CCTV.",
        },
    )

    assert preview.status_code == 200
    assert PREVIEW_TEMPLATE in [template.name for template in preview.templates]
    assert preview.context["preview_note"] == expected
    # Shown as the tracking page shows it, and inside the e-mail's text.
    assert "masuk tahap Kajian Awal.<br>Terima kasih, %s." % OFFICE in preview.text
    assert expected in preview.context["preview_email"].body_text
    assert "Diterima &rarr; Kajian Awal" in preview.text
    # The preview sent nothing, moved nothing, recorded nothing.
    assert snapshot(complaint) == before

    fields = confirmed_fields(preview)
    assert fields["public_note"] == expected
    assert "canned_reply" not in fields
    sent = client.post(action_url(complaint, "transition"), {**fields, "_send": "Kirim"})

    assert sent.status_code == 302
    complaint.refresh_from_db()
    assert complaint.stage == Stage.ASSESSMENT
    event = complaint.events.get(kind=EventKind.STAGE, to_stage=Stage.ASSESSMENT)
    assert (event.actor, event.public_note, event.internal_note) == (
        officer,
        expected,
        "Cek CCTV.",
    )
    message = updates_to(complaint).get()
    assert expected in message_bodies(message=message)[0]
    assert complaint.number in message_bodies(message=message)[0]


def test_edit_reopens_the_form_with_the_filled_text_to_adapt(client, officer, complaint):
    reply = CannedReply.objects.create(title="Umum", body="Nomor {nomor} kami terima.")
    client.force_login(officer)
    preview = client.post(
        action_url(complaint, "transition"),
        {"expected_stage": Stage.RECEIVED, "to": Stage.ASSESSMENT, "canned_reply": reply.pk},
    )
    before = snapshot(complaint)

    edit = client.post(
        action_url(complaint, "transition"), {**confirmed_fields(preview), "_edit": "Ubah"}
    )

    assert edit.status_code == 200
    assert PREVIEW_TEMPLATE not in [template.name for template in edit.templates]
    form = edit.context["action"]["form"]
    assert form["public_note"].value() == "Nomor %s kami terima." % complaint.number
    assert not form["canned_reply"].value()
    assert "Nomor %s kami terima.</textarea>" % complaint.number in edit.text
    assert snapshot(complaint) == before

    # The adapted text goes through its own preview, then is sent as changed.
    adapted = {**confirmed_fields(preview), "public_note": "Nomor itu sedang dikaji."}
    again = client.post(action_url(complaint, "transition"), adapted)
    assert again.context["preview_note"] == "Nomor itu sedang dikaji."
    client.post(action_url(complaint, "transition"), {**confirmed_fields(again), "_send": "1"})
    event = complaint.events.get(kind=EventKind.STAGE, to_stage=Stage.ASSESSMENT)
    assert event.public_note == "Nomor itu sedang dikaji."


def test_the_stage_form_offers_active_replies_for_the_reachable_stages(client, officer, complaint):
    anywhere = CannedReply.objects.create(title="Umum", body="x")
    assessment = CannedReply.objects.create(title="Kaji", body="x", stage=Stage.ASSESSMENT)
    stopped = CannedReply.objects.create(title="Henti", body="x", stage=Stage.STOPPED)
    CannedReply.objects.create(title="Lama", body="x", is_active=False)
    client.force_login(officer)

    actions = client.get(change_url(complaint)).context["complaint_actions"]
    forms = {action["name"]: action["form"] for action in actions}

    offered = set(forms["transition"].fields["canned_reply"].queryset)
    assert offered == {anywhere, assessment}
    # A reply changes no stage: every active one may fit.
    assert set(forms["reply"].fields["canned_reply"].queryset) == {anywhere, assessment, stopped}


def test_a_reply_for_another_stage_is_refused(client, officer, complaint):
    Complaint.objects.filter(pk=complaint.pk).update(stage=Stage.DELIBERATION)
    stopped = CannedReply.objects.create(title="Henti", body="Dihentikan.", stage=Stage.STOPPED)
    client.force_login(officer)
    before = snapshot(complaint)

    response = client.post(
        action_url(complaint, "transition"),
        {
            "expected_stage": Stage.DELIBERATION,
            "to": Stage.FORWARDED,
            "forwarded_to": "kpu",
            "canned_reply": stopped.pk,
            "_send": "1",
        },
    )

    assert response.status_code == 200
    errors = response.context["action"]["form"].errors["canned_reply"]
    assert errors == ["Templat ini untuk tahap Dihentikan."]
    assert snapshot(complaint) == before


def test_a_canned_reply_and_a_typed_note_together_are_refused(client, officer, complaint):
    reply = CannedReply.objects.create(title="Umum", body="Templat.")
    client.force_login(officer)

    response = client.post(
        action_url(complaint, "reply"),
        {"canned_reply": reply.pk, "public_note": "Teks saya sendiri"},
    )

    assert response.status_code == 200
    assert "canned_reply" in response.context["action"]["form"].errors
    # The typed text is kept, nothing is sent.
    assert "Teks saya sendiri" in response.text
    assert not complaint.events.filter(kind=EventKind.REPLY).exists()


@pytest.mark.parametrize(
    "body",
    [
        "{nomor.__class__.__mro__}",
        "{kantor.__init__.__globals__}",
        "{0} {nomor!r} {tahap:>99} {{nomor}}",
        "{settings.SECRET_KEY} {complaint.reporter_email}",
    ],
)
def test_placeholder_tricks_stay_inert_text(client, officer, complaint, body):
    # Written straight to the table (the admin form would refuse the unknown tokens).
    reply = CannedReply.objects.create(title="Jahil", body="Awal %s akhir" % body)
    client.force_login(officer)

    preview = client.post(action_url(complaint, "reply"), {"canned_reply": reply.pk})

    # "{{nomor}}" keeps its outer braces around the filled number; nothing else is touched.
    expected = "Awal %s akhir" % body.replace("{nomor}", complaint.number)
    assert preview.context["preview_note"] == expected
    for leak in ("<class", "<function", "<built-in", "<method", complaint.reporter_email):
        assert leak not in preview.context["preview_note"]
        assert leak not in preview.context["preview_email"].body_text


def test_the_coordinator_manages_replies_and_unknown_placeholders_are_refused(
    client, officer, coordinator
):
    add = reverse("admin:complaints_cannedreply_add")
    data = {"title": "Diterima", "stage": "", "body": "Nomor {nomor}.", "is_active": "on"}

    client.force_login(officer)
    assert client.get(reverse("admin:complaints_cannedreply_changelist")).status_code == 200
    assert client.post(add, data).status_code == 403

    client.force_login(coordinator)
    refused = client.post(add, {**data, "body": "Halo {nama}, nomor {nomor.__class__}."})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["body"] == [
        "Tanda {nama}, {nomor.__class__} tidak dikenal; yang tersedia: {nomor}, {tahap}, {kantor}."
    ]
    assert client.post(add, data).status_code == 302
    assert CannedReply.objects.get().body == "Nomor {nomor}."


# --- Typed notes are previewed too ------------------------------------------------------------


def test_a_typed_reply_is_previewed_before_it_is_sent(client, officer, complaint):
    client.force_login(officer)
    before = snapshot(complaint)

    preview = client.post(
        action_url(complaint, "reply"), {"public_note": "  Mohon kirim foto <b>tambahan</b>.  "}
    )

    assert preview.context["preview_note"] == "Mohon kirim foto <b>tambahan</b>."
    assert "Mohon kirim foto &lt;b&gt;tambahan&lt;/b&gt;." in preview.text
    assert snapshot(complaint) == before

    sent = client.post(action_url(complaint, "reply"), {**confirmed_fields(preview), "_send": "1"})

    assert sent.status_code == 302
    event = complaint.events.get(kind=EventKind.REPLY)
    assert event.public_note == "Mohon kirim foto <b>tambahan</b>."
    assert (
        "Mohon kirim foto <b>tambahan</b>."
        in message_bodies(message=updates_to(complaint).get())[0]
    )


def test_a_stale_stage_found_at_the_preview_is_refused_there(client, officer, complaint):
    complaint_transition(
        complaint_id=complaint.pk,
        expected_stage=Stage.RECEIVED,
        to=Stage.ASSESSMENT,
        actor=staff_create("petugas2", role=COMPLAINT_OFFICER),
    )
    client.force_login(officer)

    response = client.post(
        action_url(complaint, "transition"),
        {"expected_stage": Stage.RECEIVED, "to": Stage.ASSESSMENT, "public_note": "Catatan"},
    )

    assert PREVIEW_TEMPLATE not in [template.name for template in response.templates]
    assert "sudah dipindah ke tahap Kajian Awal oleh petugas lain" in response.text
    assert "Catatan" in response.text


def test_a_stage_moved_during_the_preview_is_refused_on_send(client, officer, complaint):
    client.force_login(officer)
    preview = client.post(
        action_url(complaint, "transition"),
        {"expected_stage": Stage.RECEIVED, "to": Stage.ASSESSMENT, "public_note": "Dikaji."},
    )
    assert preview.context["preview_note"] == "Dikaji."
    # Meanwhile another officer moves it.
    complaint_transition(
        complaint_id=complaint.pk,
        expected_stage=Stage.RECEIVED,
        to=Stage.ASSESSMENT,
        actor=staff_create("petugas2", role=COMPLAINT_OFFICER),
    )
    messages_before = Message.objects.count()

    sent = client.post(
        action_url(complaint, "transition"), {**confirmed_fields(preview), "_send": "1"}
    )

    assert sent.status_code == 200
    assert "sudah dipindah ke tahap Kajian Awal oleh petugas lain" in sent.text
    assert "Dikaji." in sent.text
    assert not complaint.events.filter(actor=officer).exists()
    assert Message.objects.count() == messages_before


# --- Extension of the handling deadline -------------------------------------------------------


def registered(complaint: Complaint, officer) -> Complaint:
    for stage, to in [(Stage.RECEIVED, Stage.ASSESSMENT), (Stage.ASSESSMENT, Stage.REGISTERED)]:
        complaint_transition(complaint_id=complaint.pk, expected_stage=stage, to=to, actor=officer)
    complaint.refresh_from_db()
    return complaint


def action_names(client, complaint: Complaint) -> list[str]:
    return [action["name"] for action in client.get(change_url(complaint)).context[
        "complaint_actions"
    ]]  # fmt: skip


def test_the_extension_is_offered_while_handling_and_works_once(client, officer, complaint):
    client.force_login(officer)
    assert "extend" not in action_names(client, complaint)  # Diterima: no handling clock
    complaint = registered(complaint, officer)
    due_before = complaint.due_at
    assert "extend" in action_names(client, complaint)

    preview = client.post(action_url(complaint, "extend"), {"public_note": ""})
    # Without a note, the service's standard sentence is what the reporter will read.
    assert preview.context["preview_note"] == (
        "Penanganan diperpanjang karena memerlukan keterangan tambahan."
    )
    assert not Complaint.objects.get(pk=complaint.pk).deadline_extended

    sent = client.post(action_url(complaint, "extend"), {**confirmed_fields(preview), "_send": "1"})

    assert sent.status_code == 302
    complaint.refresh_from_db()
    assert complaint.deadline_extended
    assert due_before is None or complaint.due_at > due_before
    assert complaint.events.filter(kind=EventKind.EXTENDED, actor=officer).count() == 1
    assert AuditEvent.objects.filter(action="complaint.deadline_extended").count() == 1
    assert "extend" not in action_names(client, complaint)

    # An old page posted again: the service refuses, nothing is added.
    again = client.post(action_url(complaint, "extend"), {"public_note": "", "_send": "1"})
    assert again.status_code == 200
    assert "sudah pernah diperpanjang" in again.text
    assert complaint.events.filter(kind=EventKind.EXTENDED).count() == 1


# --- Legal hold -------------------------------------------------------------------------------


def test_the_coordinator_toggles_the_legal_hold_and_it_is_audited(
    client, officer, coordinator, complaint
):
    client.force_login(officer)
    assert "legal_hold" not in action_names(client, complaint)
    assert client.post(action_url(complaint, "legal_hold"), {"hold": "1"}).status_code == 403
    assert not Complaint.objects.get(pk=complaint.pk).legal_hold

    client.force_login(coordinator)
    page = client.get(change_url(complaint))
    assert "legal_hold" in [action["name"] for action in page.context["complaint_actions"]]
    assert 'value="Tahan dari pemusnahan"' in page.text

    held = client.post(action_url(complaint, "legal_hold"), {"hold": "1"}, follow=True)
    assert "ditahan dari pemusnahan" in held.text
    assert Complaint.objects.get(pk=complaint.pk).legal_hold
    assert 'value="Cabut penahanan"' in held.text
    # The same click from an old page changes nothing and records nothing more.
    client.post(action_url(complaint, "legal_hold"), {"hold": "1"})
    released = client.post(action_url(complaint, "legal_hold"), {"hold": "0"})

    assert released.status_code == 302
    assert not Complaint.objects.get(pk=complaint.pk).legal_hold
    rows = AuditEvent.objects.filter(action__startswith="complaint.legal_hold").order_by("pk")
    assert [(row.action, row.actor, row.target_id) for row in rows] == [
        ("complaint.legal_hold_set", coordinator, str(complaint.pk)),
        ("complaint.legal_hold_released", coordinator, str(complaint.pk)),
    ]
    # Never on the reporter's side: no message went out.
    assert not updates_to(complaint).exists()
