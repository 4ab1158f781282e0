"""Issue 13, item 9: the tracking secret never reaches the database in clear.

A receipt waits in the outbox until the worker sends it, and is wiped after; but what was
written before the wipe stays in SQLite's WAL file, in PostgreSQL's WAL segments, their archives
and any backup taken meanwhile. So a sensitive kind's bodies are encrypted before the INSERT
(humas_portal.crypto, the portal's keys) and decrypted only when the e-mail is built.
"""

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.db import connection

from humas_portal.crypto import decrypt
from humas_portal.notifications.email import message_bodies
from humas_portal.notifications.models import Message, Status
from humas_portal.notifications.services import notification_deliver, notifications_relay
from humas_portal.tracking import tracking_secret_format
from tests.complaints.factories import complaint_file


def key_new() -> str:
    return Fernet.generate_key().decode("ascii")


def file_and_get_receipt() -> tuple[Message, list[bytes]]:
    """File a complaint; its queued receipt row, and the secret as stored and as mailed."""
    secret = complaint_file().secret
    forms = [secret.encode(), tracking_secret_format(secret).encode()]
    return Message.objects.get(kind="complaint_receipt"), forms


def send(message: Message) -> Message:
    notification_deliver(message_ids=[message.pk])
    return Message.objects.get(pk=message.pk)


def mailed_text() -> str:
    (sent,) = mail.outbox
    return sent.body + "".join(content for content, _type in sent.alternatives)


def file_bytes(path: Path) -> bytes:
    """A database file's bytes, read by another process. Closing any descriptor of a file drops
    every POSIX lock this process holds on it (sqlite.org/howtocorrupt.html, 2.2): this process's
    connections would keep using the WAL while holding no lock, and the next process to close
    its connection (a worker, gunicorn) would take itself for the last one and delete the WAL."""
    return subprocess.run(["cat", "--", str(path)], capture_output=True, check=True).stdout


def holding(paths: list[Path], forms: list[bytes]) -> list[str]:
    """Which of these files hold any form of the secret, byte for byte."""
    hits = []
    for path in paths:
        if path.exists():
            content = file_bytes(path)
            if any(form in content for form in forms):
                hits.append(path.name)
    return hits


@pytest.mark.sqlite_only  # its PostgreSQL twin is the next test
@pytest.mark.django_db(transaction=True)
def test_the_sqlite_main_and_wal_files_never_hold_the_secret():
    database = Path(connection.settings_dict["NAME"])
    files = [database, database.with_name(database.name + "-wal")]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")  # WAL (settings.py), as in development
        assert cursor.fetchone()[0] == "wal"

    receipt, forms = file_and_get_receipt()

    assert files[1].exists()  # the filing's writes went through the WAL file
    assert receipt.encrypted
    # The subject is kept readable for the delivery log: it must hold no secret.
    assert not any(form.decode() in receipt.subject for form in forms)
    # Committed and waiting: neither file holds it in clear.
    assert holding(files, forms) == []

    sent = send(receipt)

    assert sent.status == Status.SENT
    assert forms[1].decode() in mailed_text()
    with connection.cursor() as cursor:
        # FULL, not TRUNCATE: the old frames stay in the WAL file, as they would in production.
        cursor.execute("PRAGMA wal_checkpoint(FULL)")
    assert holding(files, forms) == []


def pg_environment() -> dict[str, str]:
    database = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    env.update(PGHOST=database["HOST"] or "127.0.0.1", PGPORT=str(database["PORT"] or 5432))
    env.update(PGUSER=database["USER"] or "postgres")
    return env


def pg_dump() -> bytes:
    return subprocess.run(
        ["pg_dump", "--no-owner", connection.settings_dict["NAME"]],
        env=pg_environment(),
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout


@pytest.mark.services
@pytest.mark.time_limit(120)
@pytest.mark.django_db(transaction=True)
def test_the_postgresql_wal_and_a_dump_never_hold_the_secret(require_postgresql):
    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        wal_directory = Path(cursor.fetchone()[0]) / "pg_wal"
    if not os.access(wal_directory, os.R_OK):
        pytest.skip("reading pg_wal needs root (the tests run as root in CI)")
    started = time.time() - 1

    receipt, forms = file_and_get_receipt()

    assert receipt.encrypted
    # A backup taken while the receipt waits to be sent.
    assert not any(form in pg_dump() for form in forms)

    sent = send(receipt)

    assert sent.status == Status.SENT
    assert forms[1].decode() in mailed_text()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    # The segments written since the test began (the cluster is shared: others are older).
    segments = [
        path
        for path in wal_directory.iterdir()
        if path.is_file() and len(path.name) == 24 and path.stat().st_mtime >= started
    ]
    assert segments
    assert holding(segments, forms) == []
    assert not any(form in pg_dump() for form in forms)


# Opens the database and closes it, as a worker's connection does after each task.
OPEN_AND_CLOSE = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
connection.close()
"""


@pytest.mark.sqlite_only  # no twin: PostgreSQL does not lock files shared with other processes
@pytest.mark.django_db(transaction=True)
def test_reading_the_sqlite_files_leaves_this_process_its_wal():
    """Once the files are read, another process that closes its connection must still see this
    one, and leave it the WAL file it writes to. Read in this process, the files lost it its
    locks, and later tests failed with "disk I/O error"."""
    database = Path(connection.settings_dict["NAME"])
    wal = database.with_name(database.name + "-wal")
    receipt, forms = file_and_get_receipt()
    assert holding([database, wal], forms) == []

    subprocess.run([sys.executable, "-c", OPEN_AND_CLOSE, str(database)], check=True, timeout=60)

    assert wal.exists()
    Message.objects.filter(pk=receipt.pk).update(subject="Dibaca ulang")
    assert Message.objects.get(pk=receipt.pk).subject == "Dibaca ulang"


@pytest.mark.django_db
def test_a_row_queued_under_the_old_key_is_sent_after_a_new_key_is_prepended(settings):
    old, new = key_new(), key_new()
    settings.ENCRYPTION_KEYS = [old]
    receipt, forms = file_and_get_receipt()
    assert receipt.encrypted
    assert not any(form.decode() in receipt.body_text + receipt.body_html for form in forms)
    assert forms[1].decode() in decrypt(token=receipt.body_text, key=old)

    settings.ENCRYPTION_KEYS = [new, old]  # rotation: the new key first, the old one kept
    sent = send(receipt)

    assert sent.status == Status.SENT
    assert forms[1].decode() in mailed_text()
    # Wiped once sent, as before: nothing left to decrypt.
    assert (sent.body_text, sent.body_html) == ("", "")
    assert message_bodies(message=sent) == ("", "")


@pytest.mark.django_db
def test_a_row_no_key_opens_goes_dead_with_one_clear_log_line(settings, caplog):
    settings.ENCRYPTION_KEYS = [key_new()]
    receipt, _forms = file_and_get_receipt()
    settings.ENCRYPTION_KEYS = [key_new()]  # the old key dropped too early, or another host's

    with caplog.at_level(logging.ERROR, logger="humas_portal.notifications"):
        dead = send(receipt)

    assert mail.outbox == []
    assert dead.status == Status.DEAD
    assert "PORTAL_ENCRYPTION_KEYS" in dead.last_error
    assert (dead.body_text, dead.body_html) == ("", "")  # wiped, as any dead sensitive row
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "is dead: the body cannot be decrypted" in errors[0]
    # Not handed out again: no task fails on it at every relay.
    assert notifications_relay() == 0
