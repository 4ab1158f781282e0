"""Configuration: production passes Django's deployment checks; bad configuration fails at
start with one clear line and exit status 2."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management.utils import get_random_secret_key

from humas_portal.settings import REQUIRED_IN_PRODUCTION
from tests.conftest import ROOT, free_port

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_ALLOWED_HOSTS": "portal.example.go.id",
    "PORTAL_BASE_URL": "https://portal.example.go.id",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.go.id",
    "DJANGO_ADMIN_URL": "kelola-4f9c2a/",
    "PORTAL_ENCRYPTION_KEYS": "%s,%s"
    % (Fernet.generate_key().decode(), Fernet.generate_key().decode()),
}


def manage(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "CELERY_"))
        and key not in ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_production_passes_deploy_checks_at_warning_level():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": get_random_secret_key()},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_mode_shows_what_production_would_fix():
    """The check above is not vacuous: outside production the same checks do warn."""
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={"DJANGO_ENV": "development"}
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS


@pytest.mark.parametrize("missing", REQUIRED_IN_PRODUCTION)
def test_production_without_a_required_variable_fails_clearly(missing):
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": get_random_secret_key()}
    env.pop(missing)
    result = manage("check", env=env)
    assert_one_clear_line(result, missing)


def test_a_secret_key_starting_with_a_dollar_is_taken_as_written():
    # Django's own generator starts a key with "$" once in 50; django-environ would read it
    # as the name of another variable.
    key = "$" + get_random_secret_key()
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": key},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == key


def test_encryption_keys_are_read_newest_first():
    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(*settings.ENCRYPTION_KEYS)",
        env={
            **PRODUCTION_ENV,
            "DJANGO_SECRET_KEY": get_random_secret_key(),
            "PORTAL_ENCRYPTION_KEYS": " %s , %s " % (new, old),
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [new, old]
    # The values never appear in an error either.
    broken = manage("check", env={"PORTAL_ENCRYPTION_KEYS": new + ",kunci-rahasia"})
    assert_one_clear_line(broken, "PORTAL_ENCRYPTION_KEYS")
    assert new not in broken.stderr
    assert "kunci-rahasia" not in broken.stderr


def test_development_generates_the_encryption_key_once(tmp_path):
    script = "from django.conf import settings; print(*settings.ENCRYPTION_KEYS)"
    first = manage("shell", "--no-imports", "-c", script, env={"PORTAL_VAR_DIR": str(tmp_path)})
    second = manage("shell", "--no-imports", "-c", script, env={"PORTAL_VAR_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "encryption_key"
    assert first.stdout.split() == second.stdout.split() == [key_file.read_text()]
    assert key_file.stat().st_mode & 0o777 == 0o600
    Fernet(key_file.read_text())


def test_production_without_secret_key_fails_clearly():
    result = manage("migrate", env=PRODUCTION_ENV)
    assert_one_clear_line(result, "DJANGO_SECRET_KEY")


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV"),
        ({"DATABASE_URL": "mysql://root@127.0.0.1/portal"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://127.0.0.1:6379/0"}, "REDIS_URL"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/zero"}, "REDIS_URL"),
        ({"PORTAL_BASE_URL": "portal.example.go.id"}, "PORTAL_BASE_URL"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
        ({"CELERY_TASK_TIME_LIMIT": "180"}, "WORKER_HEARTBEAT_MAX_AGE"),
        ({"OFFICE_TIME_ZONE": "Asia/Jakata"}, "OFFICE_TIME_ZONE"),
        ({"OFFICE_TIME_ZONE": "WITA"}, "OFFICE_TIME_ZONE"),
        ({"PORTAL_ENCRYPTION_KEYS": "kunci-rahasia"}, "PORTAL_ENCRYPTION_KEYS"),
        (
            {"PORTAL_ENCRYPTION_KEYS": Fernet.generate_key().decode() + ",x"},
            "PORTAL_ENCRYPTION_KEYS",
        ),
    ],
)
def test_broken_values_fail_clearly(env, fragment):
    result = manage("check", env=env)
    assert_one_clear_line(result, fragment)


def test_the_office_time_zone_sets_djangos_and_celerys():
    script = "from django.conf import settings; print(settings.TIME_ZONE, settings.CELERY_TIMEZONE)"
    default = manage("shell", "--no-imports", "-c", script, env={})
    assert default.stdout.split() == ["Asia/Jakarta", "Asia/Jakarta"], default.stderr
    wita = manage("shell", "--no-imports", "-c", script, env={"OFFICE_TIME_ZONE": "Asia/Makassar"})
    assert wita.stdout.split() == ["Asia/Makassar", "Asia/Makassar"], wita.stderr


def test_unreachable_database_fails_clearly():
    # Nothing listens on a fresh free port, so the connection is refused at once.
    url = "postgres://postgres@127.0.0.1:%d/portal" % free_port()
    result = manage("migrate", env={"DATABASE_URL": url})
    assert_one_clear_line(result, "database does not answer")
    assert "127.0.0.1" in result.stderr


def test_worker_with_unreachable_database_fails_clearly(tmp_path):
    url = "postgres://postgres@127.0.0.1:%d/portal" % free_port()
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "CELERY_")) and key != "REDIS_URL"
    }
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "humas_portal", "worker", "--pool", "solo"],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": url, "PORTAL_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    error_lines = [line for line in result.stderr.splitlines() if "Configuration error" in line]
    assert len(error_lines) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_worker_with_broken_configuration_fails_clearly(tmp_path):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "CELERY_"))
    }
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "humas_portal", "worker", "--pool", "solo"],
        cwd=ROOT,
        env={**clean, "DJANGO_ENV": "production", "PORTAL_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if line.startswith("Configuration")
    ]


def test_database_health_checks_are_off_unless_asked_for():
    # Each is a SELECT 1 per request (docs/PERFORMANCE.md, "Database connections").
    script = "from django.conf import settings; print(settings.DATABASES['default'])"
    url = {"DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal"}
    default = manage("shell", "--no-imports", "-c", script, env=url)
    assert "'CONN_HEALTH_CHECKS': False" in default.stdout, default.stderr
    asked = manage(
        "shell", "--no-imports", "-c", script, env={**url, "DATABASE_CONN_HEALTH_CHECKS": "true"}
    )
    assert "'CONN_HEALTH_CHECKS': True" in asked.stdout, asked.stderr
