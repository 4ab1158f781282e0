"""Tracking a request by number and secret: POST only, throttled, a wrong secret and an unknown
number answered alike; the page shows stage, due dates, public events, the decision and its
document (to this browser only), withdrawal, the objection and the Komisi Informasi route."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from ppid.models import InformationRequest
from ppid.services import (
    objection_answer,
    objection_file,
    request_decide,
    request_extend,
    request_note_add,
)
from tests.ppid.register_factories import pdf_upload
from tests.ppid.request_factories import (
    holidays_set,
    officer_create,
    request_file,
    superior_create,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
TRACK = "/informasi-publik/lacak/"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def receipt(office):
    holidays_set()
    with time_machine.travel(datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA), tick=False):
        return request_file()


def track(client, number: str, secret: str):
    return client.post(TRACK, {"number": number, "secret": secret})


def test_the_address_is_the_one_the_brief_names():
    assert reverse("ppid:track") == TRACK
    assert reverse("ppid:request") == "/informasi-publik/permohonan/"


def test_number_and_secret_open_the_request_without_the_secret_in_any_url(client, receipt):
    # Typed by hand: lower case, spaces, the hyphenated form.
    response = track(client, " " + receipt.number.lower(), receipt.secret_display.lower())
    assert response.status_code == 302
    assert response["Location"] == TRACK
    page = client.get(TRACK)
    body = page.content.decode()
    assert page.status_code == 200
    assert receipt.number in body
    assert "Diterima, sedang diproses" in body
    assert "20 Mei 2026" in body
    assert receipt.secret not in body
    assert receipt.secret_display not in body
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"


def test_wrong_secret_and_unknown_number_look_the_same(client, receipt):
    wrong = track(client, receipt.number, "A" * 26)
    unknown = track(client, "PPID-0000-2026-999999", receipt.secret)
    assert wrong.status_code == unknown.status_code == 200
    assert CSRF.sub(b"", wrong.content) == CSRF.sub(b"", unknown.content)
    assert "tidak cocok" in wrong.content.decode()
    # Neither opened anything.
    assert "Tahap sekarang" not in client.get(TRACK).content.decode()


def test_guessing_is_throttled(client, receipt, settings):
    settings.PPID_TRACK_LIMIT = 3
    for _ in range(3):
        assert track(client, receipt.number, "B" * 26).status_code == 200
    refused = track(client, receipt.number, receipt.secret)
    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_the_secret_is_never_taken_from_the_query_string(client, receipt):
    response = client.get(TRACK, {"number": receipt.number, "secret": receipt.secret})
    assert response.status_code == 200
    assert "Tahap sekarang" not in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"number": "x" * 5000, "secret": "y" * 5000},
        {"number": "<script>alert(1)</script>", "secret": "\u202e\u0000"},
        {"number": ["a", "b"], "secret": "c"},
    ],
)
def test_hostile_tracking_input_is_answered_not_crashed(client, receipt, data):
    response = client.post(TRACK, data)
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content


def test_the_page_shows_the_extension_the_decision_and_public_events_only(
    client, receipt, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    officer = officer_create()
    with time_machine.travel(datetime(2026, 5, 12, 9, 0, tzinfo=JAKARTA), tick=False):
        request_extend(
            request_id=receipt.request_id, actor=officer, days=7, reason="Arsip di gudang."
        )
        request_note_add(
            request_id=receipt.request_id, actor=officer, internal_note="Catatan rahasia petugas"
        )
        request_decide(
            request_id=receipt.request_id,
            actor=officer,
            stage="partly_granted",
            note="Salinan terlampir; NIK anggota dihitamkan.",
            refusal_ground="17h",
            document=pdf_upload(),
        )
        track(client, receipt.number, receipt.secret)
        body = client.get(TRACK).content.decode()
        document = client.get(reverse("ppid:answer_document"))
    assert "29 Mei 2026" in body
    assert "diperpanjang dari 20 Mei 2026" in body
    assert "Arsip di gudang." in body
    assert "Dikabulkan sebagian" in body
    assert "NIK anggota dihitamkan" in body
    assert "Pasal 17 huruf h" in body
    assert "Catatan rahasia petugas" not in body
    assert "Ajukan keberatan" in body
    assert document.status_code == 200
    assert document["Content-Type"] == "application/pdf"
    assert b"".join(document.streaming_content).startswith(b"%PDF-")


def test_the_document_is_for_the_tracking_browser_only(client, receipt, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request_decide(
        request_id=receipt.request_id,
        actor=officer_create(),
        stage="granted",
        note="Terlampir.",
        document=pdf_upload(),
    )
    assert client.get(reverse("ppid:answer_document")).status_code == 403
    track(client, receipt.number, receipt.secret)
    assert client.get(reverse("ppid:answer_document")).status_code == 200
    client.post(TRACK, {"forget": "1"})
    assert client.get(reverse("ppid:answer_document")).status_code == 403


def test_withdrawing_from_the_tracking_page_needs_a_confirmation(client, receipt):
    track(client, receipt.number, receipt.secret)
    unconfirmed = client.post(reverse("ppid:withdraw"))
    assert unconfirmed.status_code == 200
    assert "Centang konfirmasi" in unconfirmed.content.decode()
    assert InformationRequest.objects.get(pk=receipt.request_id).stage == "received"
    done = client.post(reverse("ppid:withdraw"), {"confirm": "on"})
    assert done.status_code == 302
    assert InformationRequest.objects.get(pk=receipt.request_id).stage == "withdrawn"
    body = client.get(TRACK).content.decode()
    assert "Permohonan Anda sudah dicabut." in body
    assert "Cabut permohonan" not in body
    again = client.post(reverse("ppid:withdraw"), {"confirm": "on"}, follow=True)
    assert "tidak dapat dicabut lagi" in again.content.decode()


def test_withdrawal_and_objection_need_the_tracking_session(client, receipt):
    assert client.post(reverse("ppid:withdraw"), {"confirm": "on"}).status_code == 403
    assert client.post(reverse("ppid:objection"), {"reason": "35c"}).status_code == 403
    assert client.get(reverse("ppid:withdraw")).status_code == 405


def test_after_the_answer_the_page_explains_the_komisi_informasi(client, receipt):
    with time_machine.travel(datetime(2026, 5, 20, 10, 0, tzinfo=JAKARTA), tick=False):
        request_decide(
            request_id=receipt.request_id, actor=officer_create(), stage="refused", note="",
            refusal_ground="17a",
        )  # fmt: skip
    with time_machine.travel(datetime(2026, 6, 2, 10, 0, tzinfo=JAKARTA), tick=False):
        objection = objection_file(
            request_id=receipt.request_id, reason="35a", statement="Penyidikan sudah selesai."
        )
    with time_machine.travel(datetime(2026, 6, 20, 10, 0, tzinfo=JAKARTA), tick=False):
        objection_answer(
            objection_id=objection.pk,
            actor=superior_create(),
            outcome="rejected",
            answer="Penyidikan masih berjalan.",
        )
        track(client, receipt.number, receipt.secret)
        body = client.get(TRACK).content.decode()
    assert "Keberatan ditolak" in body
    assert "Penyidikan masih berjalan." in body
    assert "Komisi Informasi" in body
    assert "14 hari kerja" in body
    assert "Pasal 37" in body
    assert "Ajukan keberatan" not in body
    assert objection.due_on == date(2026, 7, 14)


def test_the_tracking_page_costs_a_fixed_number_of_queries(
    client, receipt, django_assert_max_num_queries
):
    officer = officer_create()
    for number in range(5):
        request_note_add(request_id=receipt.request_id, actor=officer, internal_note=str(number))
    request_decide(request_id=receipt.request_id, actor=officer, stage="not_held", note="KPU.")
    track(client, receipt.number, receipt.secret)
    client.get(TRACK)
    with django_assert_max_num_queries(5):
        assert client.get(TRACK).status_code == 200
