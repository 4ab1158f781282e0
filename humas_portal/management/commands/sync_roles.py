from django.core.management.base import BaseCommand

from humas_portal.roles import roles_sync


class Command(BaseCommand):
    help = "Create the staff roles and give each exactly the permissions in humas_portal/roles.py."

    def handle(self, *args, **options) -> None:
        roles = roles_sync()
        self.stdout.write(self.style.SUCCESS("Roles in sync: %s." % ", ".join(roles)))
