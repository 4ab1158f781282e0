"""Redis down (broker and cache): a citizen's complaint is still accepted and stored, and its
receipt e-mail arrives once Redis is back, through the outbox relay and a real worker."""

import pytest
from django.utils import timezone

from complaints import services
from complaints.models import Complaint
from humas_portal.notifications.models import Message, Status
from humas_portal.notifications.services import notifications_relay
from humas_portal.notifications.tasks import notifications_send
from tests.complaints.test_filing import CREATE, file_complaint, form_data

# outbox_worker: a worker process on the test-owned redis-server, sending to a given port.
from tests.notifications.test_delivery import (
    outbox_worker,  # noqa: F401
    row,
    wait_until,
)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_redis_down_the_complaint_is_stored_and_its_receipt_arrives_after_redis_returns(
    client, settings, own_redis, smtp_sink, request, desk
):
    start_worker = request.getfixturevalue("outbox_worker")
    # The cache on the same (test-owned) Redis as the broker, as in a small production setup.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": own_redis.url.rsplit("/", 1)[0] + "/1",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    notifications_send.delay([])  # a running web process has a live broker connection
    own_redis.stop()

    response, secret = file_complaint(client)

    assert response.status_code == 200
    assert secret is not None
    complaint = Complaint.objects.get()
    receipt = Message.objects.get(kind="complaint_receipt")
    assert (receipt.status, receipt.attempts) == (Status.PENDING, 0)

    own_redis.start()
    worker = start_worker(smtp_sink.port)
    # A minute later, beat's relay finds the row the failed publish left waiting.
    Message.objects.filter(pk=receipt.pk).update(next_attempt_at=timezone.now())
    assert notifications_relay() == 1

    wait_until(lambda: smtp_sink.received, what="the receipt e-mail", worker=worker)
    sent = wait_until(
        lambda: row(receipt).status == Status.SENT and row(receipt),
        what="the receipt row to be sent",
        worker=worker,
    )
    mail = smtp_sink.received[0]
    assert mail["To"] == complaint.reporter_email
    text = next(
        part.get_payload(decode=True).decode(part.get_content_charset())
        for part in mail.walk()
        if part.get_content_type() == "text/plain"
    )
    assert complaint.number in text
    assert secret in text
    # Sent: the secret no longer sits in the outbox.
    assert secret not in sent.body_text + sent.body_html


# --- A lost answer (issue 13 item 16) ---------------------------------------------------------


@pytest.mark.django_db
def test_a_worker_killed_after_storing_the_same_form_sent_again_makes_no_second_complaint(
    client, desk
):
    """The worker died after the commit: the complaint is stored, the browser got no answer
    (so no session cookie either). Sending the same form again gives the neutral "already
    filed" page, not a second complaint."""
    data = form_data(client)
    client.post(CREATE, data)
    client.cookies.clear()  # the answer that would have carried the session never arrived

    again = client.post(CREATE, data)
    assert again.status_code == 200
    assert "Pengaduan ini sudah tersimpan" in again.text
    assert "Jangan membuat pengaduan baru" in again.text
    assert Complaint.objects.get().number not in again.text
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_the_error_page_on_the_complaint_desk_says_to_send_the_same_form_again(
    client, desk, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("the worker's database connection went away")

    monkeypatch.setattr(services, "complaint_submit", broken)
    client.raise_request_exception = False
    response = client.post(CREATE, form_data(client))

    assert response.status_code == 500
    assert response.text.count("<h1>") == 1
    assert "pengaduan itu mungkin sudah tersimpan" in response.text
    assert "kirim formulir yang sama sekali lagi" in response.text
    assert "Jangan membuat pengaduan baru" in response.text


@pytest.mark.django_db
def test_the_error_page_elsewhere_says_nothing_about_complaints(client, office, monkeypatch):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr("humas_portal.views.office_region_summary", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Terjadi gangguan" in response.text
    assert "pengaduan" not in response.text
