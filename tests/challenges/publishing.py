"""Rounds and challenges in a given state for the challenges' tests and the browser journeys, made directly
(the lifecycle has its own tests in test_services.py)."""

import datetime

from django.utils import timezone

from challenges.models import Challenge
from municipalities.models import OSLO, Phase, Round
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


# A writing phase that opens later, at a time of day: the reason names the moment.
LATER = datetime.datetime(2099, 3, 2, 9, 0, tzinfo=OSLO)


def lock(challenge: Challenge, how: str) -> None:
    """Put `challenge` (a draft of a round whose writing phase is open) in a state its staff cannot edit, as
    `how` (a key of LOCKED) says."""
    status = {
        "in review": Challenge.Status.IN_REVIEW,
        "closed": Challenge.Status.CLOSED,
        "published after the phase": Challenge.Status.PUBLISHED,
    }.get(how, challenge.status)
    Challenge.objects.filter(pk=challenge.pk).update(status=status)
    phases = challenge.participant.round.phases.all()
    if how.endswith("after the phase"):
        past = timezone.now() - datetime.timedelta(days=1)
        phases.update(starts_at=past - datetime.timedelta(days=30), ends_at=past)
    elif how == "before the phase":
        phases.update(starts_at=LATER, ends_at=LATER + datetime.timedelta(days=30))
    elif how == "no phase":
        phases.update(opens_challenges=False)


# What the challenge app says, in English, when it refuses an edit (challenges.permissions.why_not_editable).
# To a reader who is not on the team of `Castrup` (the participant fixture), and to a moderator:
NOT_ON_THE_TEAM = (
    "Only the team of Castrup can edit this challenge. If you work for the municipality, ask to join its "
    "team from the municipality's page, and one of its administrators approves you."
)
THE_TEAM_WRITES = (
    "Only the municipality's team can edit this challenge. The programme publishes it or asks for changes "
    "when the team sends it for review."
)
# The cast reading a published challenge without being on its team, and what each is told.
READERS_TOLD = [
    *(
        (role, NOT_ON_THE_TEAM)
        for role in ("participant", "other_staff", "co_applicant_staff", "supplier", "juror")
    ),
    ("programme_admin", THE_TEAM_WRITES),
]
# To its staff, for each way `lock` locks it.
LOCKED = {
    "in review": (
        "The programme is reviewing the challenge. It publishes it or asks for changes, and you get an "
        "e-mail either way. Until then the challenge cannot be edited."
    ),
    "closed": "This challenge is closed, so it can no longer be edited.",
    "draft after the phase": (
        "The round's time for writing challenges is over, so this draft can no longer be edited or sent for "
        "review."
    ),
    "published after the phase": (
        "The round's time for writing challenges is over, so this challenge can no longer be edited. It "
        "stays published."
    ),
    "before the phase": "Challenges in this round can be edited from 2 March 2099 at 09:00.",
    "no phase": "This round has no time for writing challenges, so the challenge cannot be edited.",
}
