"""Celery tasks of the challenges app: thin, keyword-only ids, the work is in `challenges.alerts` and
`challenges.similar`."""

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from challenges import alerts, similar
from challenges.models import Challenge

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5, acks_late=True)
def send_challenge_alerts(self, *, challenge_id: int) -> None:
    """After a challenge is published: e-mail the people with alerts at once (each e-mail keyed: no twice)."""
    challenge = Challenge.objects.filter(pk=challenge_id).first()
    if challenge is None:
        logger.info("Challenge %s is gone; no alerts to send.", challenge_id)
        return
    alerts.send_challenge_alerts(challenge)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5, acks_late=True)
def send_weekly_digests(self) -> None:
    """Weekly (CELERY_BEAT_SCHEDULE): the digest of new matching challenges; a second run sends nothing."""
    alerts.send_weekly_digests(now=timezone.now())


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5, acks_late=True)
def update_similar_challenges(self, *, challenge_id: int) -> None:
    """After a challenge is created, saved or published: its similar challenges, and when it is public (or
    gone) everyone's, since the catalogue changed. Idempotent: a repeat writes nothing."""
    challenge = Challenge.objects.filter(pk=challenge_id).only("status").first()
    if challenge is None:
        logger.info("Challenge %s is gone; recomputing every list without it.", challenge_id)
    if challenge is None or challenge.is_public:
        similar.update_similar_challenges()
    else:
        similar.update_similar_challenges(only=[challenge_id])
