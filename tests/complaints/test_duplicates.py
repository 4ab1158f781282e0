"""Duplicates: a complaint merged into another shows the link on both admin pages and on the
duplicate's public timeline, and its reporter is told the number it was merged into."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from complaints.models import Complaint, Stage
from complaints.services import complaint_transition
from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from tests.complaints.factories import change_url, complaint_file

HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
NOTICE = "Pengaduan ini digabung ke pengaduan %s; perkembangan selanjutnya dicatat di sana."


@pytest.fixture
def target(office):
    return complaint_file(
        title="Amplop di TPS 07 Wonorejo",
        description="URAIAN-INDUK-RAHASIA: nama tim sukses disebut di sini.",
    )


@pytest.fixture
def duplicate(office):
    return complaint_file(title="Amplop di TPS 7")


def tracking_page(client: Client, receipt) -> str:
    found = client.post(
        reverse("complaints:track"),
        {"number": receipt.complaint.number, "secret": receipt.secret},
    )
    assert found.status_code == 302
    return client.get(found["Location"]).text


def merge_through_the_admin(client: Client, duplicate: Complaint, target: Complaint):
    """The officer's two steps: the stage form (answered with a preview), then "Kirim"."""
    url = reverse("admin:complaints_complaint_action", args=[duplicate.pk, "transition"])
    preview = client.post(
        url,
        {
            "expected_stage": Stage.RECEIVED,
            "to": Stage.MERGED,
            # Typed loosely; the service finds it by its normalised number.
            "merged_into_number": " %s " % target.number.lower(),
        },
    )
    assert preview.status_code == 200
    form = preview.text.split('class="module aligned complaint-preview"', 1)[1]
    fields = dict(HIDDEN_INPUT.findall(form.split("<form", 1)[1].split("</form>", 1)[0]))
    fields = {name: html.unescape(value) for name, value in fields.items()}
    fields.pop("csrfmiddlewaretoken")
    return preview, client.post(url, {**fields, "_send": "Kirim"})


def test_a_merge_shows_on_both_admin_pages_with_links(client, officer, target, duplicate):
    other = complaint_file().complaint
    complaint_transition(
        complaint_id=other.pk,
        expected_stage=Stage.RECEIVED,
        to=Stage.MERGED,
        actor=officer,
        merged_into_number=target.complaint.number,
    )
    client.force_login(officer)

    preview, sent = merge_through_the_admin(client, duplicate.complaint, target.complaint)

    # The preview already names the target, in the e-mail the reporter will get.
    assert NOTICE % target.complaint.number in preview.context["preview_email"].body_text
    assert sent.status_code == 302
    moved = Complaint.objects.get(pk=duplicate.complaint.pk)
    assert (moved.stage, moved.merged_into) == (Stage.MERGED, target.complaint)

    duplicate_page = client.get(change_url(moved)).text
    field = duplicate_page.split('class="form-row field-merged_into_link"', 1)[1]
    field = field.split('class="form-row', 1)[0]
    assert "Digabung ke" in field
    assert '<a href="%s">%s</a>' % (change_url(target.complaint), target.complaint.number) in field

    target_page = client.get(change_url(target.complaint)).text
    field = target_page.split('class="form-row field-duplicate_list"', 1)[1]
    field = field.split('class="form-row', 1)[0]
    assert "Pengaduan yang digabung ke sini" in field
    # Both duplicates, each a link to its own page, in number order.
    first, second = sorted([other, moved], key=lambda complaint: complaint.number)
    assert field.index(first.number) < field.index(second.number)
    for each in (other, moved):
        assert '<a href="%s">%s</a>' % (change_url(each), each.number) in field
    # And the target itself was merged into nothing.
    merged_field = target_page.split('class="form-row field-merged_into_link"', 1)[1]
    assert '<div class="readonly">-</div>' in merged_field.split('class="form-row', 1)[0]


def test_the_duplicates_timeline_names_the_target_and_nothing_else_of_it(
    client, officer, target, duplicate
):
    complaint_transition(
        complaint_id=duplicate.complaint.pk,
        expected_stage=Stage.RECEIVED,
        to=Stage.MERGED,
        actor=officer,
        merged_into_number=target.complaint.number,
        public_note="Kejadiannya sama dengan laporan lain.",
    )

    page = tracking_page(client, duplicate)

    timeline = page.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "Tahap: Digabung" in timeline
    assert NOTICE % target.complaint.number in timeline
    assert "Kejadiannya sama dengan laporan lain." in timeline
    # The other complaint's number only: not its title, description, stage or reporter.
    for private in (
        target.complaint.title,
        target.complaint.description,
        "URAIAN-INDUK-RAHASIA",
        target.complaint.reporter_name,
        target.complaint.reporter_email,
        target.secret,
    ):
        assert private not in page


def test_the_target_timeline_says_nothing_of_the_duplicate(client, officer, target, duplicate):
    complaint_transition(
        complaint_id=duplicate.complaint.pk,
        expected_stage=Stage.RECEIVED,
        to=Stage.MERGED,
        actor=officer,
        merged_into_number=target.complaint.number,
    )

    page = tracking_page(client, target)

    assert "Pengaduan %s" % target.complaint.number in page
    assert duplicate.complaint.number not in page
    assert "digabung" not in page.lower()


def test_the_duplicates_reporter_is_told_the_target_number(client, officer, target, duplicate):
    client.force_login(officer)
    before = set(Message.objects.values_list("pk", flat=True))

    merge_through_the_admin(client, duplicate.complaint, target.complaint)

    new = Message.objects.exclude(pk__in=before)
    message = new.get()
    assert (message.kind, message.recipient) == (
        "complaint_update",
        duplicate.complaint.reporter_email,
    )
    assert NOTICE % target.complaint.number in message_bodies(message=message)[0]
    assert NOTICE % target.complaint.number in html.unescape(message_bodies(message=message)[1])
    assert "Tahap sekarang: Digabung" in message_bodies(message=message)[0]
    # Nothing else of the other complaint travels in the e-mail.
    assert (
        target.complaint.title
        not in message_bodies(message=message)[0] + message_bodies(message=message)[1]
    )


def test_other_updates_do_not_mention_a_merge(officer, duplicate):
    complaint = duplicate.complaint
    complaint_transition(
        complaint_id=complaint.pk, expected_stage=Stage.RECEIVED, to=Stage.ASSESSMENT, actor=officer
    )

    message = Message.objects.get(kind="complaint_update", recipient=complaint.reporter_email)
    assert "digabung" not in message_bodies(message=message)[0].lower()
    assert "digabung" not in message_bodies(message=message)[1].lower()
