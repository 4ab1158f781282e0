"""The daily digest: each officer's assigned complaints overdue or due soon, one e-mail per
officer per Jakarta day through the outbox, with no reporter identity in it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.digest import complaints_digest_send
from complaints.models import Complaint, Stage
from complaints.services import complaint_assign
from complaints.tasks import complaints_digest_send_task
from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from humas_portal.roles import COMPLAINT_OFFICER
from tests.complaints.factories import (
    IDENTITY,
    WITNESS,
    complaint_file,
    complaint_move,
    identity_values,
)
from tests.factories import staff_create

JAKARTA = ZoneInfo("Asia/Jakarta")
# Monday 4 May 2026: complaints filed then are due (assessment, 2 days) at the end of 6 May.
FILED = datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA)
# The beat runs at 07:00 WIB; a second run (a restart) at 19:00 the same day.
MORNING = datetime(2026, 5, 5, 7, 0, tzinfo=JAKARTA)
EVENING = datetime(2026, 5, 5, 19, 0, tzinfo=JAKARTA)
NEXT_MORNING = datetime(2026, 5, 6, 7, 0, tzinfo=JAKARTA)


def officer_create(username: str, *, email: str = "", role: str = COMPLAINT_OFFICER, **fields):
    user = staff_create(username, role=role)
    user.email = email
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    return user


def assigned(officer, coordinator, *, at: datetime = FILED, **fields) -> Complaint:
    with time_machine.travel(at, tick=False):
        complaint = complaint_file(**fields).complaint
        return complaint_assign(complaint_id=complaint.pk, officer=officer, actor=coordinator)


def digests() -> list[Message]:
    return list(Message.objects.filter(kind="complaint_digest").order_by("pk"))


def send_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return complaints_digest_send()


def test_each_officer_gets_one_digest_a_day_however_often_it_runs(office, coordinator):
    ani = officer_create("ani", email="ani@bawaslu.example")
    budi = officer_create("budi", email="budi@bawaslu.example")
    assigned(ani, coordinator)
    assigned(ani, coordinator)
    assigned(budi, coordinator)

    assert send_at(MORNING) == 2
    assert send_at(EVENING) == 0
    with time_machine.travel(EVENING, tick=False):
        # The beat's task, as the worker runs it.
        assert complaints_digest_send_task.apply().get() == 0

    messages = digests()
    assert sorted(message.recipient for message in messages) == [
        "ani@bawaslu.example",
        "budi@bawaslu.example",
    ]
    assert {message.idempotency_key for message in messages} == {
        "complaint-digest:%s:2026-05-05" % ani.pk,
        "complaint-digest:%s:2026-05-05" % budi.pk,
    }

    # The next day, another one each.
    assert send_at(NEXT_MORNING) == 2
    assert len(digests()) == 4
    assert Message.objects.filter(idempotency_key__endswith=":2026-05-06").count() == 2


def test_the_digest_lists_overdue_and_due_soon_with_links_and_no_identity(office, coordinator):
    ani = officer_create("ani", email="ani@bawaslu.example", first_name="Ani")
    overdue = assigned(ani, coordinator, **IDENTITY, witnesses=[WITNESS])
    soon = assigned(ani, coordinator, at=datetime(2026, 5, 7, 9, tzinfo=JAKARTA))
    later = assigned(ani, coordinator, at=datetime(2026, 5, 10, 9, tzinfo=JAKARTA))

    # Friday 8 May: the first was due on 6 May, the second is due on 9 May (within 2 days),
    # the third on 12 May.
    assert send_at(datetime(2026, 5, 8, 7, tzinfo=JAKARTA)) == 1

    message = digests()[0]
    text, html = message_bodies(message=message)
    assert message.recipient == "ani@bawaslu.example"
    assert message.sensitive  # a title may name the reported party: wiped once sent
    # The office's name, not the software's (issue 12, item 4).
    assert message.subject == "Ringkasan harian Bawaslu Kabupaten Jember, 8 Mei 2026"
    for complaint in (overdue, soon):
        url = settings.PORTAL_BASE_URL + reverse(
            "admin:complaints_complaint_change", args=[complaint.pk]
        )
        for body in (text, html):
            assert complaint.number in body
            assert complaint.title in body
            assert url in body
    assert later.number not in text
    assert "terlambat 2 hari" in text
    assert "batas waktu 9 Mei 2026" in text
    assert text.index(overdue.number) < text.index("Jatuh tempo dalam")
    assert text.index("Jatuh tempo dalam") < text.index(soon.number)
    for body in (message.subject, text, html):
        for value in identity_values():
            assert value not in body, value
    # The subject says nothing of complaints.
    assert overdue.number not in message.subject
    assert "aduan" not in message.subject.lower()


def test_officers_with_nothing_due_or_no_address_or_no_role_get_none(office, coordinator, caplog):
    relaxed = officer_create("relaksasi", email="relaks@bawaslu.example")
    assigned(relaxed, coordinator, at=datetime(2026, 5, 20, 9, tzinfo=JAKARTA))
    no_address = officer_create("tanpa_surel")
    assigned(no_address, coordinator)
    gone = officer_create("pensiun", email="pensiun@bawaslu.example")
    assigned(gone, coordinator)
    gone.is_active = False
    gone.save()
    demoted = officer_create("dipindah", email="dipindah@bawaslu.example")
    assigned(demoted, coordinator)
    demoted.groups.clear()
    finished = officer_create("selesai", email="selesai@bawaslu.example")
    complaint = assigned(finished, coordinator)
    complaint = complaint_move(complaint, Stage.ASSESSMENT, Stage.NOT_REGISTERED, actor=coordinator)
    # Unassigned complaints go only to alert recipients (complaints.alerts), and none has an
    # address here.
    complaint_file()

    with caplog.at_level("INFO", logger="complaints.digest"):
        assert send_at(datetime(2026, 5, 8, 7, tzinfo=JAKARTA)) == 0

    assert digests() == []
    assert "officer %s has no e-mail address" % no_address.pk in caplog.text
    assert "user %s may not view complaints" % demoted.pk in caplog.text


def test_the_query_count_does_not_grow_with_the_complaints(office, coordinator):
    ani = officer_create("ani", email="ani@bawaslu.example")
    budi = officer_create("budi", email="budi@bawaslu.example")
    for officer in (ani, budi):
        assigned(officer, coordinator)

    def run_queries(moment: datetime) -> int:
        cache.clear()
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
            assert complaints_digest_send() == 2
        return len(queries)

    few = run_queries(MORNING)
    for officer in (ani, budi):
        for _ in range(4):
            assigned(officer, coordinator)
    many = run_queries(NEXT_MORNING)

    assert few == many
