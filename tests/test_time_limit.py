"""The per-test time limit of tests/conftest.py stops a hung test with a traceback."""

import subprocess
import sys

from tests.conftest import ROOT

HUNG = """
import time

import pytest


@pytest.mark.time_limit(1)
def test_hangs():
    time.sleep(30)
"""


def test_a_hung_test_fails_at_its_limit(tmp_path):
    test_file = tmp_path / "test_hung.py"
    test_file.write_text(HUNG)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.conftest",
            "-c",
            "pyproject.toml",
            "--rootdir",
            str(ROOT),
            "-q",
            str(test_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "TestTimeLimitExceeded: test ran longer than its limit of 1 s" in run.stdout
    # Every thread's stack is dumped (pytest shows it as the test's captured stderr), so the
    # hang can be located.
    assert "Captured stderr call" in run.stdout
    assert "line 9 in test_hangs" in run.stdout
