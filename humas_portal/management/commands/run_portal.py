"""`make run`: the web server, a Celery worker and Celery beat in one console.

The console ends with one box: where the site and the admin are, and the admin's password when
it was just created. The servers' output passes through this command, line by line, so the box
can wait until each has said it is ready and their start-up output has settled; otherwise it
scrolls away under their banners.

A worker or beat that exits is started again after a pause that doubles with each exit in a
row (1 s up to 30 s), as systemd's Restart=always does in production: the worker can exit on
a broker outage (docs/OPERATIONS.md), and mail must not stop until someone notices. The web
server exiting stops all three, as before: that is what a developer sees at once.

Ctrl-C stops all three and `make run` ends with status 0. The terminal sends SIGINT to its
whole foreground process group, make included, and make answers any SIGINT with
"make: *** [run] Interrupt" and status 130 whatever its recipe does; so this command moves
itself and the servers into a process group of their own and makes it the terminal's
foreground group while it runs, then gives the terminal back to make.
"""

import contextlib
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import BaseCommand

from humas_portal.checks import FFMPEG_HINT, FFMPEG_MISSING
from humas_portal.management.commands.ensure_superuser import (
    changepassword_command,
    superuser_ensure,
)
from humas_portal.uploads import video_evidence_accepted

logger = logging.getLogger(__name__)

# The line each server writes once it serves (runserver, celery worker, celery beat).
READY = {
    "web": re.compile(rb"^Quit the server with "),
    "worker": re.compile(rb"\bcelery@\S+ ready\.$"),
    "beat": re.compile(rb"\bbeat: Starting\.\.\.$"),
}
READY_TIMEOUT = 60.0
# After the last server is ready, the worker still logs the tasks queued while it was away
# (the demo's e-mails); the box waits for this long a pause, at most SETTLE_MAX seconds.
QUIET = 1.5
SETTLE_MAX = 15.0
# Restarting a worker or beat that exited: the first pause, its cap, and how long a server must
# have run for its next exit to count as a first one again.
RESTART_DELAY = 1.0
RESTART_DELAY_MAX = 30.0
RESTART_RESET_AFTER = 60.0
RESTARTED = ("worker", "beat")


def _stop_on_sigterm(signum, frame) -> None:
    # Treat `kill` like Ctrl-C, so the children are stopped too.
    raise KeyboardInterrupt


def _terminal_take() -> Callable[[], None] | None:
    """Make a new process group of this process the terminal's foreground group, so that
    Ctrl-C reaches it (and the servers it starts) but not make. Returns what gives the terminal
    back, or None when there is no terminal or this runs in the background."""
    try:
        terminal = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        return None
    previous = os.getpgrp()
    try:
        if os.tcgetpgrp(terminal) != previous:
            os.close(terminal)
            return None
    except OSError:
        os.close(terminal)
        return None

    def foreground(group: int) -> None:
        # A process outside the foreground group that sets it gets SIGTTOU (a stop) otherwise.
        handler = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        try:
            os.tcsetpgrp(terminal, group)
        finally:
            signal.signal(signal.SIGTTOU, handler)

    if previous != os.getpid():  # a group leader (started by hand from a shell) has its own
        os.setpgid(0, 0)
    foreground(os.getpgrp())
    # Ctrl-Z would stop this group, but the shell's job is make's group: it would neither see
    # the stop nor send the group a SIGCONT on `fg`, and the terminal would hang. So Ctrl-Z is
    # ignored here and by the servers, which inherit the setting.
    signal.signal(signal.SIGTSTP, signal.SIG_IGN)

    def give_back() -> None:
        with contextlib.suppress(OSError):  # make is gone already: nobody to give it to
            foreground(previous)
        os.close(terminal)

    return give_back


class _Relay:
    """Copies each server's output to this console, a line at a time, and notes when each
    has said it is ready and when anything was last written."""

    def __init__(self, processes: dict[str, subprocess.Popen]) -> None:
        self.ready = {name: threading.Event() for name in processes}
        self.last_output = time.monotonic()
        self._lock = threading.Lock()
        self._out = sys.stdout.buffer
        self.threads: list[threading.Thread] = []
        for name, process in processes.items():
            self.follow(name, process)

    def follow(self, name: str, process: subprocess.Popen) -> None:
        """Copy the output of this (new or restarted) server."""
        thread = threading.Thread(target=self._copy, args=(name, process), daemon=True)
        self.threads.append(thread)
        thread.start()

    def _copy(self, name: str, process: subprocess.Popen) -> None:
        for line in iter(process.stdout.readline, b""):
            with self._lock:
                self._out.write(line)
                self._out.flush()
                self.last_output = time.monotonic()
            if READY[name].search(line.rstrip(b"\r\n")):
                self.ready[name].set()

    def write(self, text: str) -> None:
        with self._lock:
            self._out.write(text.encode())
            self._out.flush()

    def settled(self, started: float) -> bool:
        """Every server is ready and all has been quiet for a moment, or it is time anyway."""
        waited = time.monotonic() - started
        if not all(event.is_set() for event in self.ready.values()):
            return waited > READY_TIMEOUT
        return time.monotonic() - self.last_output > QUIET or waited > READY_TIMEOUT + SETTLE_MAX


def _box(lines: list[str]) -> str:
    width = max(len(line) for line in lines)
    rule = "+" + "-" * (width + 4) + "+"
    body = ["|  %s  |" % line.ljust(width) for line in lines]
    return "\n".join(["", rule, *body, rule, ""]) + "\n"


class Command(BaseCommand):
    help = (
        "Create the first superuser if there is none, then run the web server, a Celery worker "
        "and Celery beat together; Ctrl-C stops all three."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", default="8000")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--username", default="admin", help="of the superuser made on a first run"
        )

    def handle(self, *args, port: str, host: str, username: str, **options) -> None:
        if not video_evidence_accepted():
            logger.warning("%s %s", FFMPEG_MISSING, FFMPEG_HINT)
        username, password = superuser_ensure(username=username)
        give_back = _terminal_take()
        try:
            exit_code = self._serve(host, port, username, password)
        finally:
            if give_back is not None:
                give_back()
        sys.exit(exit_code)

    def _commands(self, host: str, port: str) -> dict[str, list[str]]:
        python = sys.executable
        return {
            "web": [python, "manage.py", "runserver", "--noreload", "%s:%s" % (host, port)],
            "worker": [
                python, "-m", "celery", "-A", "humas_portal", "worker",
                "--loglevel", "INFO", "--concurrency", "2",
                # The filesystem broker has no broadcast exchange for these.
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            "beat": [
                python, "-m", "celery", "-A", "humas_portal", "beat", "--loglevel", "INFO",
                "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ],
        }  # fmt: skip

    def _serve(self, host: str, port: str, username: str, password: str | None) -> int:
        commands = self._commands(host, port)
        # Unbuffered, so each line reaches the console when it is written, not at exit.
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}

        def start(name: str) -> subprocess.Popen:
            return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                commands[name], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
            )

        processes = {name: start(name) for name in commands}
        started_at = dict.fromkeys(commands, time.monotonic())
        exits_in_a_row = dict.fromkeys(commands, 0)
        restart_at: dict[str, float] = {}
        relay = _Relay(processes)
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        exit_code = 0
        started, box_shown = time.monotonic(), False
        try:
            while True:
                now = time.monotonic()
                for name, process in processes.items():
                    if name in restart_at or process.poll() is None:
                        continue
                    if name not in RESTARTED:
                        relay.write(
                            "%s stopped (exit %s); stopping the rest.\n"
                            % (name, process.returncode)
                        )
                        exit_code = process.returncode or 1
                        raise KeyboardInterrupt
                    if now - started_at[name] > RESTART_RESET_AFTER:
                        exits_in_a_row[name] = 0
                    delay = min(RESTART_DELAY_MAX, RESTART_DELAY * 2 ** exits_in_a_row[name])
                    exits_in_a_row[name] += 1
                    restart_at[name] = now + delay
                    logger.warning(
                        "%s stopped (exit %s); starting it again in %.0f s",
                        name,
                        process.returncode,
                        delay,
                    )
                for name, when in list(restart_at.items()):
                    if now >= when:
                        del restart_at[name]
                        processes[name] = start(name)
                        started_at[name] = now
                        relay.follow(name, processes[name])
                if not box_shown and relay.settled(started):
                    relay.write(self._welcome(host, port, username, password))
                    box_shown = True
                time.sleep(0.25)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + 10
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for thread in relay.threads:  # the servers' last words
                thread.join(timeout=2)
            if not box_shown and password is not None:
                # Stopped before the box: the new password must not be lost with it.
                relay.write(self._welcome(host, port, username, password, running=False))
        return exit_code

    def _welcome(
        self, host: str, port: str, username: str, password: str | None, *, running: bool = True
    ) -> str:
        base = "http://%s:%s/" % (host, port)
        lines = [
            "Portal Humas is running." if running else "Portal Humas stopped.",
            "",
            "site      %s" % base,
            "admin     %s%s" % (base, settings.DJANGO_ADMIN_URL),
            "username  %s" % username,
        ]
        if password is None:
            lines += [
                "password  (shown on the first run only)",
                "",
                "A superuser exists already. To change its password:",
            ]
        else:
            lines += [
                "password  %s" % password,
                "",
                "Note the password now: it is shown only this once. To change it:",
            ]
        lines += [
            "  %s" % changepassword_command(username),
        ]
        if running:
            lines += ["", "Ctrl-C stops the web server, the worker and beat."]
        return self.style.SUCCESS(_box(lines))
