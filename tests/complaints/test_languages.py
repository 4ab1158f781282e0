"""E-mails to a reporter in the language they filed in, each naming the complaint and its number
in its first line, and the desk's terms (pengaduan, never "laporan") in what it sends."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from complaints.models import Complaint, Stage
from complaints.services import (
    complaint_deadline_extend,
    complaint_reply,
    complaint_secret_reset,
    complaint_transition,
    complaint_update_preview,
)
from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from tests.complaints.factories import complaint_file, election_create, office_create
from tests.complaints.test_filing import CREATE, form_data

REPORTER_KINDS = ("complaint_receipt", "complaint_update", "complaint_secret_reset")


@pytest.fixture(autouse=True)
def _desk(db, settings):
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    office_create()
    election_create()


def file_through_the_form(client: Client) -> tuple[Complaint, Message]:
    response = client.post(CREATE, form_data(client))
    assert response.status_code in (200, 302)
    complaint = Complaint.objects.get()
    return complaint, Message.objects.get(kind="complaint_receipt")


def first_lines(message: Message) -> tuple[str, str]:
    """The first line of the text body, and the text of the first paragraph of the HTML one."""
    html_first = re.search(r"<p>(.*?)</p>", message_bodies(message=message)[1], re.S).group(1)
    return message_bodies(message=message)[0].splitlines()[0], html_first


def test_a_complaint_filed_with_the_english_switch_gets_an_english_receipt(client):
    client.cookies["bahasa"] = "en"

    complaint, receipt = file_through_the_form(client)

    assert complaint.language == "en"
    assert receipt.language == "en"
    text, html = first_lines(receipt)
    assert text == "Complaint %s: received. Thank you." % complaint.number
    assert html == text
    assert "Tracking code:" in message_bodies(message=receipt)[0]
    assert "Kode pelacakan" not in message_bodies(message=receipt)[0]
    assert '<html lang="en">' in message_bodies(message=receipt)[1]
    # Neutral: it says neither what nor which.
    assert receipt.subject == "Your receipt from Bawaslu Kabupaten Jember"


def test_a_complaint_filed_without_the_switch_gets_an_indonesian_receipt(client):
    complaint, receipt = file_through_the_form(client)

    assert complaint.language == "id"
    assert receipt.language == "id"
    text, html = first_lines(receipt)
    assert text == "Pengaduan %s: sudah kami terima. Terima kasih." % complaint.number
    assert html == text
    assert "Kode pelacakan:" in message_bodies(message=receipt)[0]
    assert '<html lang="id">' in message_bodies(message=receipt)[1]
    assert receipt.subject == "Tanda terima Anda dari Bawaslu Kabupaten Jember"


def test_later_e_mails_follow_the_reporter_not_the_officers_admin(officer):
    english = complaint_file(language="en").complaint
    indonesian = complaint_file().complaint

    # The officers read the admin in the other language each time.
    with translation.override("id"):
        complaint_transition(
            complaint_id=english.pk,
            expected_stage=Stage.RECEIVED,
            to=Stage.ASSESSMENT,
            actor=officer,
        )
    with translation.override("en"):
        complaint_transition(
            complaint_id=indonesian.pk,
            expected_stage=Stage.RECEIVED,
            to=Stage.ASSESSMENT,
            actor=officer,
        )

    to_english = Message.objects.get(kind="complaint_update", recipient=english.reporter_email)
    assert to_english.language == "en"
    assert first_lines(to_english)[0] == "Complaint %s: there is news." % english.number
    assert "Current stage: Initial assessment" in message_bodies(message=to_english)[0]
    to_indonesian = Message.objects.get(
        kind="complaint_update", recipient=indonesian.reporter_email
    )
    assert to_indonesian.language == "id"
    assert first_lines(to_indonesian)[0] == "Pengaduan %s: ada perkembangan." % indonesian.number
    assert "Tahap sekarang: Kajian Awal" in message_bodies(message=to_indonesian)[0]


def test_the_officers_preview_is_the_e_mail_in_the_reporters_language():
    english = complaint_file(language="en").complaint

    with translation.override("id"):
        preview = complaint_update_preview(english, stage=Stage.ASSESSMENT, public_note="")

    assert preview.body_text.splitlines()[0] == "Complaint %s: there is news." % english.number


def test_the_standard_extension_note_is_written_in_the_reporters_language(officer):
    english = complaint_file(language="en").complaint
    for to in (Stage.ASSESSMENT, Stage.REGISTERED):
        complaint_transition(
            complaint_id=english.pk,
            expected_stage=Complaint.objects.get(pk=english.pk).stage,
            to=to,
            actor=officer,
        )

    with translation.override("id"):
        complaint_deadline_extend(complaint_id=english.pk, actor=officer)

    note = "Handling has been extended because more information is needed."
    assert english.events.get(kind="extended").public_note == note
    assert (
        note
        in message_bodies(message=Message.objects.filter(kind="complaint_update").latest("pk"))[0]
    )


def test_every_reporter_e_mail_names_the_complaint_and_its_number_first(officer):
    starts = {
        "id": {
            "complaint_receipt": "Pengaduan %s: sudah kami terima. Terima kasih.",
            "complaint_update": "Pengaduan %s: ada perkembangan.",
            "complaint_secret_reset": "Pengaduan %s: kode pelacakan baru.",
        },
        "en": {
            "complaint_receipt": "Complaint %s: received. Thank you.",
            "complaint_update": "Complaint %s: there is news.",
            "complaint_secret_reset": "Complaint %s: new tracking code.",
        },
    }
    for language, first in starts.items():
        complaint = complaint_file(language=language).complaint
        complaint_secret_reset(number=complaint.number, email=complaint.reporter_email)
        complaint_reply(complaint_id=complaint.pk, actor=officer, public_note="Terima kasih.")
        messages = Message.objects.filter(recipient=complaint.reporter_email)
        assert sorted(message.kind for message in messages) == sorted(REPORTER_KINDS)
        for message in messages:
            expected = first[message.kind] % complaint.number
            assert first_lines(message) == (expected, expected)


def test_reporter_e_mails_say_pengaduan_and_never_laporan_or_semoga_anda(officer):
    complaint = complaint_file().complaint
    complaint_secret_reset(number=complaint.number, email=complaint.reporter_email)
    complaint_reply(complaint_id=complaint.pk, actor=officer, public_note="Sedang dikaji.")

    for message in Message.objects.filter(recipient=complaint.reporter_email):
        for body in (message.subject, *message_bodies(message=message)):
            assert "laporan" not in body.lower(), message.kind
            assert "semoga" not in body.lower(), message.kind
    reset = Message.objects.get(kind="complaint_secret_reset")
    # Issue 13: the old code keeps working until the new one is used.
    assert (
        "Kode pelacakan baru untuk pengaduan ini diminta lewat portal kami. Kode lama tetap "
        "berlaku sampai Anda melacak dengan kode baru ini; sejak itu hanya kode baru yang "
        "berlaku." in message_bodies(message=reset)[0]
    )
    assert (
        "Jika bukan Anda yang memintanya, abaikan e-mail ini: kode lama Anda tetap berlaku, dan "
        "kode hanya dikirim ke alamat ini." in message_bodies(message=reset)[0]
    )


def test_the_database_refuses_a_language_the_site_does_not_have():
    complaint = complaint_file().complaint
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(language="fr")


def test_in_english_laporan_is_a_formal_report_and_the_online_one_a_complaint(client):
    client.cookies["bahasa"] = "en"

    page = client.get(reverse("complaints:index")).text

    assert "Online complaints and formal reports" in page
    assert "may not be processed as formal reports" in page
    assert "processed as reports" not in page
