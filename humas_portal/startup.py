"""Turn start-up failures into one clear line and exit status 2, not a traceback wall."""

import sys

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections


def _fail(message: str) -> None:
    sys.stderr.write("Configuration error: %s\n" % message)
    raise SystemExit(2)


def database_unreachable_reason(exc: BaseException) -> str:
    # The driver's first line names host and port but never the password.
    return (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]


def check_database() -> None:
    """Fail fast when the configured database does not answer."""
    try:
        connections["default"].ensure_connection()
    except DatabaseError as exc:
        _fail("the database does not answer (DATABASE_URL): %s" % database_unreachable_reason(exc))


def run_command_line(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    except DatabaseError as exc:
        if connections["default"].connection is not None:
            raise
        _fail("the database does not answer (DATABASE_URL): %s" % database_unreachable_reason(exc))
