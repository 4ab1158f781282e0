"""The isolated setup the bench measures: a temporary var dir, migrate, seed_demo, gunicorn."""

import os
import signal
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2


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


def mode_description() -> str:
    database = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    parts = [
        "PostgreSQL database %r" % database if database else "embedded SQLite (temporary file)",
        "Redis cache and broker" if os.environ.get("REDIS_URL") else "LocMem cache",
    ]
    if not os.environ.get("REDIS_URL"):
        parts.append("filesystem broker")
    return ", ".join(parts)


def child_environment(var_dir: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    # The command line below is the whole server configuration; nothing is added from outside.
    env.pop("GUNICORN_CMD_ARGS", None)
    env.update(
        DJANGO_SETTINGS_MODULE="humas_portal.settings",
        DJANGO_ENV="development",
        DJANGO_DEBUG="false",
        PORTAL_VAR_DIR=str(var_dir),
        MEDIA_ROOT=str(var_dir / "media"),
        PORTAL_BASE_URL="http://%s:%d" % (HOST, port),
        DJANGO_ALLOWED_HOSTS=HOST,
        # Set even when empty: real variables win over .env, so a server named only in .env
        # is never touched. A caller's own DATABASE_URL has passed database_refusal().
        DATABASE_URL=os.environ.get("DATABASE_URL", ""),
        REDIS_URL=os.environ.get("REDIS_URL", ""),
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn",
        # An empty config: deploy/gunicorn.conf.py logs every request, which is not what we
        # measure, and a stray ./gunicorn.conf.py must not change the setup either.
        "--config", os.devnull,
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
