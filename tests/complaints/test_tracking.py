"""Tracking /pengaduan/lacak/: the timeline, additions, guessing limits and a new secret."""

import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import EventKind, Evidence, Stage
from complaints.services import (
    complaint_note_add,
    complaint_reply,
)
from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from humas_portal.tracking import tracking_secret_format
from tests.complaints.factories import (
    complaint_file,
    complaint_move,
    png_upload,
)
from tests.complaints.test_public import messages_of

TRACK = reverse("complaints:track")
INFO = reverse("complaints:info_add")
EVIDENCE = reverse("complaints:evidence_add")
RESET = reverse("complaints:secret_reset")
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
SECRET_IN_MAIL = re.compile(r"\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{6}\b")


pytestmark = pytest.mark.usefixtures("desk")


def track(client: Client, number: str, secret: str, **extra):
    return client.post(TRACK, {"number": number, "secret": secret}, **extra)


def masked(response) -> tuple:
    """Status, headers, cookies and body, with the (per-response masked) CSRF token hidden."""
    body = CSRF_VALUE.sub(r"\1…\2", response.content.decode())
    cookies = {name: morsel.value for name, morsel in response.cookies.items()}
    return response.status_code, dict(response.headers), cookies, body


# --- The timeline ----------------------------------------------------------------------------


def test_right_number_and_secret_show_the_public_timeline(client, officer):
    receipt = complaint_file()
    complaint = receipt.complaint
    complaint_move(
        complaint,
        Stage.ASSESSMENT,
        actor=officer,
        public_note="Pengaduan Anda sedang kami kaji.",
        internal_note="INTERNAL-ONLY-1: cek CCTV balai desa",
    )
    complaint_reply(
        complaint_id=complaint.pk, actor=officer, public_note="Terima kasih, <b>Pak</b>."
    )
    complaint_note_add(complaint_id=complaint.pk, actor=officer, internal_note="INTERNAL-ONLY-2")

    # Typed loosely: lower case, spaces, hyphens in other places.
    response = track(
        client,
        complaint.number.lower(),
        " ".join(receipt.secret.lower()[i : i + 4] for i in range(0, 26, 4)),
    )

    assert response.status_code == 302
    assert response["Location"] == TRACK
    page = client.get(TRACK).text
    assert complaint.number in page
    assert "Tahap: Diterima" in page
    assert "Tahap: Kajian Awal" in page
    assert "Pengaduan Anda sedang kami kaji." in page
    assert "Terima kasih, &lt;b&gt;Pak&lt;/b&gt;." in page
    assert "INTERNAL-ONLY" not in page
    assert "petugas" not in re.sub(r"Balasan petugas|petugas (kami|yang|pengaduan)", "", page)
    assert "Petugas menilai apakah informasi cukup" in page
    assert "0 berkas" in page
    # Additions are open in Kajian Awal.
    assert 'action="%s"' % INFO in page
    assert 'action="%s"' % EVIDENCE in page
    assert 'name="back" value="tracked"' in page


def test_timeline_shows_the_reporters_additions_and_evidence_count(client):
    receipt = complaint_file()
    track(client, receipt.complaint.number, receipt.secret)

    client.post(INFO, {"back": "tracked", "text": "Ada video dari warga lain."})
    client.post(EVIDENCE, {"back": "tracked", "files": [png_upload()]})
    page = client.get(TRACK).text

    assert "Informasi tambahan dari Anda" in page
    assert "Ada video dari warga lain." in page
    assert "Bukti ditambahkan" in page
    assert "1 berkas" in page
    assert Evidence.objects.filter(complaint=receipt.complaint).count() == 1


def test_merged_complaint_says_so(client, officer):
    parent = complaint_file().complaint
    receipt = complaint_file()
    complaint_move(receipt.complaint, Stage.MERGED, actor=officer, merged_into_number=parent.number)

    track(client, receipt.complaint.number, receipt.secret)
    page = client.get(TRACK).text

    assert "digabung dengan pengaduan %s" % parent.number in page
    assert 'action="%s"' % EVIDENCE not in page


def test_get_without_a_tracked_complaint_shows_the_form(client):
    page = client.get(TRACK).text
    assert 'name="number"' in page
    assert 'name="secret"' in page
    assert 'type="password"' in page
    assert 'method="post"' in page


def test_forget_closes_access_from_this_browser(client):
    receipt = complaint_file()
    track(client, receipt.complaint.number, receipt.secret)
    assert receipt.complaint.number in client.get(TRACK).text

    assert client.post(TRACK, {"forget": "1"}).status_code == 302
    assert receipt.complaint.number not in client.get(TRACK).text
    assert client.post(INFO, {"back": "tracked", "text": "x"}).status_code == 403


def test_session_flag_expires(client, settings):
    settings.COMPLAINT_SESSION_MINUTES = 30
    receipt = complaint_file()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        track(client, receipt.complaint.number, receipt.secret)
        traveller.shift(29 * 60)
        assert receipt.complaint.number in client.get(TRACK).text
        traveller.shift(2 * 60)
        assert receipt.complaint.number not in client.get(TRACK).text
        response = client.post(INFO, {"back": "tracked", "text": "Terlambat."})
    assert response.status_code == 403
    assert "Sesi pengaduan berakhir" in response.text
    assert not receipt.complaint.events.filter(kind=EventKind.REPORTER_INFO).exists()


# --- Wrong and unknown alike -----------------------------------------------------------------


def test_wrong_secret_and_unknown_number_get_identical_responses(client):
    receipt = complaint_file()
    wrong_secret = tracking_secret_format("0" * 26)
    with time_machine.travel(timezone.now(), tick=False):
        wrong = track(client, receipt.complaint.number, wrong_secret)
        unknown = track(client, "ADU-3509-2026-999999", wrong_secret)
        # A real secret of another complaint, with this number: also just "no".
        other = complaint_file()
        crossed = track(client, receipt.complaint.number, other.secret)

    assert wrong.status_code == 200
    assert masked(wrong) == masked(unknown) == masked(crossed)
    assert "tidak cocok" in wrong.text
    # Neither what was typed is shown again.
    assert receipt.complaint.number not in wrong.text
    assert "ADU-3509-2026-999999" not in unknown.text


def test_empty_fields_are_named(client):
    response = client.post(TRACK, {"number": "", "secret": ""})
    assert "Isi nomor pengaduan." in response.text
    assert "Isi kode pelacakan." in response.text


# --- Guessing limits -------------------------------------------------------------------------


def test_guesses_over_the_limit_get_429_with_retry_after(client, settings):
    settings.COMPLAINT_TRACK_LIMIT = 3
    receipt = complaint_file()
    for _guess in range(3):
        assert track(client, receipt.complaint.number, "SALAH").status_code == 200

    response = track(client, receipt.complaint.number, receipt.secret)

    # Even the right secret waits: the limit is checked before the guess is looked at.
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 900
    assert "Terlalu banyak permintaan" in response.text


def test_forged_forwarded_for_without_a_proxy_does_not_reset_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.COMPLAINT_TRACK_LIMIT = 3
    for guess in range(3):
        response = track(
            client,
            "ADU-1",
            "SALAH",
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR="198.51.100.%d" % guess,
        )
        assert response.status_code == 200
    forged = track(
        client, "ADU-1", "SALAH", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert forged.status_code == 429
    assert "Retry-After" in forged.headers


def test_forged_forwarded_for_behind_one_proxy_does_not_reset_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.COMPLAINT_TRACK_LIMIT = 3
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for guess in range(3):
        forwarded = "6.6.6.%d, 198.51.100.1" % guess  # the client's lie, then nginx's truth
        assert (
            track(client, "ADU-1", "SALAH", HTTP_X_FORWARDED_FOR=forwarded, **proxy).status_code
            == 200
        )
    forged = track(client, "ADU-1", "SALAH", HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.1", **proxy)
    assert forged.status_code == 429
    assert "Retry-After" in forged.headers
    # Another real client behind the same proxy still has its budget.
    other = track(client, "ADU-1", "SALAH", HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert other.status_code == 200


def test_forget_is_not_counted_as_a_guess(client, settings):
    settings.COMPLAINT_TRACK_LIMIT = 1
    for _attempt in range(3):
        client.post(TRACK, {"forget": "1"})
    assert track(client, "ADU-1", "SALAH").status_code == 200


# --- Nothing secret leaks --------------------------------------------------------------------


def test_secret_is_in_no_url_and_no_session_after_tracking(client):
    receipt = complaint_file()
    compact = receipt.secret

    response = track(client, receipt.complaint.number, tracking_secret_format(compact))
    page = client.get(TRACK)

    assert compact not in response["Location"].upper().replace("-", "")
    for url in re.findall(r'(?:href|action|src)="([^"]*)"', page.text):
        assert compact not in url.upper().replace("-", "")
    for row in Session.objects.all():
        assert compact not in str(row.get_decoded()).upper().replace("-", "")
    assert compact not in page.text.replace("-", "")


# --- Adding information ----------------------------------------------------------------------


def test_information_is_added_while_the_stage_is_open(client, officer):
    receipt = complaint_file()
    complaint_move(receipt.complaint, Stage.ASSESSMENT, actor=officer)
    track(client, receipt.complaint.number, receipt.secret)

    response = client.post(
        INFO,
        {"back": "tracked", "text": "<script>x()</script> Pelaku naik motor merah."},
        follow=True,
    )

    assert response.redirect_chain == [(TRACK, 302)]
    event = receipt.complaint.events.get(kind=EventKind.REPORTER_INFO)
    assert event.public_note == "<script>x()</script> Pelaku naik motor merah."
    assert "&lt;script&gt;x()&lt;/script&gt; Pelaku naik motor merah." in response.text
    assert messages_of(response) == ["Informasi tambahan sudah terkirim."]


def test_information_is_refused_once_closed(client, officer):
    receipt = complaint_file()
    track(client, receipt.complaint.number, receipt.secret)
    complaint_move(receipt.complaint, Stage.ASSESSMENT, actor=officer)
    complaint_move(
        receipt.complaint, Stage.NOT_REGISTERED, actor=officer, public_note="Bukan wewenang kami."
    )

    response = client.post(INFO, {"back": "tracked", "text": "Satu hal lagi."}, follow=True)

    assert response.redirect_chain == [(TRACK, 302)]
    assert not receipt.complaint.events.filter(kind=EventKind.REPORTER_INFO).exists()
    assert messages_of(response) == [
        "Pada tahap Tidak Diregistrasi, informasi tambahan tidak dapat dikirim lewat portal."
    ]
    assert 'action="%s"' % INFO not in response.text
    assert "Bukan wewenang kami." in response.text


def test_empty_or_huge_information_is_refused_with_the_text_kept(client):
    receipt = complaint_file()
    track(client, receipt.complaint.number, receipt.secret)

    empty = client.post(INFO, {"back": "tracked", "text": "  "})
    huge = client.post(INFO, {"back": "tracked", "text": "kata " * 1200})

    assert "Bagian ini wajib diisi." in empty.text
    assert "Terlalu panjang: paling banyak 5000 karakter" in huge.text
    assert "kata kata kata" in huge.text
    assert not receipt.complaint.events.filter(kind=EventKind.REPORTER_INFO).exists()


def test_information_without_a_session_is_refused(client):
    receipt = complaint_file()
    response = client.post(INFO, {"back": "tracked", "text": "Halo."})
    assert response.status_code == 403
    assert not receipt.complaint.events.filter(kind=EventKind.REPORTER_INFO).exists()


def test_the_receipt_flag_does_not_open_the_tracked_page(client):
    """Filing in this browser allows the receipt's complaint only, not tracking another."""
    from tests.complaints.test_filing import file_complaint

    file_complaint(client)
    assert client.post(INFO, {"back": "tracked", "text": "x"}).status_code == 403


# --- A new secret ----------------------------------------------------------------------------


def test_secret_reset_answers_alike_and_sends_a_new_secret_on_a_match(client):
    receipt = complaint_file()
    complaint = receipt.complaint
    other = complaint_file(reporter_email="")
    with time_machine.travel(timezone.now(), tick=False):
        mismatch = client.post(RESET, {"number": complaint.number, "email": "orang@lain.id"})
        unknown = client.post(RESET, {"number": "ADU-0000-0000-000000", "email": "a@contoh.id"})
        no_address = client.post(RESET, {"number": other.complaint.number, "email": "a@contoh.id"})
        assert not Message.objects.filter(kind="complaint_secret_reset").exists()
        match = client.post(
            RESET, {"number": complaint.number.lower(), "email": complaint.reporter_email.upper()}
        )

    assert match.status_code == 200
    assert masked(match) == masked(mismatch) == masked(unknown) == masked(no_address)
    assert "Periksa e-mail Anda" in match.text
    mail = Message.objects.get(kind="complaint_secret_reset")
    assert mail.recipient == complaint.reporter_email
    assert mail.sensitive
    new_secret = SECRET_IN_MAIL.search(message_bodies(message=mail)[0]).group(0)

    # Issue 13: the old secret works until the new one is first used, and not after.
    assert track(Client(), complaint.number, receipt.secret).status_code == 302
    assert track(Client(), complaint.number, new_secret).status_code == 302
    assert track(Client(), complaint.number, receipt.secret).status_code == 200  # refused
    assert track(Client(), complaint.number, receipt.secret).content.count(b"tidak cocok") == 1


def test_secret_reset_form_errors_are_named(client):
    response = client.post(RESET, {"number": "ADU-1", "email": "bukan-email"})
    assert response.status_code == 200
    assert "Alamat e-mail tidak dikenali." in response.text
    assert 'value="ADU-1"' in response.text


def test_secret_reset_is_rate_limited(client, settings):
    settings.COMPLAINT_TRACK_LIMIT = 2
    for _attempt in range(2):
        client.post(RESET, {"number": "ADU-1", "email": "a@contoh.id"})
    response = client.post(RESET, {"number": "ADU-1", "email": "a@contoh.id"})
    assert response.status_code == 429
    assert "Retry-After" in response.headers
