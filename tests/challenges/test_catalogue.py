"""The catalogue at /utfordringer/: published challenges only, filters as a GET form and plain links, search,
pages, open-data links; and the round and municipality pages' lists of their challenges."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from challenges import services
from challenges.models import Challenge, SustainableDevelopmentGoal
from challenges.similar import update_similar_challenges
from municipalities.models import Phase
from tests.challenges.publishing import made_challenge
from tests.factories import (
    CountyFactory,
    MunicipalityFactory,
    ParticipantFactory,
    PhaseFactory,
    RoundFactory,
    ThemeFactory,
)
from tests.helpers import ROLES, as_role, count_queries

CATALOGUE = "/en/utfordringer/"


def titles(response) -> list[str]:
    return [challenge.title for challenge in response.context["challenges"]]


@pytest.fixture
def places(db):
    """Asker as it was in round 3 (3025, Viken, 2020 to 2023) and in round 4 (3203, Akershus, from 2024)."""
    from types import SimpleNamespace

    viken = CountyFactory(name="Viken", valid_to=datetime.date(2023, 12, 31))
    akershus = CountyFactory(name="Akershus", valid_from=datetime.date(2024, 1, 1))
    round_3 = RoundFactory(number=3, title="Runde tre", start_year=2021, end_year=2022)
    round_4 = RoundFactory(number=4, title="Runde fire", start_year=2023, end_year=2024)
    asker_then = MunicipalityFactory(
        name="Asker", number="3025", county=viken, valid_to=datetime.date(2023, 12, 31)
    )
    asker_now = MunicipalityFactory(
        name="Asker", number="3203", county=akershus, valid_from=datetime.date(2024, 1, 1)
    )
    return SimpleNamespace(
        round_3=round_3,
        round_4=round_4,
        then=ParticipantFactory(round=round_3, display_name="Asker", municipalities=[asker_then]),
        now=ParticipantFactory(round=round_4, display_name="Asker", municipalities=[asker_now]),
    )


def test_catalogue_lists_published_and_closed_challenges_newest_first(client, db):
    made_challenge(title="Eldre", days_ago=5)
    made_challenge(title="Lukket", status=Challenge.Status.CLOSED, days_ago=3)
    made_challenge(title="Nyeste", days_ago=1)
    made_challenge(title="Utkast", status=Challenge.Status.DRAFT)
    made_challenge(title="Til vurdering", status=Challenge.Status.IN_REVIEW)
    made_challenge(title="Endres", status=Challenge.Status.CHANGES_REQUESTED)

    response = client.get(CATALOGUE)

    assert titles(response) == ["Nyeste", "Lukket", "Eldre"]


@pytest.mark.parametrize("role", ROLES)
def test_catalogue_is_the_same_for_every_role(client, cast, role):
    made_challenge(title="Offentlig")
    made_challenge(title="Utkast", status=Challenge.Status.DRAFT)
    as_role(client, role)

    response = client.get(CATALOGUE)

    assert titles(response) == ["Offentlig"]


def test_catalogue_shows_title_summary_municipality_round_and_themes(client, places):
    made_challenge(
        places.then,
        title="Hvordan kan Asker dele mer?",
        summary="Deling i nabolaget.",
        themes=[ThemeFactory(name="Sirkulærøkonomi")],
    )

    content = client.get(CATALOGUE).content.decode()

    assert "Hvordan kan Asker dele mer?" in content
    assert "Deling i nabolaget." in content
    assert "Asker (Viken)" in content
    assert "Round 3: Runde tre" in content
    assert "Sirkulærøkonomi" in content


def test_catalogue_filters_by_county_as_named_in_each_round(client, places):
    made_challenge(places.then, title="Runde 3 i Viken")
    made_challenge(places.now, title="Runde 4 i Akershus")

    assert titles(client.get(CATALOGUE, {"county": "viken"})) == ["Runde 3 i Viken"]
    assert titles(client.get(CATALOGUE, {"county": "akershus"})) == ["Runde 4 i Akershus"]


def test_catalogue_filters_by_the_county_the_programme_published(client, db):
    vestfold_og_telemark = CountyFactory(name="Vestfold og Telemark")
    nome = ParticipantFactory(
        display_name="Nome",
        county_as_published="Telemark",
        municipalities=[MunicipalityFactory(name="Nome", county=vestfold_og_telemark)],
    )
    in_nome = made_challenge(nome, title="Nome")
    made_challenge(
        ParticipantFactory(municipalities=[MunicipalityFactory(county=vestfold_og_telemark)]), title="Horten"
    )

    response = client.get(CATALOGUE, {"county": "telemark"})

    assert titles(response) == ["Nome"]
    assert titles(client.get(CATALOGUE, {"county": "vestfold-og-telemark"})) == ["Horten"]
    assert dict(response.context["form"].fields["county"].choices)["telemark"] == "Telemark"
    assert "Nome (Telemark)" in response.content.decode()
    # The challenge's own page names the county as the catalogue does.
    with translation.override("en"):
        page = client.get(in_nome.get_absolute_url()).text
    assert "<dt>County</dt><dd>Telemark</dd>" in page


def test_catalogue_filters_by_round_municipality_theme_goal_and_status(client, places):
    housing = ThemeFactory(slug="bolig", name="Bolig")
    goal = SustainableDevelopmentGoal.objects.get(number=11)
    made_challenge(places.then, title="Bolig i runde 3", themes=[housing], goals=[goal])
    made_challenge(places.now, title="Lukket i runde 4", status=Challenge.Status.CLOSED)
    made_challenge(title="Et annet sted")

    assert titles(client.get(CATALOGUE, {"round": 3})) == ["Bolig i runde 3"]
    assert titles(client.get(CATALOGUE, {"municipality": "3203"})) == ["Lukket i runde 4"]
    assert titles(client.get(CATALOGUE, {"theme": "bolig"})) == ["Bolig i runde 3"]
    assert titles(client.get(CATALOGUE, {"goal": 11})) == ["Bolig i runde 3"]
    assert titles(client.get(CATALOGUE, {"status": "closed"})) == ["Lukket i runde 4"]
    assert titles(client.get(CATALOGUE, {"round": 4, "status": "published"})) == []


def test_catalogue_filters_what_is_open_for_questions_or_offers_now(client, challenge_round, participant):
    now = timezone.now()
    offers_round = RoundFactory()
    PhaseFactory(
        round=offers_round,
        kind=Phase.Kind.OFFERS,
        opens_offers=True,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    made_challenge(participant, title="Spør nå")
    made_challenge(participant, title="Lukket", status=Challenge.Status.CLOSED)
    made_challenge(ParticipantFactory(round=offers_round), title="Tilby nå")
    made_challenge(title="Ingenting åpent")

    assert titles(client.get(CATALOGUE, {"open": "questions"})) == ["Spør nå"]
    assert titles(client.get(CATALOGUE, {"open": "offers"})) == ["Tilby nå"]


def test_catalogue_search_sorts_by_relevance_unless_newest_is_chosen(client, db):
    made_challenge(title="Hvordan få flere turister?", background="Bolig for sesongarbeidere.", days_ago=1)
    made_challenge(title="Hvordan bygge bolig i sentrum?", days_ago=9)
    made_challenge(title="Noe helt annet")

    by_relevance = client.get(CATALOGUE, {"q": "bolig"})
    by_date = client.get(CATALOGUE, {"q": "bolig", "sort": "newest"})

    assert titles(by_relevance) == ["Hvordan bygge bolig i sentrum?", "Hvordan få flere turister?"]
    assert titles(by_date) == ["Hvordan få flere turister?", "Hvordan bygge bolig i sentrum?"]


def test_catalogue_junk_filter_gives_a_form_error_and_keeps_the_valid_filters(client, db):
    made_challenge(title="Med tema", themes=[ThemeFactory(slug="bolig", name="Bolig")])
    made_challenge(title="Uten tema")

    response = client.get(CATALOGUE, {"theme": "bolig", "round": "abc", "goal": "99"})

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["goal", "round"]
    assert "To continue, correct the following:" in response.content.decode()
    assert titles(response) == ["Med tema"]


def test_catalogue_pages_keep_the_filters(client, db):
    theme = ThemeFactory(slug="energi", name="Energi")
    for number in range(21):
        made_challenge(title=f"Energi {number:02d}", themes=[theme], days_ago=number)

    first = client.get(CATALOGUE, {"theme": "energi"})
    second = client.get(CATALOGUE, {"theme": "energi", "page": 2})

    assert len(titles(first)) == 20
    assert titles(second) == ["Energi 20"]
    assert 'href="?theme=energi&amp;page=2"' in first.content.decode()


def test_catalogue_filters_are_plain_links_and_a_get_form(client, db):
    ThemeFactory(slug="bolig", name="Bolig")
    made_challenge()

    content = client.get(CATALOGUE, {"status": "published"}).content.decode()

    assert re.search(r'<form method="get" action="/en/utfordringer/"', content)
    assert 'href="?status=published&amp;theme=bolig"' in content
    assert 'href="?" aria-current' not in content  # "All" statuses is a link back, not the current one
    assert 'href="?status=closed"' in content


def test_catalogue_search_and_filters_are_one_form(client, db):
    ThemeFactory(slug="bolig", name="Bolig")
    made_challenge()

    content = client.get(CATALOGUE).content.decode()

    form = re.search(r'<form method="get" action="/en/utfordringer/".*?</form>', content, re.S).group()
    assert re.findall(r'name="(\w+)"', form) == [
        "q",
        "round",
        "county",
        "municipality",
        "theme",
        "goal",
        "status",
        "open",
        "sort",
    ]


def test_catalogue_folds_the_filters_away_until_one_is_chosen(client, db):
    ThemeFactory(slug="bolig", name="Bolig")
    made_challenge()
    closed = '<details class="ds-details catalogue-filters">\n      <summary>Filter and sort</summary>'
    skip = '<a class="ds-link" href="#results-heading">Skip to the results</a>'

    plain = client.get(CATALOGUE).content.decode()
    searched = client.get(CATALOGUE, {"q": "bolig", "sort": "relevance"}).content.decode()
    chosen = client.get(CATALOGUE, {"theme": "bolig", "status": "published", "sort": "relevance"})
    newest = client.get(CATALOGUE, {"q": "bolig", "sort": "newest"}).content.decode()
    junk = client.get(CATALOGUE, {"round": "abc"}).content.decode()

    assert (closed in plain, skip in plain) == (True, False)
    assert (closed in searched, skip in searched) == (True, False)
    assert (
        '<details class="ds-details catalogue-filters" open>\n'
        "      <summary>Filter and sort (2 filters chosen)</summary>"
    ) in chosen.content.decode()
    assert skip in chosen.content.decode()
    assert '<details class="ds-details catalogue-filters" open>' in newest
    assert '<details class="ds-details catalogue-filters" open>' in junk  # the error summary links into it


def test_catalogue_links_its_open_data_feeds_and_licence(client, db):
    ThemeFactory(slug="bolig", name="Bolig")
    made_challenge()

    content = client.get(CATALOGUE, {"theme": "bolig"}).content.decode()

    assert '<link rel="alternate" type="application/atom+xml"' in content
    assert 'href="/en/utfordringer/feed/tema/bolig/"' in content
    assert 'href="/en/utfordringer/utfordringer.csv?theme=bolig"' in content
    assert 'href="/en/utfordringer/utfordringer.json?theme=bolig"' in content
    assert "NLOD" in content


def test_catalogue_queries_stay_constant(client, places):
    theme = ThemeFactory()
    searched = f"{CATALOGUE}?q=havbruk&theme={theme.slug}&county=viken"
    made_challenge(places.then, summary="Havbruk.", themes=[theme])
    client.get(
        searched
    )  # PostgreSQL: the first search of a process looks up the norwegian configuration once
    assert count_queries(client, CATALOGUE) == 8
    assert count_queries(client, searched) == 8

    for number in range(8):
        made_challenge(
            places.then if number % 2 else None, summary="Havbruk.", themes=[theme, ThemeFactory()]
        )
    assert count_queries(client, CATALOGUE) == 8
    assert count_queries(client, searched) == 8


def test_a_signed_in_reader_gets_the_filter_choices_from_the_content_cache_and_a_new_round_at_once(
    client, cast, places, django_capture_on_commit_callbacks
):
    made_challenge(places.then)
    as_role(client, "supplier")
    assert count_queries(client, CATALOGUE, warm=True) == 5  # 8 cold: the facets, themes and goals
    assert '<option value="3">' in client.get(CATALOGUE).content.decode()  # the choices are kept now
    in_review = made_challenge(places.now, status=Challenge.Status.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_challenge(in_review, actor=cast.programme_admin)

    assert '<option value="4">' in client.get(CATALOGUE).content.decode()


def test_main_menu_links_to_the_catalogue(client, db):
    content = client.get("/en/").content.decode()

    assert '<a class="site-nav__link" href="/en/utfordringer/">Challenges</a>' in content


def test_round_page_lists_its_published_challenges(client, places):
    made_challenge(places.then, title="Publisert i runde 3")
    made_challenge(places.then, title="Utkast i runde 3", status=Challenge.Status.DRAFT)
    made_challenge(places.now, title="Publisert i runde 4")

    content = client.get("/en/runder/3/").content.decode()

    assert "Publisert i runde 3" in content
    assert "Utkast i runde 3" not in content
    assert "Publisert i runde 4" not in content
    assert 'href="/en/utfordringer/?round=3"' in content


def test_municipality_page_lists_its_challenges_across_structures(client, places):
    asker_now = places.now.municipalities.get()
    asker_now.predecessors.set(places.then.municipalities.all())
    made_challenge(places.then, title="Asker i runde 3")
    made_challenge(places.now, title="Asker i runde 4")
    made_challenge(places.now, title="Asker-utkast", status=Challenge.Status.IN_REVIEW)

    content = client.get("/en/kommuner/3203/").content.decode()

    assert content.index("Asker i runde 4") < content.index("Asker i runde 3")
    assert "Asker-utkast" not in content
    assert 'href="/en/utfordringer/?municipality=3203"' in content


@pytest.mark.parametrize("role", ROLES)
def test_nothing_unpublished_leaks_from_any_public_list(client, cast, role):
    """A draft and a challenge in review of a hidden municipality, sharing theme and words with a published
    one: neither their titles nor their municipality appear in the catalogue (searched and filtered), its
    facets, the downloads, the feeds, the round and municipality pages or the similar challenges."""
    housing = ThemeFactory(slug="bolig", name="Bolig")
    county = CountyFactory(name="Skjultfylke")
    hidden = MunicipalityFactory(name="Skjultvik", number="9999", county=county)
    round_ = RoundFactory(number=77)
    secret = ParticipantFactory(round=round_, display_name="Skjultvik", municipalities=[hidden])
    made_challenge(secret, title="Hemmelig utkast om bolig", status=Challenge.Status.DRAFT, themes=[housing])
    made_challenge(secret, title="Hemmelig til vurdering om bolig", status=Challenge.Status.IN_REVIEW)
    public = made_challenge(title="Offentlig om bolig", themes=[housing])
    update_similar_challenges()
    as_role(client, role)

    urls = [
        "/en/utfordringer/",
        "/en/utfordringer/?q=hemmelig",
        "/en/utfordringer/?q=bolig&theme=bolig",
        "/en/utfordringer/?municipality=9999&county=skjultfylke&round=77",
        "/en/utfordringer/utfordringer.csv",
        "/en/utfordringer/utfordringer.json?q=bolig",
        "/en/utfordringer/feed/",
        "/en/utfordringer/feed/tema/bolig/",
        "/en/utfordringer/feed/fylke/skjultfylke/",
        "/en/runder/77/",
        "/en/kommuner/9999/",
        f"/en/utfordringer/{public.pk}/",
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert "Hemmelig" not in content, url
        if url.startswith("/en/utfordringer/"):  # the round and municipality pages name their participants
            assert "Skjultvik" not in content, url
