# ruff: noqa: RUF001 -- Norwegian text uses the en dash between years on purpose.
import re

from municipalities.models import Participant, norwegian_key
from tests.factories import (
    CriterionFactory,
    MunicipalityFactory,
    ParticipantFactory,
    PhaseFactory,
    RoundFactory,
)
from tests.helpers import count_queries


def text(html: str) -> str:
    """The visible text of an HTML fragment, with whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" ,", ",")


def table_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [text(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def add_round_with_participants(number: int):
    """A round with phases, a criterion, two Gnist participants and a follow participant each."""
    round_ = RoundFactory(number=number)
    PhaseFactory(round=round_, order=1)
    CriterionFactory(round=round_, order=1)
    for _ in range(2):
        lead = ParticipantFactory(round=round_)
        ParticipantFactory(round=round_, role=Participant.Role.FOLLOW, follows=lead)
    return round_


def test_round_list_shows_every_round_with_counts(client, reference_data):
    response = client.get("/runder/")

    page = text(response.text)
    assert "<title>Runder – Gnist</title>" in response.text
    assert "Runde 3: Gnist 2021–2022" in page
    assert "Runde 4: Gnist 2023–2024 År 2023–2024 Tema Bærekraft og sirkularitet" in page
    assert "Gnist-kommuner 9 Følgekommuner 12 Søknader 32" in page
    assert response.text.count("<h1") == 1


def test_round_detail_lists_gnist_municipalities_with_their_followers(client, reference_data):
    response = client.get("/runder/3/")

    rows = table_rows(response.text)
    assert "<title>Gnist 2021–2022 – Gnist</title>" in response.text
    assert len(rows) == 9
    assert "Nordland Sortland Kvinesdal, Nordreisa, Rana, Østre Toten" in rows
    assert "Innlandet Lom Dovre, Hemsedal, Tokke" in rows
    assert "Vestland Sogndal, Luster og Aurland Ingen følgekommuner –" in rows
    assert '<th scope="row"><a class="ds-link" href="/kommuner/1870/">Sortland</a></th>' in response.text
    assert "<caption>" in response.text
    assert "9 Gnist-kommuner, 12 følgekommuner." in text(response.text)
    assert response.context["breadcrumbs"] == [
        {"label": "Runder", "url": "/runder/"},
        {"label": "Gnist 2021–2022", "url": ""},
    ]


def test_round_detail_orders_rows_by_county_and_follow_municipalities_alphabetically(client, reference_data):
    response = client.get("/runder/3/")

    assert table_rows(response.text) == [
        "Agder Åseral Ingen følgekommuner –",
        "Innlandet Lom Dovre, Hemsedal, Tokke",
        "Møre og Romsdal Vanylven Stad",
        "Nordland Sortland Kvinesdal, Nordreisa, Rana, Østre Toten",
        "Rogaland Suldal Gjerstad",
        "Telemark Nome Averøy, Eigersund",
        "Troms &amp; Finnmark Skjervøy Kongsvinger",
        "Vestland Sogndal, Luster og Aurland Ingen følgekommuner –",
        "Viken Nore og Uvdal Ingen følgekommuner –",
    ]


def test_round_detail_shows_a_joint_participant_by_its_published_name_with_links(client, reference_data):
    response = client.get("/runder/3/")

    assert (
        '<th scope="row"><a class="ds-link" href="/kommuner/4640/">Sogndal</a>, '
        '<a class="ds-link" href="/kommuner/4644/">Luster</a> og '
        '<a class="ds-link" href="/kommuner/4641/">Aurland</a></th>'
    ) in response.text


def test_round_detail_shows_criteria_and_the_phase_timeline(client, reference_data):
    response = client.get("/runder/4/")

    page = text(response.text)
    assert "Endringsvilje Innovasjonspotensial Forankring Bærekraftsambisjoner Overføringsverdi" in page
    assert "Frist 1. september 2023 kl. 12.00" in page
    assert "Dialogmøter (fullført) 16. juni 2023 – 19. juni 2023" in page
    assert response.text.count('<li class="timeline__step"') == 7
    assert "Fem team fikk 400 000 kroner inkl. mva. hver." in page


def test_round_detail_marks_the_current_phase(client, db):
    from django.utils import timezone

    now = timezone.now()
    round_ = RoundFactory(start_year=now.year, end_year=now.year + 1)
    PhaseFactory(
        round=round_,
        order=1,
        name="Søknad",
        starts_at=now - timezone.timedelta(days=1),
        ends_at=now + timezone.timedelta(days=1),
    )
    PhaseFactory(round=round_, order=2, name="Utvelgelse")

    response = client.get(round_.get_absolute_url())

    current = re.findall(
        r'<li class="timeline__step"[^>]*aria-current="step"[^>]*>(.*?)</li>', response.text, re.S
    )
    assert [text(item).split(" Nå")[0] for item in current] == ["Søknad"]
    assert "Denne runden er avsluttet." not in response.text


def test_round_detail_404_for_unknown_number(client, db):
    assert client.get("/runder/99/").status_code == 404


def test_municipality_list_groups_all_municipalities_by_county(client, reference_data):
    response = client.get("/kommuner/")

    page = text(response.text)
    assert "356 kommuner." in page
    assert response.text.count('<section aria-labelledby="county-') == 11
    assert "Nordland (41)" in page


def test_municipality_list_puts_ae_oe_and_aa_after_z(client, reference_data):
    response = client.get("/kommuner/")

    innlandet = response.text.split(">Innlandet <", 1)[1].split("</section>", 1)[0]
    names = re.findall(r'href="/kommuner/\d{4}/">([^<]+)</a>', innlandet)
    assert names[-8:] == [
        "Vestre Toten",
        "Vågå",
        "Våler",
        "Østre Toten",
        "Øyer",
        "Øystre Slidre",
        "Åmot",
        "Åsnes",
    ]
    assert names == sorted(names, key=norwegian_key)


def test_municipality_list_searches_by_name(client, reference_data):
    response = client.get("/kommuner/", {"q": "sortl"})

    assert "1 kommune passer til «sortl»." in text(response.text)
    assert re.findall(r'href="/kommuner/(\d{4})/"', response.text) == ["1870"]
    assert 'value="sortl"' in response.text


def test_municipality_detail_shows_participation_over_the_rounds(client, reference_data):
    response = client.get("/kommuner/3434/")

    assert "<title>Lom – Gnist</title>" in response.text
    assert "Fylke Innlandet" in text(response.text)
    assert table_rows(response.text) == ["Runde 3: Gnist 2021–2022 Gnist-kommune Dovre, Hemsedal, Tokke"]


def test_municipality_detail_shows_whom_a_follow_municipality_followed(client, reference_data):
    response = client.get("/kommuner/3042/")

    assert table_rows(response.text) == ["Runde 3: Gnist 2021–2022 Følgekommune Lom"]


def test_municipality_detail_names_the_partners_of_a_joint_participant(client, reference_data):
    response = client.get("/kommuner/4640/")

    assert table_rows(response.text) == ["Runde 3: Gnist 2021–2022 Gnist-kommune Aurland Luster"]


def test_municipality_detail_shows_averoy_in_two_rounds(client, reference_data):
    response = client.get("/kommuner/1554/")

    assert table_rows(response.text) == [
        "Runde 4: Gnist 2023–2024 Gnist-kommune",
        "Runde 3: Gnist 2021–2022 Følgekommune Nome",
    ]


def test_municipality_detail_404_for_unknown_number(client, db):
    assert client.get("/kommuner/9999/").status_code == 404
    assert client.get("/kommuner/oslo/").status_code == 404


def test_home_shows_the_three_parts_and_the_latest_round_timeline(client, reference_data):
    response = client.get("/")

    page = text(response.text)
    assert response.text.count("<h1") == 1
    assert "Gnist kompetanse" in page and "Gnist utfordringer" in page and "Gnist løsninger" in page
    assert "Siste runde: runde 4" in page
    assert response.text.count('<li class="timeline__step"') == 7
    assert "Denne runden er avsluttet." in page
    assert 'href="/runder/4/"' in response.text


def test_home_works_without_rounds(client, db):
    response = client.get("/")

    assert "Siste runde" not in response.text
    assert response.text.count('class="ds-card"') == 3


def test_list_and_detail_pages_have_constant_query_counts(client, reference_data):
    add_round_with_participants(201)
    lom = MunicipalityFactory(number="8001")
    lead = ParticipantFactory(round__number=301, municipalities=[lom])
    ParticipantFactory(round=lead.round, role=Participant.Role.FOLLOW, follows=lead)

    assert count_queries(client, "/") == 4
    assert count_queries(client, "/runder/") == 3
    assert count_queries(client, "/runder/201/") == 9
    assert count_queries(client, "/kommuner/") == 2
    assert count_queries(client, "/kommuner/?q=a") == 2
    assert count_queries(client, "/kommuner/8001/") == 6

    for number in range(202, 212):
        add_round_with_participants(number)
    MunicipalityFactory.create_batch(20)
    for number in range(302, 306):
        lead = ParticipantFactory(round__number=number, municipalities=[lom, MunicipalityFactory()])
        ParticipantFactory(round=lead.round, role=Participant.Role.FOLLOW, follows=lead)
    round_201 = add_round_with_participants(212)
    for _ in range(5):
        ParticipantFactory(
            round=round_201, role=Participant.Role.FOLLOW, follows=round_201.participants.gnist().first()
        )

    assert count_queries(client, "/") == 4
    assert count_queries(client, "/runder/") == 3
    assert count_queries(client, "/runder/212/") == 9
    assert count_queries(client, "/kommuner/") == 2
    assert count_queries(client, "/kommuner/?q=a") == 2
    assert count_queries(client, "/kommuner/8001/") == 6
