"""The complaint desk's panel at the top of the admin index: numbers only, for those who may
view complaints, in one query."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.dashboard import complaint_dashboard_counts
from complaints.models import Complaint, Stage
from complaints.services import complaint_assign
from humas_portal.roles import EDITOR
from tests.complaints.factories import complaint_file, complaint_move
from tests.factories import staff_create


def admin_index_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_officers_see_new_unassigned_and_overdue_counts(client, officer, coordinator):
    fresh = complaint_file().complaint
    assessed = complaint_move(complaint_file().complaint, Stage.ASSESSMENT, actor=coordinator)
    complaint_assign(complaint_id=assessed.pk, officer=officer, actor=coordinator)
    late = complaint_file().complaint
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    client.force_login(officer)

    page = client.get(reverse("admin:index")).text

    counts = complaint_dashboard_counts(None)
    assert {name: counts[name] for name in ("new", "unassigned", "overdue")} == {
        "new": 2,
        "unassigned": 2,
        "overdue": 1,
    }
    panel = page[page.index('id="dashboard-panel-complaints"') :]
    # Each count links to its filtered list (tests/test_staff_home.py checks the lists).
    assert re.search(r'<th scope="row">Baru masuk</th><td><a href="[^"]+">2<', panel)
    assert re.search(r'<th scope="row">Belum ditugaskan</th><td><a href="[^"]+">2<', panel)
    assert re.search(r'<th scope="row">Terlambat</th><td><a href="[^"]+">1<', panel)
    # Numbers only: no title or number of a complaint.
    for complaint in (fresh, assessed, late):
        assert complaint.title not in panel
        assert complaint.number not in panel


@pytest.mark.django_db
def test_staff_without_the_complaint_permission_get_no_panel(client, office):
    complaint_file()
    client.force_login(staff_create("redaksi", role=EDITOR))

    page = client.get(reverse("admin:index"))

    assert page.status_code == 200
    assert "dashboard-panel-complaints" not in page.text


@pytest.mark.django_db
def test_the_panel_takes_one_query_whatever_the_number_of_complaints(
    client, officer, django_assert_num_queries
):
    complaint_file()
    client.force_login(officer)
    admin_index_queries(client)  # fills the session's and the profile's caches
    with_one = admin_index_queries(client)
    complaint_file()
    complaint_file()

    assert admin_index_queries(client) == with_one
    with django_assert_num_queries(1):
        complaint_dashboard_counts(None)
