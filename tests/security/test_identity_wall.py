"""The identity wall (issue 13, items 1-3): no URL filter, role grant or Ralat note gets around
the permissions that guard reporters' identities and what the office publishes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from humas_portal.models import AuditEvent
from humas_portal.notifications import registry
from humas_portal.notifications.admin import MessageAdmin
from humas_portal.notifications.models import Message
from humas_portal.notifications.services import notification_enqueue
from humas_portal.roles import (
    ADMINISTRATOR,
    CHIEF_EDITOR,
    COMPLAINT_COORDINATOR,
    COMPLAINT_OFFICER,
    EDITOR,
)
from news import services as news_services
from news.models import Correction
from tests.factories import staff_create, user_form
from tests.news.factories import article_create

User = get_user_model()
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


# --- 2. Roles that open identities ------------------------------------------------------------


def change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def role(name: str) -> Group:
    return Group.objects.get(name=name)


def roles_of(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def test_an_administrator_cannot_grant_themself_the_coordinator_role(client, administrator):
    client.force_login(administrator)

    response = client.post(
        change_url(administrator),
        user_form(administrator, groups=[role(ADMINISTRATOR).pk, role(COMPLAINT_COORDINATOR).pk]),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"] == [
        "Hanya superuser yang dapat memberikan atau mencabut peran yang membuka identitas pelapor."
    ]
    assert roles_of(administrator) == [ADMINISTRATOR]
    assert not AuditEvent.objects.filter(action="accounts.access_changed").exists()


def test_an_administrator_cannot_give_the_role_to_an_account_they_create(client, administrator):
    client.force_login(administrator)
    add = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "boneka",
            "usable_password": "true",
            "password1": "Kata-sandi-panjang-42",
            "password2": "Kata-sandi-panjang-42",
            # Not a field of the add form: the account starts with no role whatever is posted.
            "groups": [role(COMPLAINT_COORDINATOR).pk],
        },
    )
    assert add.status_code == 302
    puppet = User.objects.get(username="boneka")
    assert roles_of(puppet) == []

    response = client.post(
        change_url(puppet), user_form(puppet, groups=[role(COMPLAINT_COORDINATOR).pk])
    )

    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert roles_of(puppet) == []


def test_an_administrator_cannot_grant_or_remove_the_role_on_an_existing_account(
    client, administrator
):
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    coordinator = staff_create("koordinator", role=COMPLAINT_COORDINATOR)
    client.force_login(administrator)

    promote = client.post(
        change_url(officer), user_form(officer, groups=[role(COMPLAINT_COORDINATOR).pk])
    )
    demote = client.post(
        change_url(coordinator), user_form(coordinator, groups=[role(COMPLAINT_OFFICER).pk])
    )

    assert promote.status_code == demote.status_code == 200
    assert roles_of(officer) == [COMPLAINT_OFFICER]
    assert roles_of(coordinator) == [COMPLAINT_COORDINATOR]


def test_a_role_carries_identity_by_its_permissions_not_its_name(client, administrator):
    renamed = Group.objects.create(name="Tim Khusus")
    renamed.permissions.add(
        Permission.objects.get(
            content_type__app_label="notifications", codename="view_sensitive_recipient"
        )
    )
    editor = staff_create("redaktur", role=EDITOR)
    client.force_login(administrator)

    response = client.post(
        change_url(editor), user_form(editor, groups=[role(EDITOR).pk, renamed.pk])
    )

    assert response.status_code == 200
    assert roles_of(editor) == [EDITOR]


def test_an_administrator_still_changes_other_roles_and_it_is_audited(client, administrator):
    editor = staff_create("redaktur", role=EDITOR)
    client.force_login(administrator)

    response = client.post(change_url(editor), user_form(editor, groups=[role(CHIEF_EDITOR).pk]))

    assert response.status_code == 302
    assert roles_of(editor) == [CHIEF_EDITOR]
    event = AuditEvent.objects.get(action="accounts.access_changed")
    assert event.actor == administrator
    assert (event.target_type, event.target_id) == ("auth.user", str(editor.pk))
    assert event.data == {
        "added_groups": [CHIEF_EDITOR],
        "removed_groups": [EDITOR],
        "added_permissions": [],
        "removed_permissions": [],
    }


def test_saving_an_account_without_changing_its_access_writes_no_audit_row(client, administrator):
    editor = staff_create("redaktur", role=EDITOR)
    client.force_login(administrator)

    response = client.post(change_url(editor), user_form(editor, first_name="Rina"))

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="accounts.access_changed").exists()


def test_a_superuser_grants_and_removes_the_role_and_permissions_audited(client):
    root = staff_create("root", superuser=True)
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    view_identity = Permission.objects.get(
        content_type__app_label="complaints", codename="view_identity"
    )
    client.force_login(root)

    granted = client.post(
        change_url(officer),
        user_form(
            officer,
            groups=[role(COMPLAINT_COORDINATOR).pk],
            user_permissions=[view_identity.pk],
        ),
    )
    removed = client.post(change_url(officer), user_form(officer, groups=[]))

    assert granted.status_code == removed.status_code == 302
    assert roles_of(officer) == []
    events = AuditEvent.objects.filter(action="accounts.access_changed").order_by("pk")
    assert [event.data for event in events] == [
        {
            "added_groups": [COMPLAINT_COORDINATOR],
            "removed_groups": [COMPLAINT_OFFICER],
            "added_permissions": ["complaints.view_identity"],
            "removed_permissions": [],
        },
        {
            "added_groups": [],
            "removed_groups": [COMPLAINT_COORDINATOR],
            "added_permissions": [],
            "removed_permissions": ["complaints.view_identity"],
        },
    ]
    assert {event.actor for event in events} == {root}


# --- 3. A Ralat note is publishing ----------------------------------------------------------


@pytest.fixture
def published(db):
    chief = staff_create("pemred", role=CHIEF_EDITOR)
    article = article_create(author=chief, title="Patroli Masa Tenang")
    return news_services.article_publish(article_id=article.pk, actor=chief)


@pytest.fixture
def writer(db):
    return staff_create("penulis", role=EDITOR)


def test_a_writer_cannot_add_a_correction_through_the_service(published, writer):
    with pytest.raises(PermissionDenied):
        news_services.article_correction_add(
            article_id=published.pk, note="Teks yang belum ditinjau.", actor=writer
        )
    assert not Correction.objects.exists()


def test_a_writer_cannot_add_a_correction_through_the_admin(client, published, writer):
    client.force_login(writer)
    url = reverse("admin:news_article_correction", args=[published.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"note": "Teks yang belum ditinjau."}).status_code == 403
    assert (
        "Tambah ralat"
        not in client.get(reverse("admin:news_article_change", args=[published.pk])).text
    )
    assert not Correction.objects.exists()


def test_the_add_correction_permission_alone_is_not_enough(published, writer):
    writer.user_permissions.add(
        Permission.objects.get(content_type__app_label="news", codename="add_correction")
    )
    writer = User.objects.get(pk=writer.pk)  # a fresh permission cache

    with pytest.raises(PermissionDenied):
        news_services.article_correction_add(
            article_id=published.pk, note="Teks yang belum ditinjau.", actor=writer
        )
    assert news_services.article_moves_available(published, writer) == []


def test_the_chief_editor_adds_a_correction(client, published):
    chief = User.objects.get(username="pemred")
    client.force_login(chief)
    url = reverse("admin:news_article_correction", args=[published.pk])

    response = client.post(url, {"note": "Lokasi patroli di Kecamatan Ambulu."})

    assert response.status_code == 302
    assert list(Correction.objects.values_list("note", flat=True)) == [
        "Lokasi patroli di Kecamatan Ambulu."
    ]
