"""`make run` on embedded defaults: web server, worker and beat; a second run is quick."""

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT, free_port


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(predicate, timeout: float, process: subprocess.Popen, log) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        if process.poll() is not None:
            raise AssertionError("make run exited early:\n" + log.read_text())
        time.sleep(0.25)
    raise AssertionError("timed out after %ss:\n%s" % (timeout, log.read_text()))


@pytest.fixture
def make_run(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "CELERY_", "MAKE"))
        and key not in ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "PYTEST_CURRENT_TEST")
    }
    port = free_port()
    # A short heartbeat so the test sees beat and worker at work within seconds.
    env.update(PORT=str(port), PORTAL_VAR_DIR=str(tmp_path / "var"), WORKER_HEARTBEAT_INTERVAL="2")
    runs: list[subprocess.Popen] = []

    def start(log_name: str):
        log = tmp_path / log_name
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, like a terminal's foreground job
        )
        runs.append(process)
        return process, log, "http://127.0.0.1:%d" % port

    def ctrl_c(process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)
        # The web server, the worker (with its pool children) and beat are all gone.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)
        raise AssertionError("processes of `make run` survived Ctrl-C")

    yield start, ctrl_c
    for process in runs:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_make_run_serves_the_portal_and_a_second_run_is_quick(make_run):
    start, ctrl_c = make_run

    process, log, base = start("first.log")
    wait_for(lambda: get(base + "/")[0] == 200, 120, process, log)
    assert "Bawaslu Kabupaten Jember" in get(base + "/")[1]
    status, login = get(base + "/admin/login/")
    assert status == 200
    assert 'name="password"' in login
    # Beat schedules the heartbeat at once and the worker runs it: all three are alive.
    wait_for(lambda: '"worker": "ok"' in get(base + "/healthz")[1], 60, process, log)
    ctrl_c(process)
    first_output = log.read_text()
    password = re.search(r"username: admin\s+password: (\S+)", first_output)
    assert password, first_output
    assert get(base + "/")[0] == 0, "Ctrl-C must stop the web server"

    process, log, base = start("second.log")
    startup = wait_for(lambda: get(base + "/")[0] == 200, 60, process, log)
    ctrl_c(process)
    second_output = log.read_text()
    assert startup < 20, "second start took %.1f s" % startup
    assert "A superuser exists already" in second_output
    assert password.group(1) not in second_output, "the password is shown only once"
    assert "No migrations to apply" in second_output
