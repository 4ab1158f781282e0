"""The public side of the complaint desk: the explanation page, private-page headers, CSRF
under no-referrer, and evidence uploaded on the receipt page."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from complaints.models import Complaint, EventKind, Evidence, Stage
from tests.complaints.factories import complaint_move, png_upload
from tests.complaints.test_filing import CREATE, SECRET, file_complaint, form_data

INDEX = reverse("complaints:index")
RECEIPT = reverse("complaints:receipt")
EVIDENCE = reverse("complaints:evidence_add")
INFO = reverse("complaints:info_add")
TRACK = reverse("complaints:track")
RESET = reverse("complaints:secret_reset")


pytestmark = pytest.mark.usefixtures("desk")


def html_as_jpg(name: str = "foto.jpg") -> SimpleUploadedFile:
    body = b"<!doctype html><html><script>alert(1)</script></html>"
    return SimpleUploadedFile(name, body, content_type="image/jpeg")


def messages_of(response) -> list[str]:
    return re.findall(r'<li class="notice notice--\w+">(.*?)</li>', response.text, re.DOTALL)


# --- /pengaduan/ -----------------------------------------------------------------------------


def test_index_explains_the_desk(client, settings):
    settings.COMPLAINT_NATIONAL_SYSTEM_URL = "https://lapor.contoh.go.id/"
    settings.COMPLAINT_REPORTING_DAYS = {"pemilu": 7, "pilkada": 5}
    response = client.get(INDEX)
    page = response.text

    assert response.status_code == 200
    assert page.count("<h1") == 1
    for label in ["Politik uang", "Netralitas ASN, TNI, Polri atau kepala desa", "Lainnya"]:
        assert "<li>%s</li>" % label in page
    assert 'href="https://lapor.contoh.go.id/"' in page
    assert "Pemilu: 7 hari sejak pelanggaran diketahui" in page
    assert "Pilkada: 5 hari sejak pelanggaran diketahui" in page
    assert 'id="privasi"' in page
    assert "Undang-Undang Nomor 27 Tahun 2022" in page
    assert "setiap kali dilihat tercatat" in page
    assert "dipertemukan dengan pihak terlapor" in page
    assert "tidak dapat menjadi laporan resmi" in page
    assert "Kajian Awal" in page
    assert "Dijadikan Temuan" in page
    assert 'href="%s"' % CREATE in page
    assert 'href="%s"' % TRACK in page


def test_index_is_a_cacheable_public_page(client):
    response = client.get(INDEX)
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "X-Robots-Tag" not in response.headers
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies


# --- Private pages: headers ------------------------------------------------------------------

PRIVATE_VISITS = [
    ("get", CREATE, {}, 200),
    ("post", CREATE, {}, 200),
    ("get", RECEIPT, {}, 403),
    ("post", EVIDENCE, {"back": "filed"}, 403),
    ("post", INFO, {"back": "tracked", "text": "x"}, 403),
    ("get", TRACK, {}, 200),
    ("post", TRACK, {"number": "ADU-1", "secret": "X"}, 200),
    ("get", RESET, {}, 200),
    ("post", RESET, {"number": "ADU-1", "email": "a@contoh.id"}, 200),
]


@pytest.mark.parametrize(("method", "url", "data", "status"), PRIVATE_VISITS)
def test_private_pages_are_not_stored_referred_or_indexed(client, method, url, data, status):
    response = getattr(client, method)(url, data)

    assert response.status_code == status
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.text


def test_receipt_and_rate_limit_responses_carry_the_headers_too(client, settings):
    response, _secret = file_complaint(client)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"

    settings.COMPLAINT_TRACK_LIMIT = 1
    client.post(TRACK, {"number": "ADU-1", "secret": "X"})
    refused = client.post(TRACK, {"number": "ADU-1", "secret": "X"})
    assert refused.status_code == 429
    assert refused.headers["Referrer-Policy"] == "no-referrer"
    assert refused.headers["X-Robots-Tag"] == "noindex"


# --- CSRF under Referrer-Policy: no-referrer -------------------------------------------------


def csrf_client_with_form() -> tuple[Client, dict]:
    client = Client(enforce_csrf_checks=True)
    data = form_data(client)
    page = client.get(CREATE).text
    data["csrfmiddlewaretoken"] = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', page
    ).group(1)
    return client, data


@pytest.mark.parametrize("secure", [False, True])
def test_own_form_posted_with_origin_null_passes_csrf(secure):
    """What Chromium sends from a no-referrer page: Origin "null", Sec-Fetch-Site same-origin,
    and no Referer (which Django would otherwise demand over HTTPS)."""
    client, data = csrf_client_with_form()
    response = client.post(
        CREATE, data, secure=secure, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert (response.status_code, response["Location"]) == (302, RECEIPT)
    assert SECRET.search(client.get(RECEIPT, secure=secure).text)
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        # A sandboxed frame or data: URL elsewhere: "null", but cross-site.
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://penipu.example", "HTTP_SEC_FETCH_SITE": "same-origin"},
    ],
)
def test_foreign_origins_are_still_refused(headers):
    client, data = csrf_client_with_form()
    response = client.post(CREATE, data, **headers)
    assert response.status_code == 403
    assert not Complaint.objects.exists()


def test_origin_null_without_the_token_is_refused():
    client, data = csrf_client_with_form()
    del data["csrfmiddlewaretoken"]
    response = client.post(CREATE, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 403
    assert not Complaint.objects.exists()


def test_origin_null_is_accepted_only_on_the_complaint_pages():
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("subscriptions:subscribe")).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("subscriptions:subscribe"),
        {"csrfmiddlewaretoken": token, "email": "a@contoh.id", "topics": ["berita"]},
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 403


# --- Evidence on the receipt page ------------------------------------------------------------


def test_photo_uploaded_on_the_receipt_is_stored_privately(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    file_complaint(client)

    response = client.post(EVIDENCE, {"back": "filed", "files": [png_upload()]}, follow=True)

    assert response.redirect_chain == [(RECEIPT, 302)]
    evidence = Evidence.objects.get()
    stored = Path(evidence.file.path)
    assert stored.is_file()
    assert stored.is_relative_to(Path(settings.COMPLAINT_EVIDENCE_ROOT))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.png"))
    assert evidence.kind == "image"
    assert evidence.added_by_reporter
    assert messages_of(response) == ["foto.png tersimpan."]
    assert "1 berkas bukti tersimpan" in response.text
    assert evidence.complaint.events.filter(kind=EventKind.EVIDENCE).count() == 1


def test_one_refused_file_does_not_lose_the_others(client):
    file_complaint(client)

    response = client.post(
        EVIDENCE, {"back": "filed", "files": [html_as_jpg(), png_upload("bukti.png")]}, follow=True
    )

    assert Evidence.objects.count() == 1
    shown = messages_of(response)
    assert shown[0].startswith("foto.jpg tidak disimpan: Jenis berkas ini tidak diterima.")
    assert shown[1] == "bukti.png tersimpan."


def test_sender_file_name_is_escaped(client):
    file_complaint(client)
    name = '<img src=x onerror="alert(1)">.jpg'
    response = client.post(EVIDENCE, {"back": "filed", "files": [html_as_jpg(name)]}, follow=True)

    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.jpg tidak disimpan" in response.text


def test_upload_without_the_session_flag_is_refused(client):
    file_complaint(Client())  # filed from another browser
    response = client.post(EVIDENCE, {"back": "filed", "files": [png_upload()]})

    assert response.status_code == 403
    assert "Lacak pengaduan Anda lagi" in response.text
    assert not Evidence.objects.exists()


def test_upload_with_an_unknown_purpose_is_refused(client):
    file_complaint(client)
    response = client.post(EVIDENCE, {"back": "admin", "files": [png_upload()]})
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_upload_is_refused_once_the_stage_takes_no_additions(client):
    file_complaint(client)
    complaint_move(Complaint.objects.get(), Stage.ASSESSMENT, Stage.REGISTERED)

    response = client.post(EVIDENCE, {"back": "filed", "files": [png_upload()]}, follow=True)

    assert not Evidence.objects.exists()
    assert messages_of(response) == [
        "Pada tahap Diregistrasi, bukti tidak dapat ditambahkan lewat portal."
    ]
    assert 'action="%s"' % EVIDENCE not in response.text


def test_more_files_than_allowed_in_one_post_are_all_refused(client, settings):
    settings.COMPLAINT_EVIDENCE_MAX_FILES = 2
    file_complaint(client)

    response = client.post(
        EVIDENCE,
        {"back": "filed", "files": [png_upload("a.png"), png_upload("b.png"), png_upload("c.png")]},
        follow=True,
    )

    assert not Evidence.objects.exists()
    assert "Terlalu banyak berkas sekaligus: paling banyak 2." in messages_of(response)[0]


def test_the_limit_per_complaint_counts_earlier_uploads(client, settings):
    settings.COMPLAINT_EVIDENCE_MAX_FILES = 2
    file_complaint(client)
    client.post(EVIDENCE, {"back": "filed", "files": [png_upload("a.png")]}, follow=True)

    response = client.post(
        EVIDENCE,
        {"back": "filed", "files": [png_upload("b.png"), png_upload("c.png")]},
        follow=True,
    )

    assert Evidence.objects.count() == 2
    assert messages_of(response)[1].startswith("c.png tidak disimpan: Satu pengaduan dapat")


def test_an_empty_upload_says_to_choose_a_file(client):
    file_complaint(client)
    response = client.post(EVIDENCE, {"back": "filed"}, follow=True)
    assert messages_of(response) == ["Pilih paling sedikit satu berkas."]


def test_upload_form_advertises_the_accepted_types(client):
    response, _secret = file_complaint(client)
    field = re.search(r'<input[^>]*type="file"[^>]*>', response.text).group(0)
    assert "multiple" in field
    assert 'accept="image/jpeg,image/png,image/webp,' in field
    assert "application/pdf" in field


def test_information_added_on_the_receipt(client):
    file_complaint(client)
    response = client.post(
        INFO, {"back": "filed", "text": "Pelakunya memakai kaos biru."}, follow=True
    )

    assert response.redirect_chain == [(RECEIPT, 302)]
    event = Complaint.objects.get().events.get(kind=EventKind.REPORTER_INFO)
    assert event.public_note == "Pelakunya memakai kaos biru."
    assert messages_of(response) == ["Informasi tambahan sudah terkirim."]
