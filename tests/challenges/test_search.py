"""Search in Norwegian: PostgreSQL's full-text search (norwegian configuration, weighted title > summary >
sections) and SQLite's simpler fallback. The stemming test runs only on PostgreSQL (CI runs on it)."""

import pytest
from django.db import connection

from challenges.models import Challenge
from challenges.search import search
from tests.challenges.publishing import made_challenge

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL's norwegian configuration"
)


def found(text: str) -> list[str]:
    return [challenge.title for challenge in search(Challenge.objects.all(), text).order_by("-rank", "pk")]


def test_search_finds_a_word_only_in_the_body(db):
    made_challenge(
        title="Hvordan styrke sentrum?", summary="Mer liv.", transfer_value="Sjøfronten kan gjenbrukes."
    )
    made_challenge(title="Hvordan få flere hytter?", summary="Flere besøkende.")

    assert found("sjøfronten") == ["Hvordan styrke sentrum?"]


def test_search_ranks_a_title_match_above_a_summary_above_a_body_match(db):
    made_challenge(title="Hvordan trives eldre?", needs="Eldre trenger en ny møteplass.")
    made_challenge(title="Hvordan bruke torget?", summary="En møteplass for alle.")
    made_challenge(title="Hvordan lage en møteplass?")

    assert found("møteplass") == [
        "Hvordan lage en møteplass?",
        "Hvordan bruke torget?",
        "Hvordan trives eldre?",
    ]


def test_search_needs_every_word(db):
    made_challenge(title="Hvordan bygge boliger for unge?")
    made_challenge(title="Hvordan bygge en ny skole?")

    assert found("bygge skole") == ["Hvordan bygge en ny skole?"]


def test_search_without_words_finds_nothing_and_empty_text_everything(db):
    made_challenge(title="Hvordan?")

    assert found("!!!") == []
    assert found("  ") == ["Hvordan?"]


@postgresql_only
def test_search_stems_norwegian_words(db):
    made_challenge(title="Hvordan skaffe en bolig til unge?")
    made_challenge(title="Hvordan få flere turister?")

    assert found("boliger") == ["Hvordan skaffe en bolig til unge?"]


@postgresql_only
def test_search_reads_web_search_syntax(db):
    made_challenge(title="Hvordan bygge boliger i sentrum?")
    made_challenge(title="Hvordan bygge boliger på landet?")

    assert found("boliger -sentrum") == ["Hvordan bygge boliger på landet?"]
    assert found('"boliger i sentrum"') == ["Hvordan bygge boliger i sentrum?"]
