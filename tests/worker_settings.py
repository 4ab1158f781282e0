"""Settings for Celery worker processes started by tests: the test database and the broker
that the test chose, passed in the environment by the worker_process fixture."""

import json
import os

from humas_portal.settings import *  # noqa: F403
from humas_portal.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["PORTAL_TEST_DATABASE"]
CELERY_BROKER_URL = os.environ["PORTAL_TEST_BROKER_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(os.environ["PORTAL_TEST_BROKER_OPTIONS"])
# The transport production uses with Redis (settings.py); others are named by the URL.
CELERY_BROKER_TRANSPORT = (
    "humas_portal.broker:Transport" if CELERY_BROKER_URL.startswith("redis://") else None
)
