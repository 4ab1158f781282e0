"""New-complaint alerts: the first complaint of a quiet period at once, later ones batched (one
e-mail per person every 15 minutes at most), never twice per complaint and person, no
identity, forgotten by retention; the daily digest lists the unassigned ones."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission

from complaints.alerts import complaint_alerts_queue
from complaints.digest import complaints_digest_send
from complaints.models import NewComplaintAlert, Stage
from complaints.retention import complaint_shred
from complaints.services import complaint_assign
from complaints.tasks import complaints_alerts_send_task
from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message
from humas_portal.roles import COMPLAINT_COORDINATOR, COMPLAINT_OFFICER
from tests.complaints.factories import (
    IDENTITY,
    WITNESS,
    complaint_file,
    complaint_move,
    identity_values,
)
from tests.factories import staff_create

JAKARTA = ZoneInfo("Asia/Jakarta")
T0 = datetime(2026, 5, 4, 10, 0, tzinfo=JAKARTA)


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


@pytest.fixture
def koordinator(office):
    user = staff_create("koord_alert", role=COMPLAINT_COORDINATOR)
    user.email = "koordinator@bawaslu.example"
    user.save()
    return user


def alerts(recipient: str = "koordinator@bawaslu.example") -> list[Message]:
    return list(
        Message.objects.filter(kind="complaint_new_alert", recipient=recipient).order_by("pk")
    )


def file_at(moment: datetime, **fields):
    with time_machine.travel(moment, tick=False):
        return complaint_file(**fields).complaint


def beat_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        # The beat's task, as the worker runs it.
        return complaints_alerts_send_task.apply().get()


def test_one_alert_at_once_then_one_batch_listing_the_next_three(koordinator):
    first = file_at(T0)

    [alert] = alerts()
    assert first.number in message_bodies(message=alert)[0]
    assert message_bodies(message=alert)[0].startswith("Pengaduan baru masuk: %s" % first.number)
    assert alert.sensitive

    later = [file_at(minutes(3)), file_at(minutes(7)), file_at(minutes(12))]
    assert len(alerts()) == 1  # held back: the last alert went less than 15 minutes ago
    assert beat_at(minutes(14)) == 0
    assert len(alerts()) == 1

    assert beat_at(minutes(15)) == 1
    [_first, batch] = alerts()
    assert message_bodies(message=batch)[0].startswith("3 pengaduan baru masuk")
    for complaint in later:
        assert complaint.number in message_bodies(message=batch)[0]
        assert complaint.number in message_bodies(message=batch)[1]
    assert first.number not in message_bodies(message=batch)[0]

    # Every complaint reached the coordinator exactly once: the beat again, or a worker running
    # the task twice, sends nothing more.
    assert beat_at(minutes(16)) == 0
    assert beat_at(minutes(40)) == 0
    assert len(alerts()) == 2
    assert not NewComplaintAlert.objects.filter(sent_at__isnull=True).exists()


def test_after_a_quiet_period_the_next_complaint_goes_at_once_again(koordinator):
    file_at(T0)
    file_at(minutes(5))
    assert beat_at(minutes(15)) == 1  # the batch of one

    file_at(minutes(29))  # 14 minutes after the batch: waits
    assert len(alerts()) == 2
    file_at(minutes(31))  # 16 minutes after: goes at once, with the one that waited
    batch = alerts()[-1]
    assert len(alerts()) == 3
    assert message_bodies(message=batch)[0].startswith("2 pengaduan baru masuk")


def test_each_recipient_has_their_own_rhythm_and_only_holders_of_the_permission_get_any(
    koordinator, officer
):
    officer.email = "petugas@bawaslu.example"
    officer.save()
    file_at(T0)
    second = staff_create("koord_dua", role=COMPLAINT_COORDINATOR)
    second.email = "koordinator2@bawaslu.example"
    second.save()
    loose = staff_create("pemantau", role=COMPLAINT_OFFICER)
    loose.email = "pemantau@bawaslu.example"
    loose.save()
    loose.user_permissions.add(Permission.objects.get(codename="receive_new_alerts"))

    complaint = file_at(minutes(2))

    assert len(alerts()) == 1  # the first coordinator's next one waits
    assert [
        message_bodies(message=m)[0].split("\n")[0] for m in alerts("koordinator2@bawaslu.example")
    ] == ["Pengaduan baru masuk: %s" % complaint.number]
    assert len(alerts("pemantau@bawaslu.example")) == 1  # granted one by one, also fine
    assert alerts("petugas@bawaslu.example") == []  # an officer without the permission


def test_a_recipient_who_lost_the_permission_gets_no_batch(koordinator):
    file_at(T0)
    file_at(minutes(5))
    koordinator.groups.clear()

    assert beat_at(minutes(20)) == 0
    assert len(alerts()) == 1
    assert not NewComplaintAlert.objects.filter(sent_at__isnull=True).exists()


def test_no_alert_names_the_reporter_or_says_what_the_reporter_wrote(koordinator):
    named = file_at(T0, **IDENTITY, witnesses=[WITNESS], reported_party="Kepala Desa Fulan")
    file_at(minutes(1), **{**IDENTITY, "reporter_email": "lain@contoh.id"})
    beat_at(minutes(15))

    messages = alerts()
    assert len(messages) == 2
    for message in messages:
        for part in (message.subject, *message_bodies(message=message)):
            for value in [*identity_values(), named.title, named.description, "Fulan"]:
                assert value not in part, value
        # Neutral subject: it shows on lock screens.
        assert "aduan" not in message.subject.lower()
        assert named.number not in message.subject


def test_the_alert_is_enqueued_with_the_filing_and_never_twice(koordinator):
    complaint = file_at(T0)
    [alert] = alerts()
    assert alert.idempotency_key == "complaints.complaint:%s:new-alert:%s" % (
        complaint.pk,
        koordinator.pk,
    )

    # A second queueing of the same complaint (a retried call) changes nothing.
    with time_machine.travel(minutes(30), tick=False):
        assert complaint_alerts_queue(complaint=complaint) == 0
    assert len(alerts()) == 1


def test_retention_forgets_the_alerts_with_the_complaint(koordinator, coordinator):
    first = file_at(T0)
    second = file_at(minutes(1))
    beat_at(minutes(15))
    assert len(alerts()) == 2

    for complaint in (first, second):
        with time_machine.travel(minutes(60), tick=False):
            complaint = complaint_move(
                complaint, Stage.ASSESSMENT, Stage.NOT_REGISTERED, Stage.CLOSED, actor=coordinator
            )
        with time_machine.travel(T0 + timedelta(days=800), tick=False):
            assert complaint_shred(complaint_id=complaint.pk)

    assert alerts() == []


def test_the_daily_digest_lists_unassigned_complaints_to_the_alert_recipients(
    koordinator, coordinator, officer
):
    officer.email = "petugas@bawaslu.example"
    officer.save()
    waiting = file_at(T0)
    taken = file_at(minutes(1))
    complaint_assign(complaint_id=taken.pk, officer=officer, actor=coordinator)

    with time_machine.travel(datetime(2026, 5, 5, 7, tzinfo=JAKARTA), tick=False):
        assert complaints_digest_send() == 2

    digest = Message.objects.get(kind="complaint_digest", recipient=koordinator.email)
    assert "1 pengaduan belum ditugaskan kepada petugas." in message_bodies(message=digest)[0]
    assert "Belum ditugaskan:" in message_bodies(message=digest)[0]
    assert waiting.number in message_bodies(message=digest)[0]
    assert waiting.number in message_bodies(message=digest)[1]
    assert taken.number not in message_bodies(message=digest)[0]
    assert "?ditugaskan=belum" in message_bodies(message=digest)[0]
    # The officer's own digest lists what is assigned to them, not the unassigned queue.
    own = Message.objects.get(kind="complaint_digest", recipient=officer.email)
    assert taken.number in message_bodies(message=own)[0]
    assert waiting.number not in message_bodies(message=own)[0]
