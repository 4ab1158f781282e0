"""`make run` on embedded defaults: web server, worker and beat; a second run is quick.

`make run` runs in a terminal of its own (a pseudo-terminal that is its controlling terminal),
and Ctrl-C is typed into it: the terminal, not the test, decides who gets SIGINT, as it does
for a person at the keyboard.
"""

import fcntl
import os
import re
import signal
import subprocess
import termios
import threading
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT, free_port

BOX_EDGE = re.compile(r"^\S*\+-{20,}\+$", re.MULTILINE)
# The servers' own lines, each printed once they are up (runserver, celery worker, beat).
BANNERS = (
    re.compile(r"^Quit the server with ", re.MULTILINE),
    re.compile(r"celery@\S+ ready\.$", re.MULTILINE),
    re.compile(r"beat: Starting\.\.\.$", re.MULTILINE),
)
CHANGEPASSWORD = ".venv/bin/python manage.py changepassword admin"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def read(log: Path) -> str:
    # The terminal writes "\r\n" for every "\n".
    return log.read_text(errors="replace").replace("\r\n", "\n")


def wait_for(predicate, timeout: float, process: subprocess.Popen, log: Path) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        if process.poll() is not None:
            raise AssertionError("make run exited early:\n" + read(log))
        time.sleep(0.25)
    raise AssertionError("timed out after %ss:\n%s" % (timeout, read(log)))


def session_processes(session: int) -> list[int]:
    """The processes, alive or zombie, whose session is ``session``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the command name (in parentheses, which may hold spaces): state, ppid,
        # pgrp, session.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session:
            found.append(int(entry.name))
    return found


def become_terminal_owner() -> None:
    # In the child, after setsid(): standard input, the pty, becomes its controlling terminal.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@pytest.fixture
def make_run(tmp_path):
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "CELERY_", "MAKE"))
        and key not in ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "PYTEST_CURRENT_TEST")
    }
    port = free_port()
    # A short heartbeat so the test sees beat and worker at work within seconds.
    base_env.update(
        PORT=str(port), PORTAL_VAR_DIR=str(tmp_path / "var"), WORKER_HEARTBEAT_INTERVAL="2"
    )
    runs: list[tuple[subprocess.Popen, int, threading.Thread]] = []

    def start(log_name: str, **env):
        log = tmp_path / log_name
        terminal, terminal_end = os.openpty()
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env={**base_env, **env},
            stdin=terminal_end,
            stdout=terminal_end,
            stderr=terminal_end,
            start_new_session=True,  # a session of its own, like a login on a new terminal
            preexec_fn=become_terminal_owner,
        )
        os.close(terminal_end)

        def copy() -> None:
            with log.open("wb") as out:
                while True:
                    try:
                        data = os.read(terminal, 65536)
                    except OSError:  # EIO: every process of the session has closed it
                        return
                    if not data:
                        return
                    out.write(data)
                    out.flush()

        reader = threading.Thread(target=copy, daemon=True)
        reader.start()
        runs.append((process, terminal, reader))
        return process, log, "http://127.0.0.1:%d" % port

    def type_keys(process: subprocess.Popen, keys: bytes) -> None:
        os.write(next(fd for run, fd, _reader in runs if run is process), keys)

    def ctrl_c(process: subprocess.Popen) -> None:
        type_keys(process, b"\x03")  # what the Ctrl-C key sends
        process.wait(timeout=30)
        # The web server, the worker (with its pool children) and beat are all gone.
        deadline = time.monotonic() + 15
        while session_processes(process.pid):
            if time.monotonic() > deadline:
                raise AssertionError("processes of `make run` survived Ctrl-C")
            time.sleep(0.2)
        next(reader for run, _fd, reader in runs if run is process).join(timeout=5)

    yield start, ctrl_c, type_keys
    for process, terminal, reader in runs:
        for pid in session_processes(process.pid):
            os.kill(pid, signal.SIGKILL)
        process.wait()
        reader.join(timeout=5)
        os.close(terminal)


@pytest.mark.time_limit(300)
def test_make_run_serves_the_portal_and_a_second_run_is_quick(make_run):
    start, ctrl_c, type_keys = make_run

    process, log, base = start("first.log")
    wait_for(lambda: get(base + "/")[0] == 200, 120, process, log)
    assert "Bawaslu Kabupaten Jember" in get(base + "/")[1]
    status, login = get(base + "/admin/login/")
    assert status == 200
    assert 'name="password"' in login
    # Beat schedules the heartbeat at once and the worker runs it: all three are alive.
    wait_for(lambda: '"worker": "ok"' in get(base + "/healthz")[1], 60, process, log)
    wait_for(lambda: BOX_EDGE.search(read(log)), 60, process, log)
    ctrl_c(process)
    first_output = read(log)
    assert process.returncode == 0, first_output
    assert "make: ***" not in first_output
    password = re.search(r"username  admin\s*\|\n\|\s+password  (\S+)", first_output)
    assert password, first_output
    assert get(base + "/")[0] == 0, "Ctrl-C must stop the web server"

    # The password is in a box printed after every server's banner.
    box_top = BOX_EDGE.search(first_output).start()
    for banner in BANNERS:
        shown = banner.search(first_output)
        assert shown, (banner.pattern, first_output)
        assert shown.start() < box_top, banner.pattern
    assert box_top < password.start()
    assert "shown only this once" in first_output[box_top:]
    assert CHANGEPASSWORD in first_output[box_top:]
    assert "No hostname was supplied" not in first_output
    assert "No ffmpeg found" not in first_output

    # The second run without any ffmpeg: it says so once, and so does /healthz.
    process, log, base = start("second.log", FFMPEG_BINARY="ffmpeg-yang-tidak-ada")
    wait_for(lambda: get(base + "/")[0] == 200, 60, process, log)
    assert '"video": "unavailable"' in get(base + "/healthz")[1]
    wait_for(lambda: BOX_EDGE.search(read(log)), 60, process, log)
    # Ctrl-Z is ignored: stopping the servers would hang the terminal (see run_portal).
    type_keys(process, b"\x1a")
    time.sleep(1)
    assert get(base + "/")[0] == 200
    ctrl_c(process)
    second_output = read(log)
    assert process.returncode == 0, second_output
    assert "make: ***" not in second_output
    assert "A superuser exists already" in second_output
    assert CHANGEPASSWORD in second_output
    assert password.group(1) not in second_output, "the password is shown only once"
    assert "No migrations to apply" in second_output
    assert second_output.count("No ffmpeg found") == 1, second_output
    assert "No hostname was supplied" not in second_output
    # Quick because it repeats no set-up: the stamps skip pip (Makefile), the migrations and the
    # superuser are there already (above). Checked by what it did, not by a stopwatch: speed is
    # measured in bench/, and a loaded machine must not fail this test.
    assert "pip install" not in second_output


@pytest.mark.django_db
def test_ensure_superuser_names_the_exact_changepassword_command():
    first, second = StringIO(), StringIO()
    call_command("ensure_superuser", stdout=first)
    call_command("ensure_superuser", stdout=second)
    assert re.search(r"username: admin  password: \S{20}", first.getvalue())
    assert second.getvalue().strip() == (
        "A superuser exists already (its password was shown when it was created; change it "
        "with: .venv/bin/python manage.py changepassword admin)."
    )
