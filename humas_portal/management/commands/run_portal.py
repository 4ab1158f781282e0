import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def _stop_on_sigterm(signum, frame) -> None:
    # Treat `kill` like Ctrl-C, so the children are stopped too.
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all three."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", default="8000")
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port: str, host: str, **options) -> None:
        python = sys.executable
        commands = {
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
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}  # noqa: S603
        self.stdout.write(
            self.style.SUCCESS(
                "\nPortal Humas is running:\n  site   http://%s:%s/\n  admin  http://%s:%s/%s\n"
                "Press Ctrl-C to stop the web server, the worker and beat.\n"
                % (host, port, host, port, settings.DJANGO_ADMIN_URL)
            )
        )
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        exit_code = 0
        try:
            while True:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(
                            "%s stopped (exit %s); stopping the rest." % (name, process.returncode)
                        )
                        exit_code = process.returncode or 1
                        raise KeyboardInterrupt
                time.sleep(0.5)
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
        sys.exit(exit_code)
