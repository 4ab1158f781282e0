"""The receipt keeps the tracking code on the normal path (issue 12, item 1): after filing, a
redirect to the receipt, which shows the code in this browser after uploads and reloads until
the reporter says it is saved or the filing session ends; never in another browser, a URL or
a readable database column."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, Evidence
from complaints.session import RECEIPT_KEY_COOKIE
from humas_portal.crypto import DecryptionError, decrypt
from tests.complaints.factories import election_create, office_create, png_upload
from tests.complaints.test_filing import CREATE, NUMBER, RECEIPT, SECRET, file_complaint, form_data

EVIDENCE = reverse("complaints:evidence_add")
TRACK = reverse("complaints:track")
SAVED = "Saya sudah menyimpan kode"


@pytest.fixture(autouse=True)
def _desk(db, settings):
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    office_create()
    election_create()


def shown_secret(client: Client) -> str | None:
    page = client.get(RECEIPT)
    assert page.status_code == 200
    match = SECRET.search(page.text)
    return match.group(1) if match else None


def kept_ciphertext() -> str:
    """The one encrypted code the session table holds."""
    kept = [
        value["code"]
        for row in Session.objects.all()
        for key, value in row.get_decoded().items()
        if key == "complaints_receipt_code"
    ]
    assert len(kept) == 1
    return kept[0]


def test_code_survives_two_photo_uploads_and_two_reloads(client):
    first, secret = file_complaint(client)
    assert secret is not None
    assert "Pengaduan Anda sudah kami terima" in first.text

    for name in ("satu.png", "dua.png"):
        page = client.post(EVIDENCE, {"back": "filed", "files": [png_upload(name)]}, follow=True)
        assert page.redirect_chain == [(RECEIPT, 302)]
        assert "%s tersimpan." % name in page.text
        assert SECRET.search(page.text).group(1) == secret
    assert Evidence.objects.count() == 2

    for _reload in range(2):
        assert shown_secret(client) == secret
    assert Complaint.objects.count() == 1


def test_filing_redirects_and_the_receipt_keeps_the_private_page_headers(client):
    response = client.post(CREATE, form_data(client))

    assert (response.status_code, response["Location"]) == (302, RECEIPT)
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    page = client.get(RECEIPT)
    assert SECRET.search(page.text)
    assert "no-store" in page.headers["Cache-Control"]
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_another_browser_never_sees_the_code(client):
    _page, secret = file_complaint(client)
    compact = secret.replace("-", "")

    stranger = Client()
    assert stranger.get(RECEIPT).status_code == 403

    # The session cookie alone (say, copied from a shared computer's profile) opens the
    # receipt, but the code needs the key cookie too.
    session_only = Client()
    session_only.cookies["sessionid"] = client.cookies["sessionid"].value
    page = session_only.get(RECEIPT)
    assert page.status_code == 200
    assert NUMBER.search(page.text)
    assert compact not in page.text.replace("-", "")
    assert "tidak ditampilkan lagi di perangkat ini" in page.text

    # The key cookie with another browser's session: nothing either.
    key_only = Client()
    file_complaint(key_only)
    key_only.cookies[RECEIPT_KEY_COOKIE] = client.cookies[RECEIPT_KEY_COOKIE].value
    assert compact not in key_only.get(RECEIPT).text.replace("-", "")


def test_the_key_cookie_is_httponly_strict_scoped_and_short_lived(client, settings):
    settings.COMPLAINT_SESSION_MINUTES = 45
    response = client.post(CREATE, form_data(client))

    cookie = response.cookies[RECEIPT_KEY_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/pengaduan/"
    assert cookie["max-age"] == 45 * 60
    assert not cookie["secure"]  # the test server is plain http


def test_the_key_cookie_is_secure_over_https():
    client = Client()
    response = client.post(CREATE, form_data(client), secure=True)
    assert response.cookies[RECEIPT_KEY_COOKIE]["secure"]


def test_the_session_holds_only_ciphertext_that_its_cookie_alone_opens(client):
    _page, secret = file_complaint(client)
    ciphertext = kept_ciphertext()

    assert secret.replace("-", "") not in ciphertext
    assert decrypt(token=ciphertext, key=client.cookies[RECEIPT_KEY_COOKIE].value) == secret
    with pytest.raises(DecryptionError):
        decrypt(token=ciphertext)  # not the portal's keys: the server alone cannot read it
    # A cookie of its own for each filing.
    other = Client()
    file_complaint(other)
    assert other.cookies[RECEIPT_KEY_COOKIE].value != client.cookies[RECEIPT_KEY_COOKIE].value


def test_saying_the_code_is_saved_forgets_it_and_deletes_the_cookie(client):
    _page, secret = file_complaint(client)

    response = client.post(RECEIPT)

    assert (response.status_code, response["Location"]) == (302, RECEIPT)
    deleted = response.cookies[RECEIPT_KEY_COOKIE]
    assert deleted.value == ""
    assert deleted["max-age"] == 0
    assert deleted["path"] == "/pengaduan/"
    assert "no-store" in response.headers["Cache-Control"]
    page = client.get(RECEIPT)
    assert not SECRET.search(page.text)
    assert secret not in page.text
    assert "Kode pelacakan sudah dihapus dari perangkat ini." in page.text
    assert NUMBER.search(page.text)  # the number stays, and evidence can still be added
    assert 'action="%s"' % EVIDENCE in page.text
    for row in Session.objects.all():
        assert "complaints_receipt_code" not in row.get_decoded()


def test_the_saved_button_is_a_form_on_the_receipt(client):
    page, _secret = file_complaint(client)
    form = re.search(
        r'<form class="receipt__saved" method="post" action="%s">(.*?)</form>' % RECEIPT,
        page.text,
        re.DOTALL,
    )
    assert form
    assert "csrfmiddlewaretoken" in form.group(1)
    assert SAVED in form.group(1)


def test_the_code_goes_when_the_filing_session_ends(client, settings):
    settings.COMPLAINT_SESSION_MINUTES = 60
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _page, secret = file_complaint(client)
        traveller.shift(timedelta(minutes=59))
        assert shown_secret(client) == secret
        traveller.shift(timedelta(minutes=2))
        assert client.get(RECEIPT).status_code == 403
    for row in Session.objects.all():
        assert "complaints_receipt_code" not in row.get_decoded()


def test_forgetting_the_complaints_on_the_tracking_page_forgets_the_code(client):
    file_complaint(client)
    response = client.post(TRACK, {"forget": "1"})
    assert response.cookies[RECEIPT_KEY_COOKIE]["max-age"] == 0
    assert client.get(RECEIPT).status_code == 403
    for row in Session.objects.all():
        assert "complaints_receipt_code" not in row.get_decoded()


def test_a_second_filing_in_the_same_browser_shows_its_own_code(client):
    _page, first = file_complaint(client)
    _page, second = file_complaint(client)
    assert first != second
    assert shown_secret(client) == second


def test_a_tampered_key_cookie_shows_no_code_and_no_error(client):
    file_complaint(client)
    client.cookies[RECEIPT_KEY_COOKIE] = "bukan-kunci"
    assert shown_secret(client) is None


def test_the_receipt_offers_copy_print_and_where_to_track(client, settings):
    settings.PORTAL_BASE_URL = "https://portal.contoh.go.id"
    page, secret = file_complaint(client)
    text = page.text

    assert re.search(r'<span class="receipt__secret" id="receipt-secret">%s</span>' % secret, text)
    copy = re.search(r'<button[^>]*data-copy="receipt-secret"[^>]*>', text).group(0)
    assert " hidden" in copy  # shown by receipt.js only
    assert "Salin kode" in text
    assert re.search(r"<button[^>]*data-print hidden>Cetak tanda terima</button>", text)
    assert 'src="/static/complaints/receipt.js"' in text
    # What a printout needs: the office, its logo, number, code and where to track.
    letterhead = re.search(r'<div class="receipt__letterhead">(.*?)</div>', text, re.DOTALL)
    assert "Bawaslu Kabupaten Jember" in letterhead.group(1)
    assert re.search(r'<img class="receipt__logo" src="[^"]+"', letterhead.group(1))
    assert "https://portal.contoh.go.id/pengaduan/lacak/" in text
    assert page.content.decode().count("<h1") == 1


def test_the_tracking_form_has_a_show_code_toggle_for_scripts_only(client):
    page = client.get(TRACK).text
    assert re.search(r'<input type="password" name="secret"[^>]*id="id_secret"', page)
    toggle = re.search(r'<button[^>]*data-reveal="id_secret"[^>]*>', page).group(0)
    assert 'aria-controls="id_secret"' in toggle
    assert 'aria-pressed="false"' in toggle
    assert " hidden" in toggle
    assert "Tampilkan kode" in page
    assert 'src="/static/complaints/track.js"' in page
