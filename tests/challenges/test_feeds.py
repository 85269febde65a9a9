"""Atom feeds of newly published challenges: all, per theme and per county."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from challenges.models import Challenge
from tests.challenges.publishing import made_challenge
from tests.factories import CountyFactory, MunicipalityFactory, ParticipantFactory, ThemeFactory
from tests.helpers import ROLES, as_role, count_queries

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[str]:
    assert response["Content-Type"].startswith("application/atom+xml")
    return [entry.find(f"{ATOM}title").text for entry in ET.fromstring(response.content).iter(f"{ATOM}entry")]


@pytest.fixture
def in_agder(db):
    agder = CountyFactory(name="Agder")
    return ParticipantFactory(municipalities=[MunicipalityFactory(name="Åseral", county=agder)])


def test_feed_lists_published_challenges_newest_first(client, db):
    made_challenge(title="Eldre", days_ago=3)
    made_challenge(title="Nyere", days_ago=1)
    made_challenge(title="Utkast", status=Challenge.Status.DRAFT)
    made_challenge(title="Til vurdering", status=Challenge.Status.IN_REVIEW)

    response = client.get("/en/utfordringer/feed/")

    assert entries(response) == ["Nyere", "Eldre"]
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "New challenges in Gnist"
    assert "NLOD" in feed.find(f"{ATOM}rights").text


def test_theme_feed_lists_the_theme_only(client, db):
    housing = ThemeFactory(slug="bolig", name="Bolig")
    made_challenge(title="Bolig", themes=[housing])
    made_challenge(title="Annet", themes=[ThemeFactory()])

    assert entries(client.get("/en/utfordringer/feed/tema/bolig/")) == ["Bolig"]
    assert client.get("/en/utfordringer/feed/tema/finnes-ikke/").status_code == 404


def test_county_feed_lists_the_county_only(client, in_agder):
    made_challenge(in_agder, title="I Agder")
    made_challenge(title="Et annet fylke")

    assert entries(client.get("/en/utfordringer/feed/fylke/agder/")) == ["I Agder"]
    in_agder.county_as_published = "Sørlandet"
    in_agder.save(update_fields=["county_as_published"])
    assert entries(client.get("/en/utfordringer/feed/fylke/sørlandet/")) == ["I Agder"]
    assert client.get("/en/utfordringer/feed/fylke/atlantis/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_feeds_are_the_same_for_every_role(client, cast, in_agder, role):
    made_challenge(in_agder, title="Offentlig", themes=[ThemeFactory(slug="bolig")])
    made_challenge(
        in_agder, title="Utkast", themes=[ThemeFactory(slug="energi")], status=Challenge.Status.DRAFT
    )
    as_role(client, role)

    for url in ["/utfordringer/feed/", "/utfordringer/feed/tema/bolig/", "/utfordringer/feed/fylke/agder/"]:
        assert entries(client.get(url)) == ["Offentlig"]


def test_feeds_queries_stay_constant(client, in_agder):
    theme = ThemeFactory(slug="bolig")
    urls = ["/utfordringer/feed/", "/utfordringer/feed/tema/bolig/", "/utfordringer/feed/fylke/agder/"]
    made_challenge(in_agder, themes=[theme])
    assert [count_queries(client, url) for url in urls] == [3, 4, 4]

    for number in range(6):
        made_challenge(in_agder, themes=[theme, ThemeFactory()], days_ago=number)
    assert [count_queries(client, url) for url in urls] == [3, 4, 4]


def test_feed_entries_carry_link_date_and_themes(client, db):
    challenge = made_challenge(title="Med tema", summary="Kort.", themes=[ThemeFactory(name="Energi")])
    challenge.published_at = datetime.datetime(2030, 5, 1, 10, tzinfo=datetime.UTC)
    challenge.save(update_fields=["published_at"])

    entry = next(ET.fromstring(client.get("/utfordringer/feed/").content).iter(f"{ATOM}entry"))

    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/utfordringer/{challenge.pk}/"
    assert entry.find(f"{ATOM}published").text == "2030-05-01T10:00:00+00:00"
    assert entry.find(f"{ATOM}category").get("term") == "Energi"
    assert entry.find(f"{ATOM}summary").text == "Kort."
