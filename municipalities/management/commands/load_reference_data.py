from django.core.management.base import BaseCommand

from gnist.pagecache import bump_content_version
from municipalities.reference_data import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the programme's real reference data: counties, municipalities, themes, rounds 1-4 and their "
        "participants. Idempotent; run it in production after migrating. Creates no people."
    )

    def handle(self, *args, **options):
        report = load_reference_data()
        bump_content_version()
        self.stdout.write(report)
