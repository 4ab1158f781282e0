"""Query counts of the complaint desk's public pages are pinned and do not grow with the data:
the number of villages in the form, or of events and evidence in a tracked complaint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.services import complaint_info_add, complaint_reply
from humas_portal.roles import COMPLAINT_OFFICER
from humas_portal.siteprofile.selectors import office_villages_forget
from tests.complaints.factories import complaint_file, villages_add
from tests.factories import staff_create

pytestmark = pytest.mark.usefixtures("desk")


def queries_of(client, method: str, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
    assert response.status_code == 200
    return len(queries)


def test_form_page_costs_the_same_with_4_and_204_villages(client):
    # The office profile and the villages are cached, as on a live site.
    client.get(reverse("complaints:create"))
    few = queries_of(client, "get", reverse("complaints:create"))
    villages_add(200)
    office_villages_forget()  # as region_load does on commit
    client.get(reverse("complaints:create"))
    many = queries_of(client, "get", reverse("complaints:create"))
    # Open elections and the new session's insert (tests/test_query_budgets.py: 2,000 villages).
    assert few == many == 2


def test_index_page_needs_no_query_once_the_profile_is_cached(client):
    client.get(reverse("complaints:index"))
    assert queries_of(client, "get", reverse("complaints:index")) == 0


def test_tracking_page_costs_the_same_with_1_and_21_events(client):
    receipt = complaint_file()
    data = {"number": receipt.complaint.number, "secret": receipt.secret}
    # Tracked once (a POST that redirects); the timeline is then this session's GET.
    assert client.post(reverse("complaints:track"), data).status_code == 302
    few = queries_of(client, "get", reverse("complaints:track"))
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    for number in range(10):
        complaint_reply(
            complaint_id=receipt.complaint.pk, actor=officer, public_note="Balasan %d" % number
        )
        complaint_info_add(complaint_id=receipt.complaint.pk, text="Tambahan %d" % number)
    many = queries_of(client, "get", reverse("complaints:track"))
    # The session, the complaint with its election and village, its evidence, its events.
    assert few == many == 4
