import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a superuser with a random password, printed once, unless one exists."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options) -> None:
        user_model = get_user_model()
        existing = user_model.objects.filter(is_superuser=True).order_by("pk").first()
        if existing is not None:
            self.stdout.write(
                "A superuser exists already (its password was shown when it was created; "
                "reset it with: manage.py changepassword %s)." % existing.get_username()
            )
            return
        password = secrets.token_urlsafe(15)
        user_model.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.WARNING(
                "Superuser created — username: %s  password: %s  (shown only this once)"
                % (username, password)
            )
        )
