"""Issue 13 item 5: a new tracking code asked for by e-mail waits until it is used.

Whoever knows a complaint's number and the reporter's address can ask for a new code, but
the reporter's current code keeps working until the new one is first used, and only a few
requests a day go out per complaint.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from tests.complaints.factories import complaint_file

TRACK = reverse("complaints:track")
RESET = reverse("complaints:secret_reset")
SECRET_IN_MAIL = re.compile(r"\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{6}\b")

pytestmark = pytest.mark.usefixtures("office")


def tracks(number: str, secret: str) -> bool:
    """Whether a fresh browser gets in with this number and secret."""
    return Client().post(TRACK, {"number": number, "secret": secret}).status_code == 302


def reset(complaint: Complaint) -> None:
    response = Client().post(RESET, {"number": complaint.number, "email": complaint.reporter_email})
    assert response.status_code == 200


def codes_mailed() -> list[str]:
    return [
        SECRET_IN_MAIL.search(message_bodies(message=message)[0]).group(0)
        for message in Message.objects.filter(kind="complaint_secret_reset").order_by("pk")
    ]


@pytest.mark.django_db
def test_the_current_code_keeps_working_until_the_new_one_is_used():
    receipt = complaint_file()
    complaint = receipt.complaint
    reset(complaint)
    (new_code,) = codes_mailed()

    # A stranger's request takes nothing away: the reporter's code still works, repeatedly.
    assert tracks(complaint.number, receipt.secret)
    assert tracks(complaint.number, receipt.secret)
    # The first use of the new code makes it the one; the old one stops working then.
    assert tracks(complaint.number, new_code)
    assert not tracks(complaint.number, receipt.secret)
    assert tracks(complaint.number, new_code)
    complaint.refresh_from_db()
    assert complaint.tracking_pending_hash == ""
    assert complaint.tracking_pending_at is None


@pytest.mark.django_db
def test_a_later_request_replaces_the_pending_code_and_not_the_current_one():
    receipt = complaint_file()
    complaint = receipt.complaint
    reset(complaint)
    reset(complaint)
    first, second = codes_mailed()

    assert not tracks(complaint.number, first)
    assert tracks(complaint.number, receipt.secret)
    assert tracks(complaint.number, second)


@pytest.mark.django_db
def test_a_pending_code_works_only_with_its_own_number():
    receipt = complaint_file()
    other = complaint_file()
    reset(receipt.complaint)
    (new_code,) = codes_mailed()
    assert not tracks(other.complaint.number, new_code)
    # A refused try does not promote it either.
    assert tracks(receipt.complaint.number, receipt.secret)


@pytest.mark.django_db
def test_at_most_three_new_codes_a_day_per_complaint(settings):
    settings.COMPLAINT_TRACK_LIMIT = 100  # the per-client limit is not what is tested here
    receipt = complaint_file()
    complaint = receipt.complaint
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        for _request in range(5):
            reset(complaint)
    assert len(codes_mailed()) == settings.COMPLAINT_SECRET_REQUESTS_PER_DAY == 3
    assert tracks(complaint.number, receipt.secret)

    with time_machine.travel(now + timedelta(days=1), tick=False):
        reset(complaint)
    assert len(codes_mailed()) == 4


@pytest.mark.django_db
def test_the_page_and_the_mail_say_the_old_code_keeps_working(client):
    complaint = complaint_file().complaint
    page = client.get(RESET).text
    assert "Kode lama tetap berlaku sampai kode baru dipakai untuk melacak" in page
    assert "paling banyak 3 kali sehari" in page
    assert "tidak berlaku lagi" not in page

    sent = client.post(RESET, {"number": complaint.number, "email": complaint.reporter_email})
    assert "Kode lama tetap berlaku sampai kode baru dipakai untuk melacak." in sent.text
    assert "tidak berlaku lagi" not in sent.text

    mail = Message.objects.get(kind="complaint_secret_reset")
    for body in message_bodies(message=mail):
        assert "Kode lama tetap berlaku sampai Anda melacak dengan kode baru ini" in body
        assert "kode lama Anda tetap berlaku" in body
        assert "tidak berlaku lagi" not in body


@pytest.mark.django_db
def test_the_english_page_and_mail_say_so_too(client):
    complaint = complaint_file(language="en").complaint
    client.cookies["bahasa"] = "en"
    page = client.get(RESET).text
    assert "The old code keeps working until the new one is used to track" in page
    client.post(RESET, {"number": complaint.number, "email": complaint.reporter_email})
    mail = Message.objects.get(kind="complaint_secret_reset")
    text = message_bodies(message=mail)[0]
    assert "The old code keeps working until you track with this new code" in text
