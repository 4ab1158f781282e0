"""The demo requests (ppid.demo_requests): every state an officer meets, fictional requesters,
and a second run changes nothing."""

import pytest

from humas_portal.elections.dates import local_today
from ppid.demo_requests import REQUESTS, seed_requests
from ppid.models import InformationRequest, Objection, RequestEvent, RequestStage

pytestmark = pytest.mark.django_db


def test_the_demo_has_requests_in_every_state_and_is_idempotent(office):
    seed_requests()
    counts = (InformationRequest.objects.count(), Objection.objects.count())
    events = RequestEvent.objects.count()
    seed_requests()

    assert (InformationRequest.objects.count(), Objection.objects.count()) == counts
    assert RequestEvent.objects.count() == events
    assert counts == (len(REQUESTS), 2)
    assert set(InformationRequest.objects.values_list("stage", flat=True)) == set(
        RequestStage.values
    )
    today = local_today()
    open_requests = list(InformationRequest.objects.filter(stage=RequestStage.RECEIVED))
    assert any(request.answer_due_on < today for request in open_requests)
    assert any(request.answer_due_on >= today for request in open_requests)
    assert any(request.extended_due_on for request in open_requests)
    assert Objection.objects.filter(answered_at__isnull=True).count() == 1
    assert Objection.objects.filter(answered_at__isnull=False).count() == 1
    assert all(
        "(fiktif)" in name
        for name in InformationRequest.objects.values_list("requester_name", flat=True)
    )
    years = {request.received_at.year for request in InformationRequest.objects.all()}
    assert years >= {today.year - 1}
