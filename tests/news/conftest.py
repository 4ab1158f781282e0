"""Fixtures shared by the news tests: a frozen clock and the two editorial roles."""

import pytest
import time_machine

from humas_portal.roles import CHIEF_EDITOR, EDITOR
from tests.factories import staff_create
from tests.news.factories import NOW


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def writer(db):
    return staff_create("penulis", role=EDITOR)


@pytest.fixture
def chief(db):
    return staff_create("pemred", role=CHIEF_EDITOR)
