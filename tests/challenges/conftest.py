import pytest

from challenges.models import Challenge
from municipalities.models import Participant, Round
from tests.challenges.publishing import open_challenge_round
from tests.factories import ParticipantFactory, ThemeFactory


@pytest.fixture
def challenge_round(db) -> Round:
    """A round whose challenge and question phases are open now."""
    return open_challenge_round()


@pytest.fixture
def participant(cast, challenge_round) -> Participant:
    """`cast.municipality` as a Gnist municipality of the open round."""
    return ParticipantFactory(
        round=challenge_round, municipalities=[cast.municipality], display_name="Castrup"
    )


@pytest.fixture
def theme(db):
    return ThemeFactory(slug="bolig", name="Bolig")


@pytest.fixture
def complete_draft(cast, participant, theme) -> Challenge:
    from challenges import services

    challenge = services.create_challenge(
        participant,
        actor=cast.staff,
        title="Hvordan kan flere unge bo i sentrum?",
        summary="Sentrum står tomt om kvelden.",
        background="Castrup har mange tomme hus.",
        needs="Vi trenger nye boformer.",
    )
    challenge.themes.add(theme)
    return challenge


@pytest.fixture
def published(cast, complete_draft) -> Challenge:
    """`complete_draft`, sent for review and published (questions open: the round's phase opens them)."""
    from challenges import services

    services.submit_challenge(complete_draft, actor=cast.staff)
    services.publish_challenge(complete_draft, actor=cast.programme_admin)
    return complete_draft
