"""The Celery application. Its settings live in settings.py under the CELERY_ namespace; the
beat schedule comes from the apps' registrations (humas_portal/periodic.py)."""

import os

from celery import Celery
from celery.signals import import_modules, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humas_portal.settings")

app = Celery("humas_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@import_modules.connect(sender=app)
def _beat_schedule_from_registry(sender, **kwargs) -> None:
    # Worker and beat send import_modules when they start, before beat builds its scheduler
    # (the only time it reads the schedule). Celery's Django fixup, connected when the app was
    # made and so called first, has run django.setup() by now: every ready() has registered.
    # The check keeps this true should that order ever change.
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from humas_portal.periodic import beat_schedule

    sender.conf.beat_schedule = beat_schedule()


@worker_init.connect
def _check_database_on_worker_start(**kwargs) -> None:
    # A worker that cannot reach the database would accept tasks only to fail them all.
    from humas_portal.startup import check_database

    check_database()
