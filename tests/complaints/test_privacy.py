"""The reporter's identity: a Petugas Pengaduan sees it nowhere; a Koordinator Pengaduan sees it
and each view writes exactly one audit row; no log line carries it or the tracking secret."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from complaints import services
from complaints.models import Stage
from complaints.services import (
    complaint_note_add,
    complaint_reply,
    complaint_secret_reset,
    complaint_track,
    complaint_transition,
    evidence_add,
)
from humas_portal import tracking
from humas_portal.models import AuditEvent
from humas_portal.notifications.models import Message
from humas_portal.notifications.services import notification_deliver, notification_enqueue
from humas_portal.roles import ADMINISTRATOR, COMPLAINT_COORDINATOR, COMPLAINT_OFFICER
from tests.complaints.factories import (
    IDENTITY,
    WITNESS,
    complaint_file,
    identity_values,
    png_upload,
)
from tests.factories import staff_create

MESSAGES = "admin:notifications_message_changelist"


def assert_no_identity(html: str) -> None:
    for value in identity_values():
        assert value not in html, value


@pytest.fixture
def receipt(office):
    return complaint_file(**IDENTITY, witnesses=[WITNESS])


@pytest.fixture
def complaint(receipt):
    return receipt.complaint


def complaint_pages(complaint) -> list[tuple[str, dict]]:
    """Every admin page of the complaint desk that names this complaint."""
    changelist = reverse("admin:complaints_complaint_changelist")
    return [
        (changelist, {}),
        (changelist, {"q": IDENTITY["reporter_name"]}),
        (changelist, {"q": complaint.number}),
        (changelist, {"stage__exact": Stage.RECEIVED}),
        (reverse("admin:complaints_complaint_change", args=[complaint.pk]), {}),
        (reverse("admin:complaints_complaint_history", args=[complaint.pk]), {}),
    ]


def test_an_officer_sees_no_identity_anywhere(client, complaint):
    complaint_reply(complaint_id=complaint.pk, actor=None, public_note="Sudah kami terima.")
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    client.force_login(officer)

    for url, query in complaint_pages(complaint):
        page = client.get(url, query)
        assert page.status_code == 200, url
        # The search box echoes what was typed; the rest of the page must not know the name.
        echo = 'value="%s" id="searchbar"' % query.get("q", "")
        assert_no_identity(page.text.replace(echo, ""))
    # The search by name found nothing (the box echoes the term; no row matches it).
    found = client.get(reverse("admin:complaints_complaint_changelist"), {"q": "Wiraningsih"})
    assert list(found.context["cl"].result_list) == []
    # A refused action shows its form again: still no identity.
    stale = client.post(
        reverse("admin:complaints_complaint_action", args=[complaint.pk, "transition"]),
        {"expected_stage": Stage.ASSESSMENT, "to": Stage.REGISTERED},
    )
    assert stale.status_code == 200
    assert_no_identity(stale.text)
    # The delivery log (where the receipt went to the reporter's address) is closed to them.
    assert client.get(reverse(MESSAGES)).status_code == 403
    message = Message.objects.get(kind="complaint_receipt")
    detail = reverse("admin:notifications_message_change", args=[message.pk])
    assert client.get(detail).status_code == 403
    assert not AuditEvent.objects.filter(action__endswith="_viewed").exists()
    assert not AuditEvent.objects.filter(action__endswith="_searched").exists()


@pytest.mark.parametrize(
    "lookup",
    [
        "reporter_name__startswith",
        "reporter_phone__contains",
        "reporter_email__endswith",
        "reporter_address__icontains",
        "witnesses__name__startswith",
        "tracking_hash__startswith",
        "anonymous__exact",
    ],
)
@pytest.mark.parametrize("role", [COMPLAINT_OFFICER, COMPLAINT_COORDINATOR])
def test_the_list_refuses_filters_it_does_not_offer(client, complaint, role, lookup):
    """Django's admin would take a filter on any field from the query string: a way to sort
    complaints by their reporter's identity, past the permission and the audited search."""
    client.force_login(staff_create("staf", role=role))
    changelist = reverse("admin:complaints_complaint_changelist")

    response = client.get(changelist, {lookup: "S"})

    assert response.status_code == 400
    assert_no_identity(response.content.decode())
    # The list's own filters still work.
    assert client.get(changelist, {"stage__exact": Stage.RECEIVED}).status_code == 200
    assert client.get(changelist, {"kecamatan": "35.09.01"}).status_code == 200


def test_the_coordinator_sees_identity_once_audited_per_view(client, complaint):
    coordinator = staff_create("koordinator", role=COMPLAINT_COORDINATOR)
    client.force_login(coordinator)
    change = reverse("admin:complaints_complaint_change", args=[complaint.pk])
    changelist = reverse("admin:complaints_complaint_changelist")

    def rows(action: str) -> int:
        return AuditEvent.objects.filter(action=action, actor=coordinator).count()

    page = client.get(change).text
    for value in identity_values():
        assert value in page
    assert rows("complaint.identity_viewed") == 1

    client.get(changelist, {"q": "Sulastri"})
    assert rows("complaint.identity_searched") == 1
    # A list without a search shows no identity and writes nothing.
    client.get(changelist)
    assert rows("complaint.identity_searched") == 1
    assert rows("complaint.identity_viewed") == 1

    client.get(change)
    assert rows("complaint.identity_viewed") == 2


# --- The delivery log ------------------------------------------------------------------------


def test_the_delivery_log_hides_the_reporter_from_the_administrator(client, complaint):
    message = Message.objects.get(kind="complaint_receipt", recipient=IDENTITY["reporter_email"])
    assert message.sensitive
    client.force_login(staff_create("kasubag", role=ADMINISTRATOR))

    listing = client.get(reverse(MESSAGES))
    detail = client.get(reverse("admin:notifications_message_change", args=[message.pk]))

    assert listing.status_code == detail.status_code == 200
    assert IDENTITY["reporter_email"] not in listing.text
    assert IDENTITY["reporter_email"] not in detail.text
    found = client.get(reverse(MESSAGES), {"q": IDENTITY["reporter_email"]})
    assert list(found.context["cl"].result_list) == []
    assert not AuditEvent.objects.filter(action="notification.sensitive_recipient_viewed").exists()


def test_the_coordinator_sees_the_reporter_in_the_delivery_log_one_audit_row_per_page(
    client, complaint, office
):
    other = complaint_file(reporter_email="warga.lain@contoh.id").complaint
    ordinary = notification_enqueue(
        kind="subscription_confirm",
        recipient="langganan@contoh.id",
        context={"topics": [], "confirm_url": "https://portal.example/k/"},
        idempotency_key="ordinary",
    )
    sensitive = list(Message.objects.filter(sensitive=True).order_by("pk"))
    assert {m.recipient for m in sensitive} == {IDENTITY["reporter_email"], other.reporter_email}
    coordinator = staff_create("koordinator", role=COMPLAINT_COORDINATOR)
    client.force_login(coordinator)

    def rows():
        return list(
            AuditEvent.objects.filter(
                action="notification.sensitive_recipient_viewed", actor=coordinator
            ).order_by("pk")
        )

    listing = client.get(reverse(MESSAGES))
    assert IDENTITY["reporter_email"] in listing.text
    assert [sorted(row.data["message_ids"]) for row in rows()] == [[m.pk for m in sensitive]]
    # The addresses themselves are not written to the trail.
    assert IDENTITY["reporter_email"] not in str(rows()[0].data) + rows()[0].target_repr

    client.get(reverse("admin:notifications_message_change", args=[sensitive[0].pk]))
    assert [row.data["message_ids"] for row in rows()][1:] == [[sensitive[0].pk]]

    # Pages that show no sensitive recipient write nothing.
    client.get(reverse(MESSAGES), {"kind": "subscription_confirm"})
    client.get(reverse("admin:notifications_message_change", args=[ordinary.pk]))
    assert len(rows()) == 2


# --- Logs ---------------------------------------------------------------------------------------


def test_no_identity_or_secret_reaches_the_logs(client, caplog, office, monkeypatch):
    issued: list[str] = []

    def secret_new() -> str:
        issued.append(tracking.tracking_secret_new())
        return issued[-1]

    # Every secret the flow issues (the receipt's and the reset's), to look for in the logs.
    monkeypatch.setattr(services, "tracking_secret_new", secret_new)
    # Every logger at DEBUG, whatever the settings configure (caplog restores them).
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    coordinator = staff_create("koordinator", role=COMPLAINT_COORDINATOR)

    receipt = complaint_file(**IDENTITY, witnesses=[WITNESS])
    complaint = receipt.complaint
    evidence = evidence_add(
        complaint_id=complaint.pk, upload=png_upload("sulastri-wiraningsih.png"), actor=None
    )
    assert complaint_track(number=complaint.number, secret=receipt.secret) == complaint
    complaint_transition(
        complaint_id=complaint.pk,
        expected_stage=Stage.RECEIVED,
        to=Stage.ASSESSMENT,
        actor=officer,
        public_note="Sedang dikaji.",
    )
    complaint_note_add(complaint_id=complaint.pk, actor=officer, internal_note="Cek lokasi.")
    complaint_secret_reset(number=complaint.number, email=IDENTITY["reporter_email"])
    notification_deliver(message_ids=list(Message.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) == 3  # receipt, update, new secret: the mails did go out
    assert len(issued) == 2
    bodies = "\n".join(message.body for message in mail.outbox)
    assert all(tracking.tracking_secret_format(secret) in bodies for secret in issued)
    for user in (officer, coordinator):
        client.force_login(user)
        client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
        client.get(reverse("admin:complaints_complaint_changelist"), {"q": "Sulastri"})
        client.get(reverse("complaints:evidence_download", args=[evidence.public_id]))
    client.get(reverse(MESSAGES))

    assert caplog.records, "nothing was logged: the capture is not working"
    logged = "\n".join(
        "%s %s %r" % (record.name, record.getMessage(), record.__dict__)
        for record in caplog.records
    )
    secrets = [*issued, *(tracking.tracking_secret_format(secret) for secret in issued)]
    for value in [*identity_values(), "Wiraningsih", "sulastri", *secrets]:
        assert value.lower() not in logged.lower(), value
