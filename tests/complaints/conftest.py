import pytest
from django.utils.functional import empty

from complaints.models import evidence_storage
from humas_portal.roles import COMPLAINT_COORDINATOR, COMPLAINT_OFFICER
from tests.complaints.factories import election_create
from tests.factories import staff_create


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    """Each test keeps its evidence in its own folder, removed with tmp_path."""
    settings.COMPLAINT_EVIDENCE_ROOT = tmp_path / "evidence"
    # The storage is lazy: forget the one built for another test's folder.
    evidence_storage._wrapped = empty
    yield settings.COMPLAINT_EVIDENCE_ROOT
    evidence_storage._wrapped = empty


@pytest.fixture
def desk(office, settings):
    """The complaint desk open for filing: the office, one open election, and no waiting for
    the form's minimum time."""
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    return election_create()


@pytest.fixture
def officer(db):
    """A Petugas Pengaduan: handles complaints, never sees identity."""
    return staff_create("petugas", role=COMPLAINT_OFFICER)


@pytest.fixture
def coordinator(db):
    """A Koordinator Pengaduan: also sees identity (each view audited)."""
    return staff_create("koordinator", role=COMPLAINT_COORDINATOR)
