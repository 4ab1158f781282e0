"""The staff home: the admin index shows each role its own dashboard panels (the registry of
humas_portal/dashboard.py), with numbers that match the lists they link to, in a number of
queries that does not grow with the data; the libraries' sections only to who needs them, in
Indonesian."""

import re
from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, Stage
from complaints.services import complaint_assign
from humas_portal.models import WorkerHeartbeat
from humas_portal.notifications.bulk import bulk_send_create
from humas_portal.notifications.models import Message, Status
from humas_portal.notifications.services import notification_enqueue
from humas_portal.roles import (
    ADMINISTRATOR,
    CHIEF_EDITOR,
    COMPLAINT_COORDINATOR,
    COMPLAINT_OFFICER,
    EDITOR,
)
from news.models import ArticleStatus
from tests.complaints.factories import complaint_file, complaint_move, office_create
from tests.factories import staff_create
from tests.news.factories import article_create

JAKARTA = ZoneInfo("Asia/Jakarta")
# Wednesday 6 May 2026, 10:00 WIB.
NOW = datetime(2026, 5, 6, 10, 0, tzinfo=JAKARTA)
PANELS = {
    "complaints": "dashboard-panel-complaints",
    "news": "dashboard-panel-news",
    "dead": "dashboard-panel-notifications-dead",
    "lockouts": "dashboard-panel-lockouts",
    "worker": "dashboard-panel-worker",
}
# What each role's home shows; a superuser sees everything.
EXPECTED = {
    COMPLAINT_OFFICER: {"complaints"},
    COMPLAINT_COORDINATOR: {"complaints"},
    EDITOR: {"news"},
    CHIEF_EDITOR: {"news"},
    ADMINISTRATOR: {"dead", "lockouts", "worker"},
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def office(db):
    return office_create()


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.text


def panel(page: str, name: str) -> str:
    start = page.index('id="%s"' % PANELS[name])
    return page[start : page.index("</div>", start)]


def row(page: str, name: str, label: str) -> tuple[int, str]:
    """The number shown in ``label``'s row of a panel, and where it links."""
    match = re.search(
        r'<th scope="row">%s</th><td><a href="([^"]+)">(\d+)<' % re.escape(label),
        panel(page, name),
    )
    assert match, label
    return int(match.group(2)), match.group(1).replace("&amp;", "&")


def listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_panels_and_no_others(client, office, role):
    page = home(client, staff_create("staf", role=role))

    shown = {name for name, element in PANELS.items() if 'id="%s"' % element in page}
    assert shown == EXPECTED[role]


def test_a_superuser_sees_every_panel(client, office):
    page = home(client, staff_create("root", superuser=True))

    assert all('id="%s"' % element in page for element in PANELS.values())


def test_officers_see_new_unassigned_due_today_and_overdue_each_linking_to_its_list(client, office):
    officer = staff_create("petugas", role=COMPLAINT_OFFICER)
    coordinator = staff_create("koordinator", role=COMPLAINT_COORDINATOR)
    # Filed on Monday: assessment due at the end of today (2 calendar days).
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        due_today = complaint_file().complaint
        assessed = complaint_move(complaint_file().complaint, Stage.ASSESSMENT, actor=coordinator)
    complaint_assign(complaint_id=assessed.pk, officer=officer, actor=coordinator)
    # Filed last week: overdue.
    with time_machine.travel(NOW - timedelta(days=7), tick=False):
        late = complaint_file().complaint
    fresh = complaint_file().complaint
    # Ended unassigned: counts nowhere.
    closed = complaint_file().complaint
    Complaint.objects.filter(pk=closed.pk).update(stage=Stage.CLOSED, due_at=None)

    page = home(client, officer)

    expected = {
        "Baru masuk": 3,  # due_today, late, fresh
        "Belum ditugaskan": 3,  # the same three: assessed is assigned, closed is over
        "Jatuh tempo hari ini": 2,  # due_today and assessed
        "Terlambat": 1,  # late
    }
    for label, number in expected.items():
        shown, url = row(page, "complaints", label)
        assert shown == number, label
        assert listed(client, url) == number, label
    assert fresh.number not in page
    assert due_today.number not in page
    assert late.number not in page


def test_editors_see_waiting_and_scheduled_articles_and_chiefs_the_latest_bulk_sends(
    client, office
):
    writer = staff_create("penulis", role=EDITOR)
    chief = staff_create("pemred", role=CHIEF_EDITOR)
    article_create(author=writer, status=ArticleStatus.REVIEW)
    article_create(author=writer, status=ArticleStatus.REVIEW)
    article_create(author=writer)  # a draft: not waiting for anyone
    article_create(author=chief, status=ArticleStatus.PUBLISHED, publish_at=NOW + timedelta(days=1))
    article_create(author=chief, status=ArticleStatus.PUBLISHED, publish_at=NOW - timedelta(days=1))
    context = {"title": "Siaran pers", "body": "Isi."}
    subjects = []
    for number in range(4):
        with time_machine.travel(NOW - timedelta(hours=4 - number), tick=False):
            bulk = bulk_send_create(topic="berita", kind="announcement", context=context)
        subjects.append(bulk.subject)

    page = home(client, writer)
    for label, number in (("Menunggu tinjauan", 2), ("Terjadwal", 1)):
        shown, url = row(page, "news", label)
        assert shown == number, label
        assert listed(client, url) == number, label
    assert "Kiriman massal terakhir" not in page  # the writer may not open them

    page = home(client, chief)
    news = panel(page, "news")
    assert "Kiriman massal terakhir" in news
    assert news.count(reverse("admin:notifications_bulksend_changelist")) == 3
    assert "0 dari 0 terkirim, 0 gagal" in news


def test_the_administrator_sees_dead_messages_lockouts_and_the_worker(client, office):
    administrator = staff_create("kasubag", role=ADMINISTRATOR)
    for number in range(3):
        notification_enqueue(
            kind="subscription_confirm",
            recipient="warga%d@contoh.id" % number,
            context={"confirm_url": "https://contoh.id/"},
            idempotency_key="dashboard-test:%d" % number,
        )
    # Given up yesterday: a message finished minutes ago would make a late heartbeat "busy".
    Message.objects.filter(recipient__in=["warga0@contoh.id", "warga1@contoh.id"]).update(
        status=Status.DEAD, finished_at=timezone.now() - timedelta(days=1)
    )
    cooloff_start = timezone.now() - settings.AXES_COOLOFF_TIME
    for username, failures, at in (
        ("redaktur", settings.AXES_FAILURE_LIMIT, timezone.now()),
        ("redaktur", settings.AXES_FAILURE_LIMIT + 2, timezone.now()),  # another address
        ("petugas", settings.AXES_FAILURE_LIMIT - 1, timezone.now()),  # not yet locked
        ("lama", settings.AXES_FAILURE_LIMIT, cooloff_start - timedelta(minutes=1)),  # over
    ):
        attempt = AccessAttempt.objects.create(
            username=username, ip_address="192.0.2.%d" % failures, failures_since_start=failures
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=at)

    page = home(client, administrator)
    assert row(page, "dead", "Pesan gagal")[0] == 2
    assert listed(client, row(page, "dead", "Pesan gagal")[1]) == 2
    assert row(page, "lockouts", "Terkunci karena salah masuk berulang")[0] == 1
    assert "Belum pernah berdetak" in panel(page, "worker")

    WorkerHeartbeat.objects.create(name="default", beat_at=timezone.now() - timedelta(seconds=30))
    assert "Berjalan" in panel(home(client, administrator), "worker")
    WorkerHeartbeat.objects.filter(name="default").update(
        beat_at=timezone.now() - timedelta(hours=1)
    )
    assert "Berhenti: tidak ada detak baru" in panel(home(client, administrator), "worker")
    # A worker that claimed a message a minute ago consumes: its heartbeat waits in the queue.
    Message.objects.filter(recipient="warga2@contoh.id").update(
        status=Status.SENDING, sending_started_at=timezone.now() - timedelta(minutes=1)
    )
    assert "Sibuk: detak tertunda, pesan masih dikirim" in panel(
        home(client, administrator), "worker"
    )


def index_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(queries)


_attempts = count()


def more_of_everything(author) -> None:
    for _ in range(3):
        complaint_file()
        article_create(author=author, status=ArticleStatus.REVIEW)
        bulk_send_create(topic="berita", kind="announcement", context={"title": "A", "body": "B"})
    Message.objects.update(status=Status.DEAD, finished_at=timezone.now())
    for _ in range(3):
        AccessAttempt.objects.create(
            username="u%d" % next(_attempts), ip_address="192.0.2.9", failures_since_start=99
        )


@pytest.mark.parametrize(
    ("role", "queries"),
    # Session (read, and saved in a savepoint), user, second-factor devices, permissions
    # (none read for a superuser, but the office profile's "add" check twice), recent actions:
    # 10; then one query per panel, and one more for the bulk sends of who may open them; the
    # information desk's panel five (a count and a bounded list each of requests and objections,
    # and the holidays).
    [(COMPLAINT_OFFICER, 11), (CHIEF_EDITOR, 12), (ADMINISTRATOR, 13), (None, 21)],
)
def test_the_home_takes_a_fixed_number_of_queries(client, office, role, queries):
    user = staff_create("staf", role=role, superuser=role is None)
    client.force_login(user)
    more_of_everything(user)
    index_queries(client)  # fills the session's and the profile's caches
    few = index_queries(client)
    more_of_everything(user)
    more_of_everything(user)

    assert index_queries(client) == few == queries


def sections(page: str) -> list[str]:
    # The app list's captions; the panels' have no title attribute.
    return re.findall(
        r'<caption>\s*<a href="[^"]+" class="section" title="[^"]+">([^<]+)</a>', page
    )


def test_the_libraries_sections_show_only_to_who_needs_them_and_in_indonesian(client, office):
    editor_page = home(client, staff_create("redaksi", role=EDITOR))
    administrator_page = home(client, staff_create("kasubag", role=ADMINISTRATOR))
    root_page = home(client, staff_create("root", superuser=True))

    for title in ("Penguncian masuk", "Verifikasi dua langkah"):
        assert not any(title in section for section in sections(editor_page))
    assert "Penguncian masuk" in sections(administrator_page)
    assert not any("Verifikasi dua langkah" in s for s in sections(administrator_page))
    root_sections = sections(root_page)
    assert "Penguncian masuk" in root_sections
    assert "Verifikasi dua langkah: kode cadangan" in root_sections
    assert "Verifikasi dua langkah: aplikasi autentikator" in root_sections
    assert "Aplikasi autentikator" in root_page
    assert "Kode cadangan" in root_page
    for english in ("Axes", "Otp_Static", "Otp_Totp", "TOTP devices", "Static devices"):
        assert english not in root_page, english
    # Still in alphabetical order, by their new titles.
    assert root_sections == sorted(root_sections, key=str.lower)
