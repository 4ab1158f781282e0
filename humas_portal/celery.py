"""The Celery application. Its settings live in settings.py under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humas_portal.settings")

app = Celery("humas_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _check_database_on_worker_start(**kwargs) -> None:
    # A worker that cannot reach the database would accept tasks only to fail them all.
    from humas_portal.startup import check_database

    check_database()
