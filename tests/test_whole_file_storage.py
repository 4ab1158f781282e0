"""humas_portal.uploads.WholeFileStorage: a file is on the disk whole under its name, or not
at all; and stored_files_removed_on_error takes back the files of a failed block."""

import errno

import pytest
from django.core.files.base import ContentFile

from humas_portal.uploads import (
    StorageWriteError,
    WholeFileStorage,
    stored_files_removed_on_error,
)
from tests.storage_faults import disk_refuses, files_under


@pytest.fixture
def storage(tmp_path):
    return WholeFileStorage(location=tmp_path, file_permissions_mode=0o600)


def test_a_stored_file_is_whole_with_its_permissions_and_no_temporary_copy(storage, tmp_path):
    name = storage.save("a/b/berkas.txt", ContentFile(b"isi"))

    assert name == "a/b/berkas.txt"
    assert files_under(tmp_path) == [tmp_path / "a/b/berkas.txt"]
    assert (tmp_path / name).read_bytes() == b"isi"
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o600


def test_an_existing_file_is_never_replaced(storage, tmp_path):
    storage.save("berkas.txt", ContentFile(b"lama"))

    # Past get_available_name, as when two writers race for one name.
    name = storage._save("berkas.txt", ContentFile(b"baru"))

    assert name != "berkas.txt"
    assert (tmp_path / "berkas.txt").read_bytes() == b"lama"
    assert (tmp_path / name).read_bytes() == b"baru"
    assert len(files_under(tmp_path)) == 2


def test_a_disk_full_midway_leaves_no_part_of_the_file(storage, tmp_path, monkeypatch):
    disk_refuses(monkeypatch, errno.ENOSPC, written_bytes=2)

    with pytest.raises(StorageWriteError) as refused:
        storage.save("berkas.txt", ContentFile(b"isi panjang"))

    assert refused.value.errno == errno.ENOSPC
    assert files_under(tmp_path) == []


def test_files_of_a_failed_block_are_removed_those_of_a_good_one_kept(storage, tmp_path):
    def fails_after_storing_two() -> None:
        with stored_files_removed_on_error():
            storage.save("dulu.txt", ContentFile(b"1"))
            with stored_files_removed_on_error():
                storage.save("dalam.txt", ContentFile(b"2"))
            raise RuntimeError("the transaction failed after both files were written")

    with pytest.raises(RuntimeError):
        fails_after_storing_two()
    assert files_under(tmp_path) == []

    with stored_files_removed_on_error():
        kept = storage.save("tetap.txt", ContentFile(b"3"))
    assert files_under(tmp_path) == [tmp_path / kept]
