"""Celery tasks shared by the portal. Tasks stay thin: ids in, the work happens in a service module."""

import logging
from smtplib import SMTPException

from celery import shared_task

from gnist import mail

logger = logging.getLogger(__name__)


# SMTPException is an OSError; both are named so the intent (network and SMTP trouble is worth a retry) reads.
@shared_task(
    bind=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
)
def send_email(self, *, email_id: int) -> None:
    mail.deliver(email_id=email_id, final_attempt=self.request.retries >= self.max_retries)
