"""The public round page: its numbers, the phase timeline and the map's cost in queries."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone, translation

from municipalities.models import OSLO, Application, Participant
from tests.factories import (
    ApplicationFactory,
    MunicipalityFactory,
    ParticipantFactory,
    PhaseFactory,
    RoundFactory,
)
from tests.helpers import count_queries
from tests.municipalities.test_views import text


def oslo(month: int, day: int, hour: int = 0) -> datetime.datetime:
    return datetime.datetime(2031, month, day, hour, tzinfo=OSLO)


def numbers(html: str) -> str:
    return text(html.split('<dl class="facts round-numbers">', 1)[1].split("</dl>", 1)[0])


def test_round_3_shows_applications_gnist_and_follow_municipalities_in_numbers(client, reference_data):
    response = client.get("/runder/3/")

    assert numbers(response.text) == "Søknader 32 Gnist-kommuner 9 Følgekommuner 12"


def test_round_before_announcement_shows_only_the_applications(client, db):
    round_ = RoundFactory(applications_count=14)

    response = client.get(round_.get_absolute_url())

    assert numbers(response.text) == "Søknader 14"


def test_round_counts_sent_in_applications_once_the_deadline_has_passed(client, db, monkeypatch):
    round_ = RoundFactory(start_year=2031, end_year=2031)
    PhaseFactory(
        round=round_, order=1, opens_applications=True, starts_at=oslo(2, 1), ends_at=oslo(3, 31, 12)
    )
    ApplicationFactory.create_batch(3, round=round_)
    ApplicationFactory(round=round_, status=Application.Status.DRAFT)
    ApplicationFactory(round=round_, status=Application.Status.SHORTLISTED)

    monkeypatch.setattr(timezone, "now", lambda: oslo(3, 31, 12) - datetime.timedelta(seconds=1))
    before = client.get(round_.get_absolute_url())
    monkeypatch.setattr(timezone, "now", lambda: oslo(3, 31, 12))
    after = client.get(round_.get_absolute_url())

    assert 'class="facts round-numbers"' not in before.text
    assert numbers(after.text) == "Søknader 4"


def test_round_without_numbers_has_no_numbers_section(client, db):
    round_ = RoundFactory()

    response = client.get(round_.get_absolute_url())

    assert 'class="facts round-numbers"' not in response.text


def test_round_timeline_marks_the_current_phase_with_text_not_colour_alone(client, db, monkeypatch):
    now = datetime.datetime(2031, 3, 31, 11, 0, tzinfo=OSLO)
    monkeypatch.setattr(timezone, "now", lambda: now)
    round_ = RoundFactory(start_year=2031, end_year=2031)
    PhaseFactory(round=round_, order=1, name="Lansering", starts_at=oslo(2, 1), ends_at=oslo(3, 1))
    PhaseFactory(round=round_, order=2, name="Søknad", starts_at=oslo(3, 1), ends_at=oslo(3, 31, 12))
    PhaseFactory(round=round_, order=3, name="Utvelgelse", starts_at=oslo(4, 1))

    response = client.get(round_.get_absolute_url())

    steps = re.findall(
        r'<li class="timeline__step" data-state="(\w+)"([^>]*)>(.*?)</li>', response.text, re.S
    )
    assert [(state, attributes, text(body).split(" ")[:2]) for state, attributes, body in steps] == [
        ("past", "", ["Lansering", "(fullført)"]),
        ("current", ' aria-current="step"', ["Søknad", "Nå"]),
        ("upcoming", "", ["Utvelgelse", "1."]),
    ]


def test_round_page_queries_stay_constant_with_more_municipalities_on_the_map(client, db):
    round_ = RoundFactory(start_year=2021, end_year=2022)
    PhaseFactory(round=round_, order=1)
    located = {"latitude": Decimal("60.1"), "longitude": Decimal("10.2")}
    lead = ParticipantFactory(round=round_, municipalities=[MunicipalityFactory(**located)])
    ParticipantFactory(
        round=round_,
        role=Participant.Role.FOLLOW,
        follows=lead,
        municipalities=[MunicipalityFactory(**located)],
    )

    assert count_queries(client, round_.get_absolute_url()) == 10

    MunicipalityFactory.create_batch(30, **located)
    for _ in range(3):
        lead = ParticipantFactory(round=round_, municipalities=[MunicipalityFactory(**located)])
        for _ in range(2):
            ParticipantFactory(
                round=round_,
                role=Participant.Role.FOLLOW,
                follows=lead,
                municipalities=[MunicipalityFactory(**located), MunicipalityFactory(**located)],
            )

    assert count_queries(client, round_.get_absolute_url()) == 10
    response = client.get(round_.get_absolute_url())
    assert response.context["map"].dots.count("h0") == 30 + 2 + 3 + 12
    assert len(response.context["map"].follow) == 1 + 12


def test_round_list_counts_gnist_and_follow_municipalities_per_round(client, db):
    round_ = RoundFactory(number=7)
    lead = ParticipantFactory(round=round_)
    ParticipantFactory.create_batch(2, round=round_, role=Participant.Role.FOLLOW, follows=lead)
    RoundFactory(number=8)

    response = client.get("/runder/")

    assert [(r.number, r.gnist_count, r.follow_count) for r in response.context["rounds"]] == [
        (8, 0, 0),
        (7, 1, 2),
    ]


# --- draft rounds and the round list ------------------------------------------------------------------------


def english(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(f"municipalities:{name}", kwargs=kwargs)


def test_draft_round_page_is_404_for_an_outsider(client, cast, draft_round):
    client.force_login(cast.supplier)

    assert client.get(draft_round.get_absolute_url()).status_code == 404
    assert client.get(english("round_detail", number=draft_round.number)).status_code == 404


def test_draft_round_is_left_out_of_the_round_list_home_and_municipality_page(client, draft_round):
    municipality = MunicipalityFactory(name="Kladdeby")
    ParticipantFactory(round=draft_round, display_name="Kladdeby", municipalities=[municipality])
    RoundFactory(number=940, title="Publisert runde")

    round_list = client.get(english("round_list"))
    home = client.get("/en/")
    municipality_page = client.get(english("municipality_detail", number=municipality.number))

    assert [round_.number for round_ in round_list.context["rounds"]] == [940]
    [latest_round] = [section["round"] for section in home.context["sections"] if "round" in section]
    assert (latest_round.number, home.context["open_now"]) == (940, [])
    assert list(municipality_page.context["participations"]) == []


def test_round_list_counts_sent_in_applications_once_the_deadline_has_passed(client, db, monkeypatch):
    deadline = datetime.datetime(2031, 3, 31, 12, tzinfo=OSLO)
    counted = RoundFactory(number=961)
    PhaseFactory(round=counted, order=1, opens_applications=True, ends_at=deadline)
    ApplicationFactory.create_batch(2, round=counted)
    ApplicationFactory(round=counted, status=Application.Status.DRAFT)
    RoundFactory(number=962, applications_count=14)
    open_round = RoundFactory(number=963)
    PhaseFactory(
        round=open_round, order=1, opens_applications=True, ends_at=deadline + datetime.timedelta(days=9)
    )
    ApplicationFactory(round=open_round)
    monkeypatch.setattr(timezone, "now", lambda: deadline)

    response = client.get(english("round_list"))

    assert [(r.number, r.applications_number) for r in response.context["rounds"]] == [
        (963, None),
        (962, 14),
        (961, 2),
    ]
    assert "<dt>Applications</dt><dd>2</dd>" in response.text


def test_round_list_query_count_does_not_grow_with_rounds(client, db):
    RoundFactory(number=971)
    assert count_queries(client, english("round_list")) == 3
    for number in (972, 973, 974):
        round_ = RoundFactory(number=number)
        PhaseFactory(round=round_, order=1, opens_applications=True)
        ApplicationFactory(round=round_)
    assert count_queries(client, english("round_list")) == 3


def test_round_says_who_can_apply_while_open_and_who_could_apply_after(client, db, monkeypatch):
    round_ = RoundFactory(start_year=2031, end_year=2031, eligibility="Kommuner under 10 000 innbyggere.")
    PhaseFactory(
        round=round_, order=1, opens_applications=True, starts_at=oslo(2, 1), ends_at=oslo(3, 31, 12)
    )

    monkeypatch.setattr(timezone, "now", lambda: oslo(3, 1))
    open_ = text(client.get(round_.get_absolute_url()).text)
    monkeypatch.setattr(timezone, "now", lambda: oslo(4, 1))
    closed = text(client.get(round_.get_absolute_url()).text)

    assert ("Hvem kan søke" in open_, "Hvem kunne søke" in open_) == (True, False)
    assert ("Hvem kan søke" in closed, "Hvem kunne søke" in closed) == (False, True)


def test_round_3_table_says_its_counties_are_as_published(client, reference_data):
    caption = re.search(r"<caption>(.*?)</caption>", client.get("/runder/3/").text, re.S).group(1)

    assert caption == (
        "Gnist-kommuner etter fylke, med kommunene som fulgte dem, runde 3. "
        "Fylkene står slik programmet publiserte dem."
    )
