from django.core.management.base import BaseCommand

from humas_portal.demo_content import demo_seeders


class Command(BaseCommand):
    help = "Load realistic demo content (Bawaslu Kabupaten Jember). Safe to run again."

    def handle(self, *args, **options) -> None:
        # Each app registers its seeder, with its place in dependency order, in its ready().
        for entry in demo_seeders():
            entry.seeder()
            self.stdout.write("  %s" % entry.name)
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
