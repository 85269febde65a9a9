# ruff: noqa: RUF001 -- Norwegian text uses the en dash between years on purpose.
import re

from municipalities.models import Municipality, Participant, Round, norwegian_key
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


def test_round_detail_orders_rows_by_published_county_and_follow_municipalities_alphabetically(
    client, reference_data
):
    """Round 3 keeps the counties as the programme published them (Viken, Troms & Finnmark), not 2024's."""
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


def test_round_detail_of_round_4_shows_the_2024_counties(client, reference_data):
    response = client.get("/runder/4/")

    assert table_rows(response.text) == [
        "Innlandet Grue Ingen følgekommuner –",
        "Møre og Romsdal Averøy Ingen følgekommuner –",
        "Nordland Andøy Ingen følgekommuner –",
        "Telemark Kragerø Ingen følgekommuner –",
        "Østfold Sarpsborg Ingen følgekommuner –",
    ]
    assert response.context["map"].dots.count("h0") == 357


def test_round_detail_of_round_3_draws_the_2020_map_and_its_old_links_lead_to_today(client, reference_data):
    response = client.get("/runder/3/")

    assert response.context["map"].dots.count("h0") == 356
    assert 'href="/kommuner/3052/">Nore og Uvdal</a>' in response.text
    assert client.get("/kommuner/3052/").url == "/kommuner/3338/"


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


def test_municipality_list_groups_todays_municipalities_by_todays_county(client, reference_data):
    response = client.get("/kommuner/")

    page = text(response.text)
    assert "357 kommuner." in page
    assert response.text.count('<section aria-labelledby="county-') == 15
    assert "Nordland (41)" in page
    assert ("Østfold (12)" in page, "Viken" in page, "Troms og Finnmark" in page) == (True, False, False)
    assert re.findall(r'href="/kommuner/(\d{4})/">Skjervøy<', response.text) == ["5542"]


def test_municipality_list_finds_a_municipality_by_its_old_number(client, reference_data):
    response = client.get("/kommuner/", {"q": "5427"})

    assert re.findall(r'href="/kommuner/(\d{4})/"', response.text) == ["5542"]


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
    response = client.get("/kommuner/3326/")

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


def test_municipality_detail_says_sortland_is_valid_today_in_nordland(client, reference_data):
    response = client.get("/en/kommuner/1870/")

    page = text(response.text)
    assert "County Nordland Municipality number 1870" in page
    assert "Valid Valid today, with this number and county since 2024" in page
    assert "History Until 2023: 1870 Sortland in Nordland" in page
    assert table_rows(response.text) == [
        "Round 3: Gnist 2021–2022 Gnist municipality Kvinesdal, Nordreisa, Rana, Østre Toten"
    ]


def test_municipality_detail_of_an_old_troms_og_finnmark_number_redirects_to_its_2024_successor(
    client, reference_data
):
    response = client.get("/en/kommuner/5427/")

    assert (response.status_code, response.url) == (301, "/en/kommuner/5542/")
    page = text(client.get(response.url).text)
    assert "County Troms Municipality number 5542" in page
    assert "History Until 2023: 5427 Skjervøy in Troms og Finnmark" in page
    assert table_rows(client.get(response.url).text) == [
        "Round 3: Gnist 2021–2022 Gnist municipality Kongsvinger"
    ]


def test_municipality_detail_of_a_split_municipality_names_what_it_became(client, reference_data):
    old_alesund = Municipality.objects.get(number="1507")
    ParticipantFactory(
        round=Round.objects.get(number=3), display_name="Ålesund", municipalities=[old_alesund]
    )
    old = client.get("/en/kommuner/1507/")
    haram = client.get("/en/kommuner/1580/")

    assert "Valid 2020–2023 Became From 2024: 1580 Haram in Møre og Romsdal From 2024: 1508 Ålesund" in text(
        old.text
    )
    assert 'href="/en/kommuner/1580/"' in old.text
    assert "team" not in old.text.split("<main", 1)[1].split("All municipalities", 1)[0].lower()
    assert "History Until 2023: part of 1507 Ålesund in Møre og Romsdal" in text(haram.text)
    assert "Haram has not taken part in a Gnist round yet." in text(haram.text)
    assert table_rows(client.get("/en/kommuner/1508/").text) == [
        "Round 3: Gnist 2021–2022 Gnist municipality"
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

    assert count_queries(client, "/") == 5
    assert count_queries(client, "/runder/") == 3
    assert count_queries(client, "/runder/201/") == 10
    assert count_queries(client, "/kommuner/") == 2
    assert count_queries(client, "/kommuner/?q=a") == 2
    assert count_queries(client, "/kommuner/8001/") == 9

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

    assert count_queries(client, "/") == 5
    assert count_queries(client, "/runder/") == 3
    assert count_queries(client, "/runder/212/") == 10
    assert count_queries(client, "/kommuner/") == 2
    assert count_queries(client, "/kommuner/?q=a") == 2
    assert count_queries(client, "/kommuner/8001/") == 9
