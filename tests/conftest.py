"""Shared fixtures. Environment for the settings comes from pyproject/Makefile, not from here:
pytest-django configures Django before any conftest runs."""

import faulthandler
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# live server and the tests themselves are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# --- REQUIRE_SERVICES: in CI, nothing may be skipped ----------------------------------------

_skipped: list[str] = []


def pytest_runtest_logreport(report) -> None:
    if report.skipped or hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus) -> None:
    if REQUIRE_SERVICES and _skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    if REQUIRE_SERVICES and _skipped:
        terminalreporter.write_line(
            "REQUIRE_SERVICES=1: %d test(s) skipped or xfailed, which fails the run: %s"
            % (len(_skipped), ", ".join(_skipped)),
            red=True,
        )


# --- A per-test time limit ------------------------------------------------------------------
# A hung test (a server that never answers, a lock never released) must fail with a traceback,
# not stall CI until its 90-minute limit. Ten lines of SIGALRM do what pytest-timeout's signal
# method does; that plugin's last release (2025-05) is older than the project's 18-month rule.
# Tests that legitimately take longer say so with @pytest.mark.time_limit(seconds).
TEST_TIME_LIMIT = 120


class TestTimeLimitExceeded(Exception):
    pass


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    marker = item.get_closest_marker("time_limit")
    limit = marker.args[0] if marker else TEST_TIME_LIMIT

    def expired(signum, frame):
        faulthandler.dump_traceback(all_threads=True)
        raise TestTimeLimitExceeded("test ran longer than its limit of %s s" % limit)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return (yield)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- No tracking secret ever reaches a log line ----------------------------------------------


class _LogLines(logging.Handler):
    """Every log line this process emits during the run, as a handler would write it."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(logging.Formatter().format(record))
        except Exception:  # a handler must never break what it watches
            self.lines.append(str(record.msg))


@pytest.fixture(scope="session", autouse=True)
def _tracking_secrets_stay_out_of_logs():
    """Records every tracking secret the run issues and every log line it writes; at the end,
    no line may hold a secret, raw or as shown to the reporter (issue #6, acceptance)."""
    from complaints import services
    from humas_portal.tracking import tracking_secret_format

    issued: list[str] = []
    original = services.tracking_secret_new

    def recorded() -> str:
        secret = original()
        issued.append(secret)
        return secret

    services.tracking_secret_new = recorded
    handler = _LogLines()
    logging.getLogger().addHandler(handler)
    yield
    logging.getLogger().removeHandler(handler)
    services.tracking_secret_new = original
    forms = [form for secret in issued for form in (secret, tracking_secret_format(secret))]
    leaked = [line for line in handler.lines if any(form in line for form in forms)]
    assert not leaked, "tracking secrets in log lines: %s" % leaked[:3]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the office profile is cached across requests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def office(db):
    """The office (Bawaslu Kabupaten Jember) with a small slice of its region: see
    tests/factories.py::office_create, which also builds it with the official region tree."""
    from tests.factories import office_create

    return office_create()


def run_at_once(function, *, times: int, timeout: float = 60.0) -> list:
    """Call ``function()`` in ``times`` threads released together, each with its own database
    connection (for tests of real row locks and unique constraints); return their results.
    An error in any thread is raised here, in the test's thread."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(times)
    results: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(function())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is still running"
    if errors:
        raise errors[0]
    return results


# --- Services -------------------------------------------------------------------------------


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked sqlite_only check the SQLite files themselves (those about what the files
    hold have a PostgreSQL twin); on PostgreSQL they are left out of the run (deselected, and
    counted as such), not skipped: CI runs on PostgreSQL only, where REQUIRE_SERVICES turns
    every skip into a failure."""
    if not on_postgresql():
        return
    left_out = [item for item in items if item.get_closest_marker("sqlite_only")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("sqlite_only")]


@pytest.fixture
def require_postgresql() -> None:
    if not on_postgresql():
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def shared_redis_url() -> str:
    """The machine's Redis named by REDIS_URL (CI); tests never stop it."""
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (set REDIS_URL)")
    return settings.CELERY_BROKER_URL


@pytest.fixture
def no_ffmpeg(monkeypatch, settings, tmp_path):
    """No ffmpeg anywhere the portal looks: FFMPEG_BINARY unset, an empty PATH, and
    imageio-ffmpeg not importable (humas_portal.uploads.ffmpeg_binary)."""
    folder = tmp_path / "empty-path"
    folder.mkdir()
    settings.FFMPEG_BINARY = ""
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError("nothing listens on 127.0.0.1:%d" % port)


class OwnRedis:
    """A redis-server owned by one test, on a free loopback port, stopped by PID."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return "redis://127.0.0.1:%d/0" % self.port

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--bind", "127.0.0.1", "--port", str(self.port),
                "--save", "", "--appendonly", "no", "--dir", str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("needs the redis-server binary")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def current_database_name() -> str:
    """The database the test run uses (what a worker process must be pointed at)."""
    from django.db import connection

    return connection.settings_dict["NAME"]


@pytest.fixture
def worker_process(tmp_path):
    """Start real Celery worker processes; each is stopped (by PID) at the end of the test."""
    started: list[subprocess.Popen] = []

    def start(
        *,
        broker_url: str,
        transport_options: dict | None = None,
        concurrency: int = 1,
        extra_env: dict[str, str] | None = None,
    ):
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "CELERY_")) and key != "REDIS_URL"
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tests.worker_settings",
            PORTAL_TEST_DATABASE=str(current_database_name()),
            PORTAL_TEST_BROKER_URL=broker_url,
            PORTAL_TEST_BROKER_OPTIONS=json.dumps(transport_options or {}),
            PORTAL_VAR_DIR=str(tmp_path / "worker-var"),
            # The test's own keys: what it encrypts, the worker can read (humas_portal.crypto).
            PORTAL_ENCRYPTION_KEYS=",".join(settings.ENCRYPTION_KEYS),
            PYTHONPATH=str(ROOT),
            **(extra_env or {}),
        )
        log = (tmp_path / ("worker-%d.log" % len(started))).open("wb")
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "humas_portal", "worker",
                "--loglevel", "INFO", "--concurrency", str(concurrency), "--pool", "prefork",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        process.log_path = log.name
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def smtp_sink():
    """A real SMTP server on loopback (aiosmtpd) that tests can make refuse, fail or stall."""
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_settings(settings, smtp_sink):
    """Point this process's e-mail at the sink (pytest-django swaps in locmem otherwise)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return smtp_sink


TRANSPORT_FOR_REDIS = "humas_portal.broker:Transport"


@pytest.fixture
def celery_broker():
    """Publish this process's tasks to another broker (e.g. a test-owned redis-server)."""
    from kombu import pools

    from humas_portal.celery import app

    original = (
        app.conf.broker_url,
        dict(app.conf.broker_transport_options or {}),
        app.conf.broker_transport,
    )

    def reset_pools() -> None:
        # Celery caches its connection and producer pools; drop them so the next publish
        # connects to the broker now configured. kombu keeps the pools in a process-wide
        # registry keyed by the broker's address: closing the app's pool alone left it there,
        # closed, for the next test whose broker got the same address (a test Redis on a port
        # freed and drawn again), whose publish then failed with "Acquire on closed pool".
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    def use(url: str, transport_options: dict | None = None) -> None:
        reset_pools()
        app.conf.broker_url = url
        app.conf.broker_transport_options = transport_options or {}
        # A named transport overrides the URL's scheme: the portal's Redis one only for Redis.
        app.conf.broker_transport = TRANSPORT_FOR_REDIS if url.startswith("redis://") else None

    yield use
    reset_pools()
    app.conf.broker_url, app.conf.broker_transport_options, app.conf.broker_transport = original


# --- Browser --------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _connections_closed_before_playwright():
    """From the moment Playwright starts its event loop in this thread, the ORM keeps this
    thread's connections in another (async context) slot. Those opened before would stay open,
    out of reach of every test's teardown, until the end of the run: on SQLite they keep
    this process's hold on the test database's locks as it was, whatever happens to them."""
    from django.db import connections

    connections.close_all()


@pytest.fixture(scope="session")
def playwright(_connections_closed_before_playwright, playwright):
    # pytest-playwright's own fixture, set up after the one above (arguments set up in order).
    return playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Chromium at /usr/bin/chromium (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
