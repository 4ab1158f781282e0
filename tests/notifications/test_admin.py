"""The delivery log in the admin: counts, filters, "send again", and what stays hidden."""

import pytest
from django.urls import reverse

from humas_portal.models import AuditEvent
from humas_portal.notifications import registry
from humas_portal.notifications.models import Message, Status
from humas_portal.notifications.services import notification_deliver, notification_enqueue
from tests.factories import staff_create

CHANGELIST = "admin:notifications_message_changelist"


@pytest.fixture
def sensitive_kind(monkeypatch):
    monkeypatch.setitem(
        registry._kinds,
        "test_sensitive",
        registry.MessageKind(
            name="test_sensitive",
            template="notifications/emails/subscription_confirm",
            sensitive=True,
        ),
    )


def enqueue(kind: str, recipient: str, key: str, marker: str = "RAHASIA-123") -> Message:
    return notification_enqueue(
        kind=kind,
        recipient=recipient,
        context={"topics": [], "confirm_url": "https://portal.example/%s/" % marker},
        idempotency_key=key,
    )


@pytest.mark.django_db
def test_log_shows_counts_by_status_and_filters(client):
    enqueue("subscription_confirm", "a@example.id", "a")
    dead = enqueue("subscription_confirm", "b@example.id", "b")
    Message.objects.filter(pk=dead.pk).update(status=Status.DEAD)
    client.force_login(staff_create("admin1", role="Administrator"))

    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    counts = dict(page.context["status_counts"])
    assert counts["Menunggu"] == 1
    assert counts["Gagal"] == 1

    filtered = client.get(reverse(CHANGELIST), {"status__exact": "dead"})
    assert list(filtered.context["cl"].result_list) == [Message.objects.get(pk=dead.pk)]


@pytest.mark.django_db(transaction=True)
def test_send_again_delivers_a_dead_message(client, smtp_settings):
    message = enqueue("subscription_confirm", "warga@example.id", "k1")
    smtp_settings.reply = "550 5.1.1 Tidak ada"
    notification_deliver(message_ids=[message.pk])
    assert Message.objects.get(pk=message.pk).status == Status.DEAD
    admin = staff_create("admin1", role="Administrator")
    client.force_login(admin)

    smtp_settings.reply = None
    response = client.post(
        reverse(CHANGELIST), {"action": "send_again", "_selected_action": [message.pk]}
    )
    assert response.status_code == 302
    # The action dispatched after commit to the (in-memory) broker; run what a worker would.
    notification_deliver(message_ids=[message.pk])

    assert len(smtp_settings.wait_for(1)) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert AuditEvent.objects.filter(action="notification.retried", actor=admin).count() == 1


@pytest.mark.django_db
def test_sensitive_recipient_and_body_stay_hidden_without_the_permission(client, sensitive_kind):
    message = enqueue("test_sensitive", "pelapor@example.id", "s1")
    client.force_login(staff_create("admin1", role="Administrator"))

    listing = client.get(reverse(CHANGELIST)).text
    detail = client.get(reverse("admin:notifications_message_change", args=[message.pk])).text
    search = client.get(reverse(CHANGELIST), {"q": "pelapor@example.id"})

    for page in (listing, detail):
        assert "pelapor@example.id" not in page
        assert "RAHASIA-123" not in page
    # The search box echoes the query; what matters is that no row matches it.
    assert list(search.context["cl"].result_list) == []


@pytest.mark.django_db
def test_coordinator_sees_the_sensitive_recipient_but_never_the_body(client, sensitive_kind):
    message = enqueue("test_sensitive", "pelapor@example.id", "s1")
    client.force_login(staff_create("koordinator", role="Koordinator Pengaduan"))

    listing = client.get(reverse(CHANGELIST))
    detail = client.get(reverse("admin:notifications_message_change", args=[message.pk])).text

    assert "pelapor@example.id" in listing.text
    assert "RAHASIA-123" not in detail
    found = client.get(reverse(CHANGELIST), {"q": "pelapor@example.id"})
    assert list(found.context["cl"].result_list) == [Message.objects.get(pk=message.pk)]


@pytest.mark.django_db
def test_ordinary_body_is_visible_but_nothing_is_editable(client):
    message = enqueue("subscription_confirm", "warga@example.id", "k1", marker="BIASA-77")
    client.force_login(staff_create("admin1", role="Administrator"))
    url = reverse("admin:notifications_message_change", args=[message.pk])

    assert "BIASA-77" in client.get(url).text
    assert client.post(url, {"recipient": "lain@example.id"}).status_code == 403
    assert Message.objects.get(pk=message.pk).recipient == "warga@example.id"


@pytest.mark.django_db
def test_editors_cannot_open_the_delivery_log(client):
    client.force_login(staff_create("redaktur", role="Redaksi"))
    assert client.get(reverse(CHANGELIST)).status_code == 403
