"""The request desk's dashboard panel and daily digest: due soon and overdue requests and
objections, numbers and dates only, in bounded queries, once per person per day."""

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from humas_portal.elections.models import Holiday
from humas_portal.notifications.models import Message
from humas_portal.periodic import beat_schedule
from humas_portal.roles import EDITOR
from ppid.dashboard import ppid_dashboard_context
from ppid.digest import ppid_digest_send
from ppid.models import RequestStage
from ppid.tasks import ppid_digest_send_task
from tests.factories import staff_create
from tests.ppid.staff_factories import (
    REQUESTER,
    at,
    objection_make,
    officer_create,
    request_make,
    superior_create,
)

pytestmark = pytest.mark.django_db

# Wednesday 2 December 2026, 08:00 in the office's zone; Friday 4 December is a holiday, so
# "within 2 working days" runs to Monday 7 December.
NOW = at(date(2026, 12, 2), 8)


@pytest.fixture
def desk(office):
    Holiday.objects.create(date=date(2026, 12, 4), name="Libur daerah")
    with time_machine.travel(NOW, tick=False):
        requests = {
            "late": request_make(received_at=at(date(2026, 11, 10)), due_on=date(2026, 11, 30)),
            "today": request_make(received_at=at(date(2026, 11, 18)), due_on=date(2026, 12, 2)),
            "monday": request_make(received_at=at(date(2026, 11, 20)), due_on=date(2026, 12, 7)),
            "later": request_make(received_at=at(date(2026, 11, 24)), due_on=date(2026, 12, 8)),
            # Extended past the horizon: its original date no longer counts.
            "extended": request_make(
                received_at=at(date(2026, 11, 10)),
                due_on=date(2026, 11, 24),
                extended_due_on=date(2026, 12, 3),
            ),
            "decided": request_make(
                received_at=at(date(2026, 11, 2)),
                due_on=date(2026, 11, 16),
                stage=RequestStage.GRANTED,
            ),
        }
        objection_make(
            request_make(stage=RequestStage.REFUSED, refusal_ground="17a"),
            filed_at=at(date(2026, 10, 1)),
            due_on=date(2026, 12, 1),
        )
        objection_make(
            request_make(stage=RequestStage.REFUSED, refusal_ground="17h"),
            filed_at=at(date(2026, 11, 1)),
            due_on=date(2026, 12, 20),
        )
        yield requests


def test_the_panel_counts_due_soon_and_overdue(client, desk):
    officer = officer_create()
    client.force_login(officer)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("admin:index")).content.decode()
        panel = ppid_dashboard_context(client.get(reverse("admin:index")).wsgi_request)

    assert panel["requests"] == {"overdue": 1, "due_soon": 3}
    assert [item["number"] for item in panel["request_items"]] == [
        desk["late"].number,
        desk["today"].number,
        desk["extended"].number,
        desk["monday"].number,
    ]
    assert panel["request_items"][0]["text"] == "terlambat 2 hari kerja"
    assert panel["request_items"][1]["text"] == "jatuh tempo hari ini"
    # Thursday, then the holiday and the weekend: Monday is two working days away.
    assert panel["request_items"][3]["text"] == "2 hari kerja lagi"
    assert panel["objections"] == {"overdue": 1, "due_soon": 0}
    assert 'id="dashboard-panel-ppid"' in page
    assert reverse("ppid:report") in page
    assert desk["later"].number not in page
    assert REQUESTER["requester_name"] not in page


def test_staff_without_the_request_permission_get_no_panel(client, desk):
    client.force_login(staff_create("redaksi", role=EDITOR))
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="dashboard-panel-ppid"' not in page


def _panel_queries(client) -> int:
    request = client.get(reverse("admin:index")).wsgi_request
    with CaptureQueriesContext(connection) as queries:
        ppid_dashboard_context(request)
    return len(queries)


def test_the_panel_costs_the_same_queries_however_many_requests_wait(client, desk):
    client.force_login(officer_create())
    with time_machine.travel(NOW, tick=False):
        few = _panel_queries(client)
        for day in range(20):
            request_make(
                received_at=at(date(2026, 11, 2)), due_on=date(2026, 11, 3) + timedelta(day)
            )
            objection_make(
                request_make(stage=RequestStage.REFUSED, refusal_ground="17a"),
                due_on=date(2026, 11, 20) + timedelta(day),
            )
        many = _panel_queries(client)

    assert few == many
    assert many <= 7


def test_the_digest_goes_once_a_day_to_each_duty_and_names_no_one(desk):
    officer = officer_create(email="petugas@bawaslu.example.id")
    superior = superior_create(email="atasan@bawaslu.example.id")
    officer_create("tanpa.alamat")
    staff_create("redaksi", role=EDITOR)

    with time_machine.travel(NOW, tick=False):
        first = ppid_digest_send()
        second = ppid_digest_send()

    assert first == 2
    assert second == 0
    mails = {message.recipient: message for message in Message.objects.filter(kind="ppid_digest")}
    assert set(mails) == {officer.email, superior.email}
    to_officer = mails[officer.email].body_text
    to_superior = mails[superior.email].body_text
    for number in (desk["late"].number, desk["today"].number, desk["monday"].number):
        assert number in to_officer
        assert number not in to_superior
    assert desk["later"].number not in to_officer
    assert desk["decided"].number not in to_officer
    assert "Keberatan" in to_superior
    assert "Keberatan" not in to_officer
    for message in mails.values():
        whole = json.dumps([message.subject, message.body_text, message.body_html])
        for value in [*REQUESTER.values(), "Laporan keuangan tahun lalu", "Penelitian."]:
            assert value not in whole


def test_the_next_day_brings_the_next_digest(desk):
    officer_create(email="petugas@bawaslu.example.id")
    with time_machine.travel(NOW, tick=False):
        ppid_digest_send()
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert ppid_digest_send() == 1
    assert Message.objects.filter(kind="ppid_digest").count() == 2


def test_nothing_due_means_no_digest(office):
    officer_create(email="petugas@bawaslu.example.id")
    request_make()
    assert ppid_digest_send() == 0
    assert not Message.objects.exists()


def test_the_digest_runs_daily_from_beat():
    entry = beat_schedule()["ppid-digest"]
    assert entry["task"] == ppid_digest_send_task.name == "ppid.digest_send"
