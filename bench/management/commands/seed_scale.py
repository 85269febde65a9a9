from django.core.management.base import BaseCommand

from bench.scale import seed_scale


class Command(BaseCommand):
    help = (
        "Add N times more generated content for the benchmark (after seed_demo). Idempotent for the same N. "
        "Only with DJANGO_SETTINGS_MODULE=bench.settings."
    )

    def add_arguments(self, parser):
        parser.add_argument("scale", type=int, metavar="N")

    def handle(self, *args, scale, **options):
        for message in seed_scale(max(scale, 0)):
            self.stdout.write(message)
