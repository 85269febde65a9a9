from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from gnist.management.seed import SEED_STEPS, SeedContext


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
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Add N times more generated content for benchmarks (idempotent for the same N).",
        )

    def handle(self, *args, scale, allow_demo_accounts, **options):
        """Run every step in SEED_STEPS in order with one shared context, then print what they reported."""
        ctx = SeedContext(scale=max(scale, 0), demo_accounts=settings.DEBUG or allow_demo_accounts)
        for path in SEED_STEPS:
            import_string(path)(ctx)
        for message in ctx.messages:
            self.stdout.write(message)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
