from django.core.management.base import BaseCommand

from complaints.demo import seed_complaints
from humas_portal.notifications.demo import seed_subscriptions
from humas_portal.siteprofile.demo import seed_office
from media_forum.demo import seed_press
from news.demo import seed_news

# Each feature adds its own demo seeder here, in dependency order. Every seeder is idempotent:
# running seed_demo again leaves every count unchanged.
SEEDERS = [seed_office, seed_subscriptions, seed_press, seed_news, seed_complaints]


class Command(BaseCommand):
    help = "Load realistic demo content (Bawaslu Kabupaten Jember). Safe to run again."

    def handle(self, *args, **options) -> None:
        for seeder in SEEDERS:
            seeder()
            self.stdout.write("  %s.%s" % (seeder.__module__, seeder.__name__))
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
