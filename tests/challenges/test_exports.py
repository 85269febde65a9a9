"""The catalogue as open data: CSV for Excel and JSON with the licence, under the catalogue's filters."""

import csv
import io
import json

import pytest

from challenges.exports import COLUMNS
from challenges.models import Challenge
from tests.challenges.publishing import made_challenge
from tests.factories import MunicipalityFactory, ParticipantFactory, ThemeFactory
from tests.helpers import ROLES, as_role, count_queries

CSV = "/en/utfordringer/utfordringer.csv"
JSON = "/en/utfordringer/utfordringer.json"


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_a_row_per_published_challenge_with_formulas_defused(client, db):
    participant = ParticipantFactory(
        display_name="Åseral", municipalities=[MunicipalityFactory(number="4224")]
    )
    challenge = made_challenge(
        participant,
        title='=HYPERLINK("http://evil")',
        summary="Kort.",
        needs="Behov.",
        themes=[ThemeFactory(slug="bolig", name="Bolig"), ThemeFactory(slug="energi", name="Energi")],
    )
    made_challenge(title="Utkast", status=Challenge.Status.DRAFT)

    response = client.get(CSV)
    header, *rows = csv_rows(response)
    row = dict(zip(header, rows[0], strict=True))

    assert response["Content-Disposition"] == 'attachment; filename="gnist-utfordringer.csv"'
    assert header == list(COLUMNS)
    assert len(rows) == 1
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["url"] == f"http://testserver/en/utfordringer/{challenge.pk}/"
    assert (row["participant"], row["municipality_numbers"], row["themes"]) == (
        "Åseral",
        "4224",
        "Bolig, Energi",
    )
    assert row["needs"] == "Behov."


def test_json_states_the_licence_and_follows_the_filters(client, db):
    housing = ThemeFactory(slug="bolig", name="Bolig")
    made_challenge(title="Bolig", themes=[housing])
    made_challenge(title="Annet")

    document = json.loads(client.get(JSON, {"theme": "bolig"}).content)

    assert document["licence"] == {
        "name": "Norsk lisens for offentlige data (NLOD) 2.0",
        "url": "https://data.norge.no/nlod/no/2.0",
    }
    assert document["source"] == "http://testserver/en/utfordringer/?theme=bolig"
    assert [record["title"] for record in document["challenges"]] == ["Bolig"]
    assert document["challenges"][0]["themes"] == ["Bolig"]
    assert "contact_email" not in document["challenges"][0]


def test_exports_ignore_junk_filters(client, db):
    made_challenge(title="Publisert")

    document = json.loads(client.get(JSON, {"round": "abc", "q": "\x00"}).content)

    assert [record["title"] for record in document["challenges"]] == ["Publisert"]
    assert len(csv_rows(client.get(CSV, {"goal": "99"}))) == 2


@pytest.mark.parametrize("role", ROLES)
def test_exports_are_the_same_for_every_role(client, cast, role):
    made_challenge(title="Offentlig")
    made_challenge(title="Til vurdering", status=Challenge.Status.IN_REVIEW)
    as_role(client, role)

    document = json.loads(client.get(JSON).content)

    assert [record["title"] for record in document["challenges"]] == ["Offentlig"]
    assert [row[COLUMNS.index("title")] for row in csv_rows(client.get(CSV))[1:]] == ["Offentlig"]


def test_exports_queries_stay_constant(client, db):
    theme = ThemeFactory()
    made_challenge(themes=[theme])
    assert [count_queries(client, CSV), count_queries(client, JSON)] == [8, 8]

    for _number in range(6):
        made_challenge(themes=[theme, ThemeFactory()])
    assert [count_queries(client, CSV), count_queries(client, JSON)] == [8, 8]
