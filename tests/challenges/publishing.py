"""Challenges in a given state for the catalogue's tests, made directly (the lifecycle has its own tests in
test_services.py)."""

import datetime

from django.utils import timezone

from challenges.models import Challenge
from tests.factories import ParticipantFactory


def made_challenge(
    participant=None,
    *,
    status=Challenge.Status.PUBLISHED,
    themes=(),
    goals=(),
    days_ago: int = 0,
    **fields,
) -> Challenge:
    """A challenge of `participant` (a new one by default) in `status`, published `days_ago` days ago."""
    fields.setdefault("title", "Hvordan kan vi gjøre noe nytt?")
    fields.setdefault("summary", "En kort oppsummering.")
    public = status in Challenge.PUBLIC_STATUSES
    challenge = Challenge.objects.create(
        participant=participant or ParticipantFactory(),
        status=status,
        published_at=timezone.now() - datetime.timedelta(days=days_ago) if public else None,
        closed_at=timezone.now() if status == Challenge.Status.CLOSED else None,
        **fields,
    )
    challenge.themes.set(themes)
    challenge.goals.set(goals)
    return challenge
