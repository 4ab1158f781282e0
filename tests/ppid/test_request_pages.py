"""The request form and its receipt without JavaScript; wrong, huge, hostile and repeated
input answered without a 500; the objection from the tracking page; valid HTML (Nu)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from ppid.models import InformationRequest, Objection
from ppid.request_forms import RequestForm
from ppid.services import request_decide
from tests.html_checker import vnu_errors, vnu_missing
from tests.ppid.request_factories import REQUEST_FIELDS, holidays_set, officer_create, request_file

JAKARTA = ZoneInfo("Asia/Jakarta")
FORM = "/informasi-publik/permohonan/"


@pytest.fixture(autouse=True)
def desk(office, settings):
    settings.PPID_FORM_MIN_SECONDS = 0
    holidays_set()


def form_data(**overrides) -> dict:
    """What a browser without JavaScript sends: the hidden stamp and the boxes."""
    fresh = RequestForm.fresh()
    return {
        "form_token": str(fresh.initial["form_token"]),
        "started": fresh.initial["started"],
        **REQUEST_FIELDS,
        "consent": "on",
        **overrides,
    }


def test_the_form_asks_only_what_the_standard_requires(client):
    response = client.get(FORM)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    form = response.context["form"]
    visible = [field.name for field in form.visible_fields()]
    assert visible == [
        "situs_web", "requester_name", "requester_address", "requester_email",
        "requester_phone", "information", "purpose", "delivery", "consent",
    ]  # fmt: skip
    body = response.content.decode()
    assert 'method="post"' in body and 'action="%s"' % FORM in body
    # The consent names the purpose and how long the data is kept.
    assert "hanya untuk melayani permohonan ini" in body and "24 bulan" in body


def test_a_request_without_javascript_gets_its_receipt_once(client):
    data = form_data()
    response = client.post(FORM, data)
    assert response.status_code == 200
    request = InformationRequest.objects.get()
    body = response.content.decode()
    assert request.number in body
    receipt = response.context["receipt"]
    assert receipt.secret_display in body
    assert "Batas jawaban" in body
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    # The same form again (a reload, a double click): nothing new, no secret.
    again = client.post(FORM, data)
    assert again.status_code == 200
    assert InformationRequest.objects.count() == 1
    assert receipt.secret_display not in again.content.decode()
    assert "sudah terkirim" in again.content.decode()
    # The browser that filed sees its request on the tracking page.
    assert request.number in client.get(reverse("ppid:track")).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"requester_email": "", "requester_phone": ""}, "Isi alamat e-mail atau nomor telepon"),
        ({"requester_email": "bukan-email"}, "e-mail"),
        ({"requester_phone": "12"}, "telepon"),
        ({"delivery": "email", "requester_email": "", "requester_phone": "081234567890"},
         "Untuk salinan lewat e-mail"),
        ({"delivery": "fax"}, "Pilih cara memperoleh informasi"),
        ({"information": "x" * 100_000}, "Terlalu panjang"),
        ({"requester_name": "a" * 151}, "Terlalu panjang"),
        ({"consent": ""}, "Centang persetujuan"),
        ({"information": ""}, "wajib diisi"),
        ({"purpose": "\x00"}, ""),
        ({"started": "forged"}, "tidak sah"),
    ],
)  # fmt: skip
def test_wrong_and_huge_input_comes_back_with_a_message(client, overrides, message):
    response = client.post(FORM, form_data(**overrides))
    assert response.status_code == 200
    assert InformationRequest.objects.count() == 0
    assert response.context["form"].errors
    if message:
        assert message.lower() in response.content.decode().lower()


def test_hostile_text_is_stored_as_text_and_shown_escaped(client):
    hostile = '<script>alert("x")</script> =HYPERLINK("http://evil")'
    response = client.post(FORM, form_data(requester_name=hostile, information=hostile))
    assert response.status_code == 200
    request = InformationRequest.objects.get()
    assert request.information == hostile
    assert b"<script>alert" not in response.content


def test_a_form_sent_too_fast_is_not_stored(client, settings):
    settings.PPID_FORM_MIN_SECONDS = 60
    response = client.post(FORM, form_data())
    assert response.status_code == 200
    assert "terlalu cepat" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_the_hidden_field_stores_nothing_and_fakes_no_receipt(client):
    response = client.post(FORM, form_data(situs_web="http://spam"))
    assert response.status_code == 200
    assert "tidak tersimpan" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_a_flood_of_requests_is_limited(client, settings):
    settings.PPID_SUBMIT_LIMIT = 2
    for _ in range(2):
        assert client.post(FORM, form_data()).status_code == 200
    assert client.post(FORM, form_data()).status_code == 429
    assert InformationRequest.objects.count() == 2


def test_the_form_is_not_a_get_target_for_data(client):
    response = client.get(FORM, form_data())
    assert response.status_code == 200
    assert not InformationRequest.objects.exists()
    assert client.put(FORM).status_code == 405


# --- The objection from the tracking page ----------------------------------------------------


def tracked(client, *, received: datetime, decided: datetime | None):
    with time_machine.travel(received, tick=False):
        receipt = request_file()
    if decided is not None:
        with time_machine.travel(decided, tick=False):
            request_decide(
                request_id=receipt.request_id, actor=officer_create(), stage="refused", note="",
                refusal_ground="17h",
            )  # fmt: skip
    return receipt


def test_an_objection_after_the_window_gets_the_clear_message_on_the_page(client):
    receipt = tracked(
        client,
        received=datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA),
        decided=datetime(2026, 5, 20, 10, 0, tzinfo=JAKARTA),
    )
    with time_machine.travel(datetime(2026, 7, 3, 9, 0, tzinfo=JAKARTA), tick=False):
        client.post(reverse("ppid:track"), {"number": receipt.number, "secret": receipt.secret})
        page = client.get(reverse("ppid:track")).content.decode()
        assert "Batas waktu pengajuan keberatan sudah berakhir pada 2 Juli 2026" in page
        assert "Ajukan keberatan" not in page
        # A form kept open in another tab, sent after the window.
        response = client.post(
            reverse("ppid:objection"), {"reason": "35a", "statement": "Saya keberatan."}
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Keberatan tidak dapat diajukan lagi" in body
    assert not Objection.objects.exists()


def test_an_objection_to_a_missed_deadline_is_filed_from_the_page(client):
    receipt = tracked(client, received=datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA), decided=None)
    with time_machine.travel(datetime(2026, 5, 21, 9, 0, tzinfo=JAKARTA), tick=False):
        client.post(reverse("ppid:track"), {"number": receipt.number, "secret": receipt.secret})
        assert "Ajukan keberatan" in client.get(reverse("ppid:track")).content.decode()
        invalid = client.post(reverse("ppid:objection"), {"reason": "99", "statement": ""})
        assert invalid.status_code == 200
        assert "Pilih alasan keberatan dari daftar" in invalid.content.decode()
        huge = client.post(reverse("ppid:objection"), {"reason": "35c", "statement": "x" * 50_000})
        assert huge.status_code == 200 and "Terlalu panjang" in huge.content.decode()
        response = client.post(
            reverse("ppid:objection"),
            {"reason": "35c", "statement": "Sampai batas waktu tidak ada jawaban."},
        )
        assert response.status_code == 302
        page = client.get(reverse("ppid:track")).content.decode()
        again = client.post(reverse("ppid:objection"), {"reason": "35c", "statement": "Lagi."})
    assert "Keberatan Anda sudah diterima" in page
    assert "Permohonan tidak ditanggapi" in page
    assert "satu permohonan, satu keberatan" in again.content.decode()
    assert Objection.objects.count() == 1
    assert InformationRequest.objects.get(pk=receipt.request_id).stage == "received"


# --- Valid HTML -------------------------------------------------------------------------------


@pytest.mark.time_limit(300)
def test_the_request_pages_are_valid_html(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    pages = {"form": client.get(FORM).content}
    pages["form-errors"] = client.post(FORM, form_data(requester_email="", information="")).content
    pages["receipt"] = client.post(FORM, form_data()).content
    pages["tracking"] = client.get(reverse("ppid:track")).content
    pages["track-form"] = client.post(reverse("ppid:track"), {"forget": "1"}, follow=True).content
    pages["track-wrong"] = client.post(
        reverse("ppid:track"), {"number": "PPID-1", "secret": "x"}
    ).content
    receipt = tracked(
        client,
        received=datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA),
        decided=datetime(2026, 5, 20, 10, 0, tzinfo=JAKARTA),
    )
    with time_machine.travel(datetime(2026, 6, 3, 9, 0, tzinfo=JAKARTA), tick=False):
        client.post(reverse("ppid:track"), {"number": receipt.number, "secret": receipt.secret})
        pages["tracking-objection-form"] = client.get(reverse("ppid:track")).content
        pages["objection-errors"] = client.post(reverse("ppid:objection"), {}).content
        client.post(reverse("ppid:objection"), {"reason": "35a", "statement": "Bukan rahasia."})
        pages["tracking-objection-filed"] = client.get(reverse("ppid:track")).content
    pages["missing"] = client.get(reverse("ppid:answer_document")).content
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, body in pages.items():
        (folder / ("ppid-%s.html" % name)).write_bytes(body)
    reason = vnu_missing()
    if reason:
        pytest.skip(reason)
    errors = vnu_errors(folder)
    assert errors == [], "\n".join(errors)
