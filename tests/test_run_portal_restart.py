"""`make run` starts a worker or beat that exited again (with a growing pause, logged), as
systemd's Restart=always does in production; the units say so too."""

import logging
import signal
import sys
from configparser import ConfigParser

import pytest

from humas_portal.management.commands import run_portal
from tests.conftest import ROOT

# Stand-ins for the three servers: the worker exits at once on its first start (as a worker
# does on an unrecoverable error) and stays up on the next; the web server ends the run.
WEB = "import time; print('Quit the server with CONTROL-C.', flush=True); time.sleep(%s)"
WORKER = (
    "import pathlib, sys, time\n"
    "starts = pathlib.Path(sys.argv[1])\n"
    "starts.write_text(starts.read_text() + 'x' if starts.exists() else 'x')\n"
    "if len(starts.read_text()) == 1: sys.exit(1)\n"
    "print('celery@test ready.', flush=True)\n"
    "time.sleep(60)\n"
)
BEAT = "import time; print('beat: Starting...', flush=True); time.sleep(60)"


@pytest.fixture
def sigterm_restored():
    handler = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, handler)


def test_run_portal_starts_a_worker_that_exited_again(
    tmp_path, monkeypatch, caplog, sigterm_restored
):
    starts = tmp_path / "worker-starts"
    commands = {
        "web": [sys.executable, "-c", WEB % 4],
        "worker": [sys.executable, "-c", WORKER, str(starts)],
        "beat": [sys.executable, "-c", BEAT],
    }
    monkeypatch.setattr(run_portal.Command, "_commands", lambda self, host, port: commands)

    with caplog.at_level(logging.WARNING, logger=run_portal.__name__):
        run_portal.Command()._serve("127.0.0.1", "0", "admin", None)

    assert starts.read_text() == "xx", "the worker should have been started a second time"
    assert "worker stopped (exit 1); starting it again in 1 s" in caplog.text


@pytest.mark.parametrize("unit", ["portal-worker.service", "portal-beat.service"])
def test_systemd_restarts_the_worker_and_beat_whatever_their_exit(unit):
    config = ConfigParser(strict=False, interpolation=None)
    config.read(ROOT / "deploy" / unit)
    assert config["Service"]["Restart"] == "always"
