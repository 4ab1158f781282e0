"""Seats under real concurrency (PostgreSQL, one connection per thread): the event's row lock
gives exactly ``capacity`` seats in the order of confirmation, and cancellations at once
promote exactly as many from the waitlist, each mailed once (issue 16, acceptance)."""

import threading
import time
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Max, Min

from humas_portal.notifications.models import Message
from media_forum import registrations
from media_forum.models import Registration, RegistrationStatus
from media_forum.registrations import (
    registration_cancel,
    registration_confirm_email,
    registration_create,
)
from tests.conftest import run_at_once
from tests.media_forum.factories import event_create
from tests.media_forum.registration_support import (
    confirm_token,
    registration_site,  # noqa: F401  (fixture)
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_postgresql", "office", "registration_site"),
    pytest.mark.time_limit(300),
]

SEATS = 20
REGISTRANTS = 50


@pytest.fixture
def slow_seats(monkeypatch):
    """A moment's pause inside each seat decision, after the seats were counted: without the
    event's row lock every thread would count the same free seats (checked by removing the
    locks: 50 confirmed)."""
    for name in ("_seat_decide", "_waitlist_fill"):
        original = getattr(registrations, name)

        def slowed(*args, _original=original, **kwargs):
            result = _original(*args, **kwargs)
            time.sleep(0.02)
            return result

        monkeypatch.setattr(registrations, name, slowed)


def _registered(event, count: int) -> list[tuple[Registration, str]]:
    made = []
    for number in range(count):
        registration = registration_create(
            event=event,
            name="Peserta %d" % number,
            email="peserta%02d@example.id" % number,
            phone="+6281234500%03d" % number,
            language="id",
        )
        made.append((registration, confirm_token(registration)))
    return made


def _in_threads(arguments: list, function, *, times: int) -> list:
    """Each of ``times`` threads, released together, calls ``function`` on its own argument."""
    lock = threading.Lock()
    remaining = list(arguments)

    def one():
        with lock:
            argument = remaining.pop()
        return function(argument)

    return run_at_once(one, times=times, timeout=180)


def test_fifty_confirmations_at_once_give_twenty_seats_and_a_waitlist_in_order(slow_seats):
    event = event_create(capacity=SEATS)
    registered = _registered(event, REGISTRANTS)

    results = _in_threads(
        [token for _registration, token in registered],
        lambda token: registration_confirm_email(raw_token=token).status,
        times=REGISTRANTS,
    )

    assert Counter(results) == {
        RegistrationStatus.CONFIRMED: SEATS,
        RegistrationStatus.WAITLISTED: REGISTRANTS - SEATS,
    }
    rows = Registration.objects.filter(event=event)
    assert rows.holding_seat().count() == SEATS
    assert rows.filter(status=RegistrationStatus.WAITLISTED).count() == REGISTRANTS - SEATS
    # Arrival order: every seat went to someone who confirmed before anyone on the waitlist,
    # and no two confirmations share a moment (the stamp is taken under the lock).
    last_seat = rows.holding_seat().aggregate(last=Max("email_confirmed_at"))["last"]
    first_waiting = rows.waiting().aggregate(first=Min("email_confirmed_at"))["first"]
    assert last_seat < first_waiting
    stamps = list(rows.values_list("email_confirmed_at", flat=True))
    assert len(set(stamps)) == REGISTRANTS
    # One ticket per seat, one waitlist notice per waiting registrant.
    assert Message.objects.filter(kind="event_ticket").count() == SEATS
    assert Message.objects.filter(kind="event_waitlisted").count() == REGISTRANTS - SEATS


def test_ten_cancellations_at_once_promote_exactly_ten_each_mailed_once(slow_seats):
    event = event_create(capacity=SEATS)
    for _registration, token in _registered(event, REGISTRANTS):
        registration_confirm_email(raw_token=token)
    rows = Registration.objects.filter(event=event)
    first_ten_waiting = list(rows.waiting().values_list("email", flat=True)[:10])
    eleventh = rows.waiting()[10]
    leaving = list(rows.holding_seat()[:10])

    run_results = _in_threads(
        leaving, lambda registration: registration_cancel(registration=registration), times=10
    )

    assert {result.status for result in run_results} == {RegistrationStatus.CANCELLED}
    assert rows.holding_seat().count() == SEATS
    promoted = set(
        rows.holding_seat().filter(email__in=first_ten_waiting).values_list("email", flat=True)
    )
    assert promoted == set(first_ten_waiting)
    assert rows.filter(status=RegistrationStatus.WAITLISTED).count() == REGISTRANTS - SEATS - 10
    eleventh.refresh_from_db()
    assert eleventh.status == RegistrationStatus.WAITLISTED
    tickets = Counter(
        Message.objects.filter(kind="event_ticket", recipient__in=first_ten_waiting).values_list(
            "recipient", flat=True
        )
    )
    assert tickets == dict.fromkeys(first_ten_waiting, 1)
    assert (
        Message.objects.filter(
            kind="event_registration_cancelled",
            recipient__in=[registration.email for registration in leaving],
        ).count()
        == 10
    )


def test_the_same_address_twice_at_once_makes_one_row_and_one_clear_refusal():
    event = event_create()

    def register():
        try:
            registration_create(
                event=event,
                name="Rina Wartawati",
                email="rina@media.example.id",
                phone="+6281234567890",
                language="id",
            )
        except ValidationError as error:
            return error.messages[0]
        return "registered"

    answers = run_at_once(register, times=4)

    assert answers.count("registered") == 1
    assert all(
        "sudah terdaftar untuk acara ini" in answer for answer in answers if answer != "registered"
    )
    assert Registration.objects.filter(event=event).count() == 1
