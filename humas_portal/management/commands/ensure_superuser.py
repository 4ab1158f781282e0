import os
import secrets
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


def changepassword_command(username: str) -> str:
    """The exact command that changes ``username``'s password, as typed where make runs."""
    python = os.path.relpath(sys.executable)
    return "%s manage.py changepassword %s" % (python, username)


def superuser_ensure(*, username: str) -> tuple[str, str | None]:
    """Create a superuser with a random password unless one exists.

    Returns the superuser's username and the new password, or None as the password when a
    superuser existed already (its password is not known here).
    """
    user_model = get_user_model()
    existing = user_model.objects.filter(is_superuser=True).order_by("pk").first()
    if existing is not None:
        return existing.get_username(), None
    password = secrets.token_urlsafe(15)
    user_model.objects.create_superuser(username=username, email="", password=password)
    return username, password


class Command(BaseCommand):
    help = "Create a superuser with a random password, printed once, unless one exists."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options) -> None:
        username, password = superuser_ensure(username=username)
        if password is None:
            self.stdout.write(
                "A superuser exists already (its password was shown when it was created; "
                "change it with: %s)." % changepassword_command(username)
            )
            return
        self.stdout.write(
            self.style.WARNING(
                "Superuser created — username: %s  password: %s  (shown only this once)"
                % (username, password)
            )
        )
