"""A disk that refuses files, for the fault tests of storing uploads.

The tests run as root, for whom a read-only directory is still writable, and a tiny file
system needs mount rights: so the fault is put into Django's own file writing
(``FileSystemStorage._save``), which every storage of the portal uses underneath.
"""

import os
from pathlib import Path

from django.core.files.storage import FileSystemStorage


def disk_refuses(monkeypatch, code: int, *, written_bytes: int | None = None, files_before=0):
    """From the file after the first ``files_before`` on, writing fails with ``code``: at once
    (``written_bytes`` None: a read-only disk, nothing created), or after ``written_bytes`` of
    the file went to disk and stay there, as a disk that fills up midway leaves them."""
    real_save = FileSystemStorage._save
    stored = []

    def save(storage, name, content):
        if len(stored) < files_before:
            stored.append(name)
            return real_save(storage, name, content)
        if written_bytes is not None:
            path = Path(storage.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            content.seek(0)
            path.write_bytes(content.read(written_bytes))
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(FileSystemStorage, "_save", save)


def files_under(folder) -> list[Path]:
    """Every file left in ``folder``, hidden ones too."""
    return sorted(path for path in Path(folder).rglob("*") if path.is_file())
