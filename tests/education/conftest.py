"""Fixtures shared by the education tests: the two editorial roles, media in a temporary
folder, and bulk sends kept in-process."""

import pytest

from humas_portal.roles import CHIEF_EDITOR, EDITOR
from tests.factories import staff_create


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded and generated files are real files: keep them out of the checkout's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _in_process(monkeypatch):
    # Nothing is published to a broker: a test enqueues and delivers in-process when it must.
    monkeypatch.setattr("humas_portal.notifications.bulk._enqueue_task_dispatch", lambda pk: None)
    monkeypatch.setattr("humas_portal.notifications.services._dispatch", lambda ids: None)


@pytest.fixture
def writer(db):
    return staff_create("penulis", role=EDITOR)


@pytest.fixture
def chief(db):
    return staff_create("pemred", role=CHIEF_EDITOR)
