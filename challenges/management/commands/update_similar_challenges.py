from django.core.management.base import BaseCommand

from challenges.similar import update_similar_challenges


class Command(BaseCommand):
    help = (
        "Recompute every challenge's similar challenges (the site does it after each publication or edit). "
        "Idempotent; run it once after the migration that adds them, and after loading reference data."
    )

    def handle(self, *args, **options):
        changed = update_similar_challenges()
        self.stdout.write(f"Similar challenges: {changed} lists changed.")
