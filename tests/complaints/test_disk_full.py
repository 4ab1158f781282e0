"""A full or read-only evidence disk (issue 13, item 15): the reporter gets a page, not a 500,
that says the complaint itself is safe and the photo can be added later; no file is left on
the disk without its row."""

import errno
import logging

import pytest
from django.db import DatabaseError

from complaints import services
from complaints.models import Complaint, ComplaintEvent, EventKind, Evidence
from tests.complaints.factories import png_upload
from tests.complaints.test_filing import file_complaint
from tests.complaints.test_public import EVIDENCE, RECEIPT, messages_of
from tests.storage_faults import disk_refuses, files_under

pytestmark = pytest.mark.usefixtures("desk")

SAFE = "Pengaduan Anda sendiri tetap tersimpan dengan aman"


def assert_complaint_intact() -> None:
    complaint = Complaint.objects.get()
    assert complaint.description == "Sekitar pukul 19.00 ada pembagian amplop berisi uang."
    assert not Evidence.objects.exists()
    assert not complaint.events.filter(kind=EventKind.EVIDENCE).exists()


@pytest.mark.parametrize(
    ("code", "written_bytes"),
    [
        pytest.param(errno.EROFS, None, id="read-only"),
        pytest.param(errno.EACCES, None, id="not-permitted"),
        pytest.param(errno.ENOSPC, 100, id="full-midway"),
    ],
)
def test_a_refused_photo_is_told_in_words_and_leaves_nothing(
    client, monkeypatch, evidence_root, caplog, code, written_bytes
):
    file_complaint(client)
    disk_refuses(monkeypatch, code, written_bytes=written_bytes)

    with caplog.at_level(logging.WARNING):
        response = client.post(EVIDENCE, {"back": "filed", "files": [png_upload()]}, follow=True)

    assert response.redirect_chain == [(RECEIPT, 302)]
    assert response.status_code == 200
    [message] = messages_of(response)
    assert message.startswith("foto.png belum tersimpan karena penyimpanan berkas di server")
    assert SAFE in message
    assert "dapat ditambahkan nanti" in message
    assert_complaint_intact()
    assert files_under(evidence_root) == []
    # Logged for the operator, without the reporter's details.
    assert errno.errorcode[code] in caplog.text
    assert "evidence not stored" in caplog.text
    for personal in ("Siti", "siti@contoh.id", "0812"):
        assert personal not in caplog.text


def test_files_after_the_refused_one_are_named_and_not_tried(client, monkeypatch, evidence_root):
    file_complaint(client)
    disk_refuses(monkeypatch, errno.ENOSPC, written_bytes=10, files_before=1)

    response = client.post(
        EVIDENCE,
        {"back": "filed", "files": [png_upload("a.png"), png_upload("b.png"), png_upload("c.png")]},
        follow=True,
    )

    assert messages_of(response)[0] == "a.png tersimpan."
    [refused] = messages_of(response)[1:]
    assert refused.startswith("b.png, c.png belum tersimpan")
    assert SAFE in refused
    stored = Evidence.objects.get()
    assert files_under(evidence_root) == [evidence_root / stored.file.name]


def test_the_same_photo_is_stored_once_the_disk_has_room_again(client, monkeypatch):
    file_complaint(client)
    with monkeypatch.context() as patch:
        disk_refuses(patch, errno.ENOSPC, written_bytes=10)
        client.post(EVIDENCE, {"back": "filed", "files": [png_upload()]}, follow=True)

    response = client.post(EVIDENCE, {"back": "filed", "files": [png_upload()]}, follow=True)

    assert messages_of(response) == ["foto.png tersimpan."]
    assert Evidence.objects.get().file.read()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_stored_file_goes_when_its_rows_are_rolled_back(client, monkeypatch, evidence_root):
    """The orphan of the fault test: the file was written, then the transaction failed."""
    file_complaint(client)

    def broken_create(**fields):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(ComplaintEvent.objects, "create", broken_create)
    with pytest.raises(DatabaseError):
        services.evidence_add(complaint_id=Complaint.objects.get().pk, upload=png_upload())

    assert_complaint_intact()
    assert files_under(evidence_root) == []
