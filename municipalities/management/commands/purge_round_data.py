from django.core.management.base import BaseCommand
from django.utils import timezone

from municipalities import services


class Command(BaseCommand):
    help = (
        "Purge the application data of every round past its retention date, as the daily Celery task does: "
        "drafts and attachments deleted, applications that were not selected blanked."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be purged; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        rounds = services.rounds_due_for_purge(now=now)
        if not rounds:
            self.stdout.write("No round is past its retention date.")
        for round_ in rounds:
            purge = services.purge_round_data(round_, now=now, dry_run=dry_run)
            self.stdout.write(purge.describe(dry_run=dry_run))
