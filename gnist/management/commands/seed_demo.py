from django.conf import settings
from django.core.management.base import BaseCommand

from gnist.pagecache import bump_content_version
from gnist.seeding import SeedContext, seed_steps


class Command(BaseCommand):
    help = (
        "Load the real reference data (municipalities, rounds, participants) and demo content. "
        "Idempotent: safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help="Create the demo accounts (password gnist-demo) even though DEBUG is off.",
        )

    def handle(self, *args, allow_demo_accounts, **options):
        """Run every registered seed step in order with one shared context, then print what they reported."""
        ctx = SeedContext(demo_accounts=settings.DEBUG or allow_demo_accounts)
        for step in seed_steps():
            step(ctx)
        bump_content_version()
        for message in ctx.messages:
            self.stdout.write(message)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
