"""The portal's settings plus the test-only registry app, for a fresh process (a Celery beat
start, say): ready() runs once per process, so only a new process shows registration at start."""

from humas_portal.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.registry_app"]  # noqa: F405
