"""Who runs events (humas_portal.roles): the Koordinator Forum Media does; writers do not."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from humas_portal.roles import CHIEF_EDITOR, EDITOR, MEDIA_FORUM_COORDINATOR
from tests.test_roles import permissions_of

pytestmark = pytest.mark.django_db

RUNNING_EVENTS = {
    "media_forum.add_event",
    "media_forum.change_event",
    "media_forum.publish_event",
    "media_forum.checkin_event",
    "media_forum.approve_registration",
    "media_forum.view_registration",
}


def test_the_coordinator_runs_events_and_writers_cannot_publish_them():
    call_command("sync_roles", stdout=StringIO())

    coordinator = permissions_of(Group.objects.get(name=MEDIA_FORUM_COORDINATOR))
    assert RUNNING_EVENTS.issubset(coordinator)
    # Registrations change only through the services; events are never deleted.
    assert "media_forum.change_registration" not in coordinator
    assert "media_forum.delete_event" not in coordinator
    for writer_role in (EDITOR, CHIEF_EDITOR):
        writer = permissions_of(Group.objects.get(name=writer_role))
        assert not writer & RUNNING_EVENTS
        assert "media_forum.publish_event" not in writer
