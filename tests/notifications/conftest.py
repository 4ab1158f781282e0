"""Fixtures shared by the outbox's fault tests (test_delivery.py, test_worker_faults.py)."""

import pytest

# Small, so that a row left "sending" by a killed worker is due again within the test.
SENDING_TIMEOUT = 3
# What production uses for its Redis broker (settings.py), minus nothing.
BROKER_OPTIONS = {"socket_timeout": 1.0, "socket_connect_timeout": 1.0, "visibility_timeout": 3600}


@pytest.fixture
def outbox_worker(own_redis, celery_broker, worker_process, settings):
    """This process publishes to a test-owned redis-server; start() runs a worker on it."""
    settings.NOTIFICATIONS_SENDING_TIMEOUT = SENDING_TIMEOUT
    celery_broker(own_redis.url, BROKER_OPTIONS)

    def start(smtp_port: int, **extra_env: str):
        return worker_process(
            broker_url=own_redis.url,
            transport_options=BROKER_OPTIONS,
            concurrency=1,
            extra_env={
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),
                "EMAIL_USE_TLS": "0",
                "EMAIL_TIMEOUT": "5",
                "NOTIFICATIONS_SENDING_TIMEOUT": str(SENDING_TIMEOUT),
                **extra_env,
            },
        )

    return start
