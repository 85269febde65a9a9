"""Rounds and challenges in a given state for the challenges' tests and the browser journeys, made directly
(the lifecycle has its own tests in test_services.py)."""

import datetime

from django.utils import timezone

from challenges.models import Challenge
from municipalities.models import Phase, Round
from tests.factories import ParticipantFactory, PhaseFactory, RoundFactory


def open_challenge_round() -> Round:
    """A round whose challenge and question phases are open now."""
    round_ = RoundFactory(number=910, title="Utfordringsrunde")
    now = timezone.now()
    PhaseFactory(
        round=round_,
        order=1,
        kind=Phase.Kind.CHALLENGES,
        opens_challenges=True,
        opens_questions=True,
        starts_at=now - datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=30),
    )
    return round_


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
