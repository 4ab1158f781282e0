"""Filing a complaint through /pengaduan/buat/: the form, its checks, anti-spam and the receipt."""

import re
import time
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, Witness
from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from humas_portal.tracking import tracking_secret_hash
from tests.complaints.factories import election_create

CREATE = reverse("complaints:create")
RECEIPT = reverse("complaints:receipt")
SECRET = re.compile(r'class="receipt__secret"[^>]*>([0-9A-Z-]+)<')
NUMBER = re.compile(r'class="receipt__number">([^<]+)<')


pytestmark = pytest.mark.usefixtures("desk")


def hidden(page: str, name: str) -> str:
    match = re.search(r'name="%s" value="([^"]*)"' % name, page)
    assert match, name
    return unescape(match.group(1))


def form_data(client: Client, **overrides) -> dict:
    """What a named reporter sends, with the one-time token and stamp of a fresh form."""
    page = client.get(CREATE).text
    today = timezone.localdate()
    data = {
        "form_token": hidden(page, "form_token"),
        "started": hidden(page, "started"),
        "election": str(election_create().pk),
        "reporter_name": "Siti Pelapor",
        "reporter_phone": "0812-3456-7890",
        "reporter_email": "siti@contoh.id",
        "reporter_address": "Jl. Mawar 1, Kencong",
        "category": "money_politics",
        "title": "Pembagian amplop di balai desa",
        "description": "Sekitar pukul 19.00 ada pembagian amplop berisi uang.",
        "occurred_on": (today - timedelta(days=2)).isoformat(),
        "known_on": (today - timedelta(days=1)).isoformat(),
        "location": "35.09.01.2001",
        "location_detail": "Balai desa",
        "reported_party": "Tim sukses calon X",
        "witness_1_name": "Budi Saksi",
        "witness_1_contact": "0813 0000 0000",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def file_complaint(client: Client, **overrides):
    """POST a valid form and follow it to the receipt; return that page and the secret on it."""
    response = client.post(CREATE, form_data(client, **overrides), follow=True)
    assert response.redirect_chain == [(RECEIPT, 302)]
    assert response.status_code == 200
    match = SECRET.search(response.text)
    return response, match.group(1) if match else None


# --- The form --------------------------------------------------------------------------------


def test_form_groups_villages_by_kecamatan_and_suits_a_phone(client):
    page = client.get(CREATE).text

    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', page, re.DOTALL)
    assert [label for label, _options in groups] == ["Kec. Kaliwates", "Kec. Kencong"]
    assert 'value="35.09.24.1001"' in groups[0][1]
    assert "Kel. Kaliwates" in groups[0][1]
    assert 'value="35.09.01.2002"' in groups[1][1]
    assert "Desa Wonorejo" in groups[1][1]
    assert re.search(r'<input type="tel"[^>]*inputmode="tel"[^>]*autocomplete="tel"', page)
    assert re.search(r'<input type="date" name="occurred_on"', page)
    assert 'autocomplete="email"' in page
    # The honeypot: labelled, out of the tab order, never autofilled.
    trap = re.search(r'<input type="text" name="situs_web"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap
    assert "Jangan diisi" in page
    # With one election open it is already chosen.
    assert re.search(r'<option value="%d" selected>' % election_create().pk, page)
    assert "tidak dapat menjadi laporan resmi" in page
    assert 'href="/pengaduan/#privasi"' in page


def test_each_form_gets_its_own_token(client):
    first, second = client.get(CREATE).text, client.get(CREATE).text
    assert hidden(first, "form_token") != hidden(second, "form_token")


# --- Filing ----------------------------------------------------------------------------------


def test_valid_report_is_stored_and_the_receipt_shows_number_and_secret(client):
    response, secret = file_complaint(client)

    complaint = Complaint.objects.get()
    assert secret is not None
    assert complaint.tracking_hash == tracking_secret_hash(secret)
    assert NUMBER.search(response.text).group(1) == complaint.number
    assert complaint.reporter_phone == "+6281234567890"
    assert complaint.location_id == "35.09.01.2001"
    assert [(w.name, w.contact) for w in Witness.objects.all()] == [
        ("Budi Saksi", "0813 0000 0000")
    ]
    assert "Pengaduan Anda sudah kami terima" in response.text
    assert "juga kami kirim ke alamat e-mail" in response.text
    # The upload form for the evidence is on the receipt itself.
    assert 'action="/pengaduan/bukti/"' in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert 'name="back" value="filed"' in response.text
    assert 'rel="stylesheet"' in response.text
    assert "complaints/complaints.css" in response.text
    mail = Message.objects.get(kind="complaint_receipt")
    assert mail.recipient == "siti@contoh.id"
    assert secret in message_bodies(message=mail)[0]


def test_no_receipt_mail_without_an_address(client):
    response, secret = file_complaint(client, reporter_email="")
    assert secret is not None
    assert Complaint.objects.count() == 1
    assert not Message.objects.exists()
    assert "tidak mengisi alamat e-mail" in response.text


def test_anonymous_report_without_any_contact_is_accepted(client):
    _response, secret = file_complaint(
        client,
        anonymous="on",
        reporter_name="",
        reporter_phone="",
        reporter_email="",
        reporter_address="",
    )
    complaint = Complaint.objects.get()
    assert secret is not None
    assert complaint.anonymous
    assert (complaint.reporter_name, complaint.reporter_phone, complaint.reporter_address) == (
        "",
        "",
        "",
    )


def test_anonymous_report_keeps_no_name_or_address_even_if_typed(client):
    file_complaint(client, anonymous="on")
    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert complaint.reporter_name == ""
    assert complaint.reporter_address == ""
    # Contacts given stay, for the receipt and for questions back.
    assert complaint.reporter_phone == "+6281234567890"
    assert complaint.reporter_email == "siti@contoh.id"


def test_named_reporter_without_phone_is_refused_and_keeps_the_typed_data(client):
    response = client.post(CREATE, form_data(client, reporter_phone=""))

    assert response.status_code == 200
    assert not Complaint.objects.exists()
    assert "Isi nomor telepon Anda, atau centang anonim." in response.text
    assert 'value="Pembagian amplop di balai desa"' in response.text
    assert "Sekitar pukul 19.00 ada pembagian amplop berisi uang." in response.text
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0812 3456 7890", "+6281234567890"), ("62812-3456-7890", "+6281234567890"),
     ("+62 (331) 123456", "+62331123456")],
)  # fmt: skip
def test_phone_is_normalised_to_plus_62(client, typed, stored):
    file_complaint(client, reporter_phone=typed)
    assert Complaint.objects.get().reporter_phone == stored


def test_unreadable_phone_is_refused(client):
    response = client.post(CREATE, form_data(client, reporter_phone="telepon saya"))
    assert not Complaint.objects.exists()
    assert "Nomor telepon tidak dikenali" in response.text


def test_html_is_stored_as_text_and_escaped_on_the_receipt(client):
    title = '<script>alert("x")</script><b>Amplop</b>'
    response, _secret = file_complaint(client, title=title)

    assert Complaint.objects.get().title == title
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Amplop&lt;/b&gt;" in (
        response.text
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occurred_on": "2999-01-01", "known_on": "2999-01-02"}, "Tanggal ini belum lewat."),
        (
            {"occurred_on": "2020-05-10", "known_on": "2020-05-09"},
            "Tanggal diketahui tidak boleh lebih awal dari tanggal kejadian.",
        ),
        ({"occurred_on": "kemarin"}, "Tanggal tidak dikenali."),
        ({"election": "999999"}, "Pemilihan itu tidak ada dalam daftar."),
        ({"location": "35.09.99.9999"}, "Desa/kelurahan itu tidak ada dalam daftar."),
        # A village that exists, but not in this office's region.
        ({"location": "35.09.01"}, "Desa/kelurahan itu tidak ada dalam daftar."),
        ({"category": "gosip"}, "Pilih salah satu jenis dari daftar."),
        ({"description": "x" * 10_001}, "Terlalu panjang: paling banyak 10000 karakter"),
        ({"title": "y" * 151}, "Terlalu panjang: paling banyak 150 karakter"),
        ({"reporter_email": "bukan-email"}, "Alamat e-mail tidak dikenali."),
        ({"consent": None}, "Centang persetujuan agar pengaduan dapat diproses."),
        ({"witness_2_contact": "0812"}, "Isi nama saksi untuk kontak ini."),
        ({"title": "", "description": ""}, "Bagian ini wajib diisi."),
    ],
)
def test_bad_input_is_refused_in_indonesian_and_the_rest_is_kept(client, overrides, message):
    response = client.post(CREATE, form_data(client, **overrides))

    assert response.status_code == 200
    assert not Complaint.objects.exists()
    assert message in unescape(response.text)
    assert "Isian belum dapat dikirim" in response.text
    assert 'value="Siti Pelapor"' in response.text


def test_deadline_passed_warns_but_stores(client, settings):
    settings.COMPLAINT_REPORTING_DAYS = {"pemilu": 7, "pilkada": 7}
    today = timezone.localdate()
    response, secret = file_complaint(
        client,
        occurred_on=(today - timedelta(days=30)).isoformat(),
        known_on=(today - timedelta(days=20)).isoformat(),
    )
    assert secret is not None
    assert Complaint.objects.count() == 1
    assert "melewati batas waktu pelaporan" in response.text
    assert "lebih dari 7 hari" in response.text


def test_deadline_warning_is_also_shown_when_the_form_comes_back(client):
    today = timezone.localdate()
    response = client.post(
        CREATE,
        form_data(
            client,
            known_on=(today - timedelta(days=20)).isoformat(),
            occurred_on=(today - timedelta(days=21)).isoformat(),
            reporter_phone="",
        ),
    )
    assert not Complaint.objects.exists()
    assert "melewati batas waktu pelaporan" in response.text


def test_within_the_deadline_there_is_no_warning(client):
    response, _secret = file_complaint(client)
    assert "melewati batas waktu pelaporan" not in response.text


# --- Anti-spam -------------------------------------------------------------------------------


def test_honeypot_stores_nothing_and_shows_a_neutral_page(client):
    response = client.post(CREATE, form_data(client, situs_web="http://spam.example"))

    assert response.status_code == 200
    assert not Complaint.objects.exists()
    assert not Message.objects.exists()
    assert "Pengaduan belum tersimpan" in response.text
    assert not SECRET.search(response.text)
    assert not NUMBER.search(response.text)


def test_too_fast_is_refused_with_the_data_kept_and_passes_after_waiting(client, settings):
    settings.COMPLAINT_FORM_MIN_SECONDS = 5
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        data = form_data(client)
        response = client.post(CREATE, data)
        assert not Complaint.objects.exists()
        assert "Formulir terkirim terlalu cepat" in response.text
        assert 'value="Pembagian amplop di balai desa"' in response.text
        # The same token and stamp come back, so the time spent already counts.
        assert hidden(response.text, "started") == data["started"]

        traveller.shift(6)
        again = {**data, "started": hidden(response.text, "started")}
        assert SECRET.search(client.post(CREATE, again, follow=True).text)
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize("stamp", ["", "rusak", "eyJ0b2tlbiI6IjEifQ:1abc:xyz"])
def test_tampered_stamp_is_refused_and_a_fresh_one_issued(client, stamp):
    data = form_data(client, started=stamp)
    response = client.post(CREATE, data)

    assert not Complaint.objects.exists()
    assert "Formulir ini tidak sah atau sudah rusak" in response.text
    assert 'value="Siti Pelapor"' in response.text
    fresh_token = hidden(response.text, "form_token")
    assert fresh_token != data["form_token"]
    # The form as it came back can be sent.
    resent = {**data, "form_token": fresh_token, "started": hidden(response.text, "started")}
    assert SECRET.search(client.post(CREATE, resent, follow=True).text)


def test_stamp_of_another_form_is_refused(client):
    other = form_data(client)
    data = form_data(client, started=other["started"])
    response = client.post(CREATE, data)
    assert not Complaint.objects.exists()
    assert "Formulir ini tidak sah atau sudah rusak" in response.text


def test_same_form_token_twice_stores_one_complaint_and_hides_the_secret_elsewhere(client):
    """The same form sent again stores nothing new. The browser that filed still sees its
    secret (the filing session keeps it); another browser sending the same form gets a
    neutral page that names no complaint (issue 13: it used to get the receipt)."""
    data = form_data(client)
    first = client.post(CREATE, data, follow=True)
    again = client.post(CREATE, data, follow=True)
    elsewhere = Client().post(CREATE, data, follow=True)

    assert Complaint.objects.count() == 1
    secret = SECRET.search(first.text).group(1)
    number = Complaint.objects.get().number
    assert again.redirect_chain == [(RECEIPT, 302)]
    assert "sudah tersimpan sebelumnya" in again.text
    assert SECRET.search(again.text).group(1) == secret
    assert elsewhere.redirect_chain == []
    assert "Pengaduan ini sudah tersimpan" in elsewhere.text
    assert number not in elsewhere.text
    assert secret not in elsewhere.text
    assert not SECRET.search(elsewhere.text)
    assert Message.objects.filter(kind="complaint_receipt").count() == 1


def test_submissions_over_the_limit_get_429_with_retry_after(client, settings):
    settings.COMPLAINT_SUBMIT_LIMIT = 2
    # Refused forms do not count: correcting one's mistakes is not a flood.
    for _attempt in range(3):
        client.post(CREATE, form_data(client, reporter_phone=""))
    file_complaint(client)
    file_complaint(client)

    response = client.post(CREATE, form_data(client))

    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 3600
    assert "Terlalu banyak permintaan" in response.text
    assert Complaint.objects.count() == 2
    assert "no-store" in response.headers["Cache-Control"]


def test_get_is_not_counted(client, settings):
    settings.COMPLAINT_SUBMIT_LIMIT = 1
    for _attempt in range(3):
        assert client.get(CREATE).status_code == 200
    assert file_complaint(client)[1] is not None


def test_complaint_is_stored_while_redis_is_down(client, settings):
    from tests.conftest import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:%d/0" % free_port(),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    started = time.monotonic()
    _response, secret = file_complaint(client)

    assert secret is not None
    assert Complaint.objects.count() == 1
    assert Message.objects.filter(kind="complaint_receipt").count() == 1
    assert time.monotonic() - started < 20


# --- Nothing secret leaks --------------------------------------------------------------------


def test_secret_is_in_no_url_and_not_readable_in_the_session(client):
    """The session keeps the secret for the receipt, but only encrypted (tests/complaints/
    test_receipt.py shows that its key is in the reporter's cookie only)."""
    from django.contrib.sessions.models import Session

    response, secret = file_complaint(client)
    compact = secret.replace("-", "")

    for url, _status in response.redirect_chain:
        assert compact not in url.replace("-", "")
    for row in Session.objects.all():
        decoded = str(row.get_decoded())
        assert compact not in decoded
        assert secret not in decoded
        assert compact not in row.session_data
    assert compact not in str(dict(client.session))
    # Every link and form target on the receipt is free of it too.
    for url in re.findall(r'(?:href|action|src)="([^"]*)"', response.text):
        assert compact not in url.replace("-", "")
    assert not Complaint.objects.filter(tracking_hash__icontains=compact).exists()


def test_once_the_receipt_is_sent_the_secret_is_in_no_database_column(client, mailoutbox):
    """Every text column of every table (sessions, outbox, audit trail included) is searched
    for the secret, raw and as shown, after the receipt e-mail went out."""
    from django.apps import apps
    from django.contrib.sessions.models import Session
    from django.db import models
    from django.db.models import Q

    from humas_portal.notifications.services import notification_deliver

    _response, secret = file_complaint(client)
    receipt = Message.objects.get(kind="complaint_receipt")
    notification_deliver(message_ids=[receipt.pk])
    assert len(mailoutbox) == 1
    assert secret in mailoutbox[0].body  # it did go out, by e-mail
    # ... and this browser's receipt still shows it: the scan covers what keeps it there.
    assert SECRET.search(client.get(RECEIPT).text).group(1) == secret

    forms = {secret, secret.replace("-", "")}
    searched = 0
    for model in apps.get_models():
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not text_fields:
            continue
        query = Q()
        for field in text_fields:
            for form in forms:
                query |= Q(**{"%s__icontains" % field: form})
        assert not model.objects.filter(query).exists(), model._meta.label
        searched += 1
    assert searched > 10  # the scan really covered the schema
    # Session data is encoded, not encrypted: read as Django reads it, it holds no code either.
    sessions = [str(row.get_decoded()) for row in Session.objects.all()]
    assert sessions
    assert not [data for data in sessions for form in forms if form in data]


def test_receipt_page_after_filing_shows_number_and_still_the_secret(client):
    _response, secret = file_complaint(client)
    page = client.get(RECEIPT)

    assert page.status_code == 200
    assert Complaint.objects.get().number in page.text
    assert SECRET.search(page.text).group(1) == secret


def test_receipt_page_without_filing_is_refused(client):
    response = client.get(RECEIPT)
    assert response.status_code == 403
    assert "Sesi pengaduan berakhir" in response.text
