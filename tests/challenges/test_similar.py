"""Similar challenges on a challenge's page: other municipalities' published challenges, by shared themes
and text, each with the overlap explained in words."""

import pytest
from django.db import connection
from django.utils import translation

from challenges.models import Challenge
from challenges.similar import similar_challenges
from challenges.views.public import challenge_queryset
from tests.challenges.publishing import made_challenge
from tests.factories import ParticipantFactory, ThemeFactory
from tests.helpers import count_queries

# The challenge page's queries; on PostgreSQL one more: the similar challenges' full-text ranks.
PAGE_QUERIES = 14 + (connection.vendor == "postgresql")


@pytest.fixture
def housing(db):
    return ThemeFactory(slug="bolig", name="Bolig")


def _similar(challenge: Challenge):
    return similar_challenges(challenge_queryset().get(pk=challenge.pk))


def test_similar_ranks_shared_themes_then_shared_words_and_explains(housing):
    tourism = ThemeFactory(slug="reiseliv", name="Reiseliv")
    mine = made_challenge(
        title="Hvordan kan unge finne bolig i sentrum?",
        summary="Tomme hus og hytteeiere.",
        themes=[housing, tourism],
    )
    both = made_challenge(
        title="Hvordan bruke tomme hus?", summary="Hytteeiere og turister.", themes=[housing, tourism]
    )
    one = made_challenge(title="Hvordan få flere hus i sentrum?", summary="Unge flytter.", themes=[housing])
    words_only = made_challenge(title="Hvordan skape liv i sentrum?", summary="Kafeer.")
    made_challenge(title="Hvordan styrke havbruk?", summary="Fisk.")  # nothing in common: left out

    with translation.override("en"):
        similar = _similar(mine)
        explanations = [item.explanation for item in similar]

    assert [item.challenge for item in similar] == [both, one, words_only]
    assert explanations[0] == "Both are about bolig and reiseliv; shared words: hus, hytteeiere, tomme"
    assert explanations[2] == "Shared words: sentrum"


def test_similar_leaves_out_the_same_municipality_and_unpublished_challenges(housing):
    mine = made_challenge(title="Hvordan bo i sentrum?", themes=[housing])
    same_place = ParticipantFactory(municipalities=list(mine.participant.municipalities.all()))
    made_challenge(same_place, title="Samme kommune, ny runde", themes=[housing])
    made_challenge(title="Utkast", themes=[housing], status=Challenge.Status.DRAFT)
    made_challenge(title="Til vurdering", themes=[housing], status=Challenge.Status.IN_REVIEW)
    closed = made_challenge(title="Lukket", themes=[housing], status=Challenge.Status.CLOSED)

    assert [item.challenge for item in _similar(mine)] == [closed]


def test_challenge_page_shows_similar_challenges_in_constant_queries(client, housing):
    mine = made_challenge(title="Hvordan bo i sentrum?", summary="Tomt om kvelden.", themes=[housing])
    made_challenge(title="Hvordan bygge hus?", summary="Annet.", themes=[housing])
    client.get(mine.get_absolute_url())  # PostgreSQL looks up the norwegian configuration once per process
    assert count_queries(client, mine.get_absolute_url()) == PAGE_QUERIES

    for number in range(6):
        made_challenge(
            title=f"Hvordan bo i sentrum nummer {number}?", summary="Annet.", themes=[housing, ThemeFactory()]
        )
    response = client.get(f"/en{mine.get_absolute_url()}")
    assert count_queries(client, mine.get_absolute_url()) == PAGE_QUERIES

    content = response.content.decode()
    assert "Similar challenges" in content
    assert "Both are about bolig; shared words: sentrum." in content
