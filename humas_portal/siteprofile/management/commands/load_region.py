from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from humas_portal.siteprofile.models import Region
from humas_portal.siteprofile.services import region_load


class Command(BaseCommand):
    help = "Load one regency or city office's region (e.g. 35.09) from the official region codes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help="Kode kabupaten/kota, e.g. 35.09 (Jember) or 35.78")

    def handle(self, *args, code: str, **options) -> None:
        try:
            counts = region_load(office_code=code.strip())
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        labels = dict(Region.Level.choices)
        summary = ", ".join("%s %s" % (n, labels[level]) for level, n in counts.items())
        self.stdout.write(self.style.SUCCESS("Region %s loaded: %s." % (code, summary)))
