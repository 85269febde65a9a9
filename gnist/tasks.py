"""Celery tasks shared by the portal. Tasks stay thin: ids in, the work happens in a service module."""

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.utils import timezone

from gnist import mail

logger = logging.getLogger(__name__)

# Exponential backoff with full jitter: up to 30 s, 1, 2, 4 … minutes, at most 30 minutes between tries.
RETRY_BACKOFF = 30
RETRY_BACKOFF_MAX = 30 * 60


@shared_task(bind=True, max_retries=6, acks_late=True)
def send_email(self, *, email_id: int) -> None:
    """Send one outbox row; any error is retried with backoff, and the last one leaves the row `failed`.

    The countdown is chosen before the attempt so `deliver` can note on the row when the retry is due (what
    tells a waiting retry from a lost task, see `mail.requeue_stuck`).
    """
    retry_in = get_exponential_backoff_interval(
        factor=RETRY_BACKOFF, retries=self.request.retries, maximum=RETRY_BACKOFF_MAX, full_jitter=True
    )
    final_attempt = self.request.retries >= self.max_retries
    try:
        mail.deliver(email_id=email_id, final_attempt=final_attempt, retry_in=retry_in)
    except Exception as exc:
        if final_attempt:
            raise
        raise self.retry(exc=exc, countdown=retry_in) from exc


@shared_task(acks_late=True)
def requeue_stuck_emails() -> None:
    """Every few minutes (CELERY_BEAT_SCHEDULE): send again the e-mails whose send task was lost."""
    mail.requeue_stuck(now=timezone.now())


@shared_task(acks_late=True)
def blank_old_email_bodies() -> None:
    """Nightly (CELERY_BEAT_SCHEDULE): blank outbox bodies older than GNIST_OUTBOX_RETENTION_DAYS."""
    mail.blank_old_bodies(now=timezone.now())
