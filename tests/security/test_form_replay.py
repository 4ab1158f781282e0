"""Issue 13 items 7 and 16: the filing form's hidden fields are no credential.

A copy of a sent form (its one-time token and signed stamp) posted from another browser used
to show the stored complaint's receipt and open it to additions for an hour. Now it gets a
neutral "already filed" page that names no complaint and grants nothing; the browser that filed
still sees its receipt; a stamp older than PUBLIC_FORM_MAX_AGE_HOURS is refused. A citizen who
sends the same form again because the first answer was lost gets that page, not a second
complaint.
"""

from datetime import timedelta

import pytest
import time_machine
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, EventKind
from humas_portal.notifications.models import Message
from humas_portal.publicforms import ProtectedForm
from tests.complaints.factories import election_create, png_upload
from tests.complaints.test_filing import NUMBER, RECEIPT, SECRET, form_data

CREATE = reverse("complaints:create")
INFO = reverse("complaints:info_add")
EVIDENCE = reverse("complaints:evidence_add")
ALREADY_FILED = "Pengaduan ini sudah tersimpan"


@pytest.fixture(autouse=True)
def desk(office, settings):
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    return election_create()


def test_a_replayed_form_from_another_browser_reveals_nothing_and_grants_nothing(client):
    data = form_data(client)
    filed = client.post(CREATE, data, follow=True)
    number = NUMBER.search(filed.text).group(1).strip()
    secret = SECRET.search(filed.text).group(1)

    stranger = Client()
    replay = stranger.post(CREATE, data)
    assert replay.status_code == 200
    assert ALREADY_FILED in replay.text
    for secret_part in (number, secret, "Siti Pelapor", "Pembagian amplop"):
        assert secret_part not in replay.text
    assert "no-store" in replay["Cache-Control"]
    # Nothing granted: no receipt, no additions.
    assert stranger.get(RECEIPT).status_code == 403
    refused_info = stranger.post(INFO, {"back": "filed", "text": "Tambahan dari orang lain"})
    refused_evidence = stranger.post(EVIDENCE, {"back": "filed", "files": [png_upload()]})
    assert refused_info.status_code == refused_evidence.status_code == 403
    complaint = Complaint.objects.get()
    assert not complaint.events.filter(kind=EventKind.REPORTER_INFO).exists()
    assert not complaint.evidence.exists()
    assert Complaint.objects.count() == 1
    assert Message.objects.filter(kind="complaint_receipt").count() == 1


def test_the_filing_browser_still_sees_its_receipt_and_code(client):
    data = form_data(client)
    first = client.post(CREATE, data, follow=True)
    again = client.post(CREATE, data, follow=True)
    assert again.redirect_chain == [(RECEIPT, 302)]
    assert SECRET.search(again.text).group(1) == SECRET.search(first.text).group(1)
    assert Complaint.objects.count() == 1


def test_a_stamp_older_than_the_maximum_age_is_refused_with_the_entries_kept(client, settings):
    shown = timezone.now()
    with time_machine.travel(shown, tick=False):
        data = form_data(client)
    late = shown + timedelta(hours=settings.PUBLIC_FORM_MAX_AGE_HOURS, minutes=1)
    with time_machine.travel(late, tick=False):
        response = client.post(CREATE, data)
    assert response.status_code == 200
    assert "Formulir ini sudah terlalu lama terbuka" in response.text
    assert "Pembagian amplop di balai desa" in response.text  # what was typed is kept
    assert not Complaint.objects.exists()


def test_an_old_copy_of_a_sent_form_is_worth_nothing_after_the_maximum_age(client, settings):
    shown = timezone.now()
    with time_machine.travel(shown, tick=False):
        data = form_data(client)
        client.post(CREATE, data)
    late = shown + timedelta(hours=settings.PUBLIC_FORM_MAX_AGE_HOURS, minutes=1)
    with time_machine.travel(late, tick=False):
        replay = Client().post(CREATE, data)
    assert ALREADY_FILED not in replay.text
    assert "Formulir ini sudah terlalu lama terbuka" in replay.text
    assert Complaint.objects.count() == 1


class AgedForm(ProtectedForm):
    stamp_salt = "tests.aged-form"
    min_seconds_setting = "TEST_AGED_MIN_SECONDS"

    name = forms.CharField()


@pytest.mark.parametrize(("hours", "valid"), [(23.9, True), (24.1, False)])
def test_every_protected_form_has_the_maximum_age(settings, hours, valid):
    settings.TEST_AGED_MIN_SECONDS = 0
    settings.PUBLIC_FORM_MAX_AGE_HOURS = 24
    shown = timezone.now()
    with time_machine.travel(shown, tick=False):
        form = AgedForm.fresh()
    data = {"form_token": form.initial["form_token"], "started": form.initial["started"]}
    with time_machine.travel(shown + timedelta(hours=hours), tick=False):
        sent = AgedForm({**data, "name": "Rina"})
        assert sent.is_valid() is valid
    if not valid:
        assert sent.non_field_errors().as_data()[0].code == "stamp_expired"
        # A fresh token comes back, so the next try can pass.
        assert sent.data["form_token"] != str(data["form_token"])
