"""Celery tasks of the municipalities app: thin, keyword-only ids, the work is in services."""

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from municipalities import services
from municipalities.models import Round

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def purge_expired_rounds() -> None:
    """Daily (CELERY_BEAT_SCHEDULE): queue the purge of every round whose retention date has passed."""
    for round_ in services.rounds_due_for_purge(now=timezone.now()):
        purge_round.delay(round_id=round_.pk)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5, acks_late=True)
def purge_round(self, *, round_id: int) -> None:
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        logger.info("Round %s is gone; nothing to purge.", round_id)
        return
    purge = services.purge_round_data(round_, now=timezone.now())
    logger.info(purge.describe())
