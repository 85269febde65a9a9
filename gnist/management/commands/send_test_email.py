from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from gnist import mail


class Command(BaseCommand):
    help = "Queue a test e-mail through the portal's outbox and Celery, to check delivery end to end."

    def add_arguments(self, parser):
        parser.add_argument("address", help="Where to send the test e-mail.")

    def handle(self, *args, address, **options):
        try:
            validate_email(address)
        except ValidationError:
            raise CommandError(f"{address!r} is not an e-mail address.") from None
        email = mail.send_test_email(to=address)
        self.stdout.write(
            f"Queued test e-mail #{email.pk} to {address}; see its status in the admin (Outgoing e-mails)."
        )
