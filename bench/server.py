"""The setup the bench measures: its databases and Redis, migrate, seed_demo, gunicorn."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2

# What the bench looks for when the caller names no server: the local defaults of a developer
# machine. Redis databases 14 (broker) and 15 (cache) are left alone by the portal's own
# configuration (0/1) and by the test suite.
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/bench"
LOCAL_REDIS = "redis://127.0.0.1:6379/14"
ARCHIVE_SUFFIX = "_archive"


class SetupError(Exception):
    """The bench could not prepare or start what it measures (exit status 2)."""


def database_refusal() -> str | None:
    """Why the caller's DATABASE_URL must not be used, or None if it may be."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return None
    name = urlsplit(url).path.lstrip("/")
    if name.startswith("bench"):
        return None
    return (
        "bench: DATABASE_URL names the database %r; the bench writes to its database (migrate, "
        "seed_demo), so it only uses one whose name starts with 'bench'. Unset DATABASE_URL to "
        "run on a throw-away SQLite file." % name
    )


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def archive_database_url(url: str) -> str:
    """The archive size's database next to the demo one: bench -> bench_archive."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + database_name(url) + ARCHIVE_SUFFIX))


@dataclass(frozen=True)
class Mode:
    """Where the bench's data lives: ``services`` (PostgreSQL + Redis) or ``embedded``."""

    name: str  # "services" or "embedded"
    source: str  # "caller" (DATABASE_URL/REDIS_URL set), "detected" (local servers) or "none"
    database_url: str  # the demo size's database; the archive's is archive_database_url()
    redis_url: str

    def database_urls(self) -> dict[str, str]:
        if not self.database_url:
            return {"demo": "", "archive": ""}
        return {"demo": self.database_url, "archive": archive_database_url(self.database_url)}

    def describe(self) -> str:
        if self.name == "embedded":
            return (
                "embedded mode: SQLite files in the temporary directory, local-memory cache, "
                "filesystem broker"
            )
        urls = self.database_urls()
        return "PostgreSQL databases %r and %r, Redis %s (%s)" % (
            database_name(urls["demo"]),
            database_name(urls["archive"]),
            self.redis_url,
            "named by the caller" if self.source == "caller" else "found on 127.0.0.1",
        )

    def as_json(self) -> dict:
        urls = self.database_urls()
        return {
            "name": self.name,
            "source": self.source,
            "databases": {size: database_name(url) for size, url in urls.items()},
            "redis": self.redis_url,
        }


def mode_detect(
    environ: Mapping[str, str],
    postgres_answers: Callable[[str], bool],
    redis_answers: Callable[[str], bool],
) -> Mode:
    """The caller's DATABASE_URL and REDIS_URL when both are set; else local PostgreSQL and
    Redis when both answer; else the embedded mode. (database_refusal() has vetted the name.)"""
    database_url = environ.get("DATABASE_URL", "")
    redis_url = environ.get("REDIS_URL", "")
    if database_url and redis_url:
        return Mode("services", "caller", database_url, redis_url)
    if database_url or redis_url:
        # Half a production stack is neither what production runs nor the embedded mode.
        raise SetupError("set both DATABASE_URL and REDIS_URL, or neither")
    if postgres_answers(LOCAL_POSTGRES) and redis_answers(LOCAL_REDIS):
        return Mode("services", "detected", LOCAL_POSTGRES, LOCAL_REDIS)
    return Mode("embedded", "none", "", "")


def postgres_answers(url: str) -> bool:
    """Whether the server of ``url`` accepts a connection (to its maintenance database)."""
    import psycopg2

    try:
        psycopg2.connect(_maintenance_dsn(url), connect_timeout=2).close()
    except psycopg2.Error:
        return False
    return True


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _maintenance_dsn(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def database_ensure(url: str) -> bool:
    """Create the database of ``url`` if it does not exist; True if it was created."""
    import psycopg2
    from psycopg2 import sql

    name = database_name(url)
    try:
        connection = psycopg2.connect(_maintenance_dsn(url), connect_timeout=5)
    except psycopg2.Error as exc:
        raise SetupError("cannot connect to PostgreSQL for %r: %s" % (name, exc)) from exc
    connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return False
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    except psycopg2.Error as exc:
        raise SetupError("cannot create the database %r: %s" % (name, exc)) from exc
    finally:
        connection.close()


def child_environment(
    var_dir: Path,
    base_url: str,
    database_url: str,
    redis_url: str,
    page_cache: bool = True,
) -> dict[str, str]:
    env = dict(os.environ)
    # The command line below is the whole server configuration; nothing is added from outside.
    env.pop("GUNICORN_CMD_ARGS", None)
    env.update(
        DJANGO_SETTINGS_MODULE="humas_portal.settings",
        DJANGO_ENV="development",
        DJANGO_DEBUG="false",
        PORTAL_VAR_DIR=str(var_dir),
        MEDIA_ROOT=str(var_dir / "media"),
        PORTAL_BASE_URL=base_url,
        DJANGO_ALLOWED_HOSTS=HOST,
        # Set even when empty: real variables win over .env, so a server named only in .env
        # is never touched. A caller's own DATABASE_URL has passed database_refusal().
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        # The page cache of issue 14 (read by the settings as PAGE_CACHE_ENABLED); the bench
        # runs one server with it and one without, on the same data.
        PORTAL_PAGE_CACHE="true" if page_cache else "false",
        EMAIL_HOST="",
        LOG_LEVEL="INFO",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise SetupError(
            "manage.py %s failed (exit %d):\n%s%s"
            % (" ".join(args), result.returncode, result.stdout, result.stderr)
        )


RESULT_PREFIX = "BENCH-RESULT "


def result_line(stdout: str, what: str, log: str = "") -> dict:
    """The JSON of the last ``BENCH-RESULT {json}`` line a bench child process printed."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    raise SetupError("%s printed no result:\n%s\n%s" % (what, stdout[-2000:], log))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn",
        # The shipped config, as production runs it (no access log, no recycling); the bind
        # and the worker count below override its own, and a stray ./gunicorn.conf.py is
        # never read.
        "--config", str(BASE_DIR / "deploy" / "gunicorn.conf.py"),
        "--bind", "%s:%d" % (HOST, port),
        "--workers", str(WORKERS),
        "--worker-class", "sync",
        "humas_portal.wsgi:application",
    ]  # fmt: skip


class Gunicorn:
    """The server under test, started by ``start`` and always stopped by ``stop``."""

    def __init__(self, env: dict[str, str], port: int, log_path: Path) -> None:
        self.env = env
        self.port = port
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> None:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                gunicorn_command(self.port),
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetupError(
                    "gunicorn exited (status %d):\n%s" % (self.process.returncode, self.log_tail())
                )
            if self._answers():
                return
            time.sleep(0.1)
        raise SetupError("gunicorn did not answer within %d s:\n%s" % (timeout, self.log_tail()))

    def _answers(self) -> bool:
        connection = HTTPConnection(HOST, self.port, timeout=2)
        try:
            connection.request("GET", "/robots.txt")
            return connection.getresponse().status == 200
        except (OSError, HTTPException):
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        # SIGTERM lets the master stop its workers; SIGKILL only if it does not within 10 s.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])
