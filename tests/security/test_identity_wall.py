"""The identity wall (issue 13, items 1-3): no URL filter, role grant or Ralat note gets around
the permissions that guard reporters' identities and what the office publishes."""

import pytest
from django.urls import reverse

from humas_portal.notifications import registry
from humas_portal.notifications.admin import MessageAdmin
from humas_portal.notifications.models import Message
from humas_portal.notifications.services import notification_enqueue
from humas_portal.roles import ADMINISTRATOR
from tests.factories import staff_create

pytestmark = pytest.mark.django_db

# --- 1. The delivery log's URL filters ----------------------------------------------------------

DELIVERY_LOG = "admin:notifications_message_changelist"
REPORTER = "pelapor.rahasia@example.id"
SECRET = "RAHASIA-7Q2X"


@pytest.fixture
def sensitive_message(monkeypatch) -> Message:
    monkeypatch.setitem(
        registry._kinds,
        "test_sensitive",
        registry.MessageKind(
            name="test_sensitive",
            template="notifications/emails/subscription_confirm",
            sensitive=True,
        ),
    )
    return notification_enqueue(
        kind="test_sensitive",
        recipient=REPORTER,
        context={"topics": [], "confirm_url": "https://portal.example/%s/" % SECRET},
        idempotency_key="s1",
    )


@pytest.fixture
def administrator():
    user = staff_create("kasubag", role=ADMINISTRATOR)
    assert not user.has_perm("notifications.view_sensitive_recipient")
    return user


@pytest.mark.parametrize(
    ("lookup", "value"),
    [
        ("recipient", REPORTER),
        ("recipient__exact", REPORTER),
        ("recipient__iexact", REPORTER.upper()),
        ("recipient__startswith", "p"),
        ("recipient__istartswith", "PELAPOR.R"),
        ("recipient__contains", "rahasia"),
        ("recipient__regex", "^pel"),
        ("recipient__in", REPORTER),
        ("recipient__gt", "p"),
        ("body_text__contains", SECRET),
        ("body_html__icontains", SECRET),
        ("subject__contains", "a"),
        ("idempotency_key", "s1"),
        ("sensitive", "1"),
        ("bulk__subject__contains", "a"),
        ("bulk__messages__recipient__startswith", "p"),
        ("bulk__created_by__email__startswith", "a"),
    ],
)
def test_a_lookup_outside_the_log_s_own_filters_is_a_400(
    client, administrator, sensitive_message, lookup, value
):
    client.force_login(administrator)

    response = client.get(reverse(DELIVERY_LOG), {lookup: value})

    assert response.status_code == 400
    assert "cl" not in (response.context or {})


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status__exact": "pending"},
        {"kind": "test_sensitive"},
        {"channel__exact": "email"},
        {
            "created_at__gte": "2020-01-01 00:00:00+07:00",
            "created_at__lt": "2100-01-01 00:00:00+07:00",
        },
        {"created_at__year": "2026"},
        {"created_at__year": "2026", "created_at__month": "11", "created_at__day": "30"},
        {"q": "test_sensitive"},
    ],
)
def test_the_log_s_own_filters_still_work(client, administrator, sensitive_message, params):
    client.force_login(administrator)

    response = client.get(reverse(DELIVERY_LOG), params)

    assert response.status_code == 200
    assert REPORTER not in response.text


def test_the_own_filters_find_the_row(client, administrator, sensitive_message):
    client.force_login(administrator)

    response = client.get(
        reverse(DELIVERY_LOG), {"status__exact": "pending", "kind": "test_sensitive"}
    )

    assert list(response.context["cl"].result_list) == [sensitive_message]


def test_the_log_is_not_sortable_by_recipient(client, administrator, sensitive_message):
    # The position of a hidden row among known addresses would tell its address.
    notification_enqueue(
        kind="subscription_confirm",
        recipient="a@example.id",
        context={"topics": [], "confirm_url": "https://portal.example/a/"},
        idempotency_key="a",
    )
    notification_enqueue(
        kind="subscription_confirm",
        recipient="z@example.id",
        context={"topics": [], "confirm_url": "https://portal.example/z/"},
        idempotency_key="z",
    )
    client.force_login(administrator)
    # The changelist's columns start with the action checkbox.
    recipient_column = 1 + MessageAdmin.list_display.index("shown_recipient")

    ascending = client.get(reverse(DELIVERY_LOG), {"o": str(recipient_column)})
    descending = client.get(reverse(DELIVERY_LOG), {"o": "-%d" % recipient_column})

    assert list(ascending.context["cl"].result_list) == list(descending.context["cl"].result_list)
