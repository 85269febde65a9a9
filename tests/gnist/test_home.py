"""The home page says what is open now: each running phase's deadline, else when the next phase starts."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation

from municipalities.models import OSLO, Phase
from municipalities.views.public import format_moment, whats_open
from tests.factories import PhaseFactory, RoundFactory
from tests.helpers import count_queries
from tests.municipalities.test_views import text

# 31 March 2031 is the day after the change to summer time: 12:00 in Oslo is 10:00 UTC.
DEADLINE = datetime.datetime(2031, 3, 31, 12, 0, tzinfo=OSLO)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def round_5(db):
    round_ = RoundFactory(number=5, start_year=2031, end_year=2031)
    PhaseFactory(
        round=round_,
        order=1,
        applications=True,
        starts_at=datetime.datetime(2031, 2, 1, tzinfo=OSLO),
        ends_at=DEADLINE,
    )
    PhaseFactory(
        round=round_,
        order=2,
        kind=Phase.Kind.SELECTION,
        starts_at=datetime.datetime(2031, 4, 7, tzinfo=OSLO),
        ends_at=datetime.datetime(2031, 5, 1, tzinfo=OSLO),
    )
    return round_


def home(client, monkeypatch, now: datetime.datetime, language: str = "nb"):
    monkeypatch.setattr(timezone, "now", lambda: now)
    with translation.override(language):
        url = reverse("home")
    return client.get(url)


def round_url(round_, language: str) -> str:
    with translation.override(language):
        return round_.get_absolute_url()


def open_now(html: str) -> list[str]:
    if 'id="open-now-heading"' not in html:
        return []
    section = html.split('id="open-now-heading"', 1)[1].split("</section>", 1)[0]
    return [text(item) for item in section.split("<li>")[1:]]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", "31. mars kl. 12.00"), ("nn", "31. mars kl. 12.00"), ("en", "31 March at 12:00")],
)
def test_format_moment_reads_as_each_language_writes_a_deadline(language, expected):
    with translation.override(language):
        assert format_moment(DEADLINE, now=DEADLINE) == expected


def test_format_moment_adds_the_year_only_when_it_is_not_this_year():
    with translation.override("nb"):
        assert format_moment(DEADLINE, now=DEADLINE.replace(year=2030), with_time=False) == "31. mars 2031"
    with translation.override("en"):
        assert format_moment(DEADLINE, now=DEADLINE.replace(year=2030)) == "31 March 2031 at 12:00"


def test_home_shows_the_application_deadline_a_second_before_it(client, monkeypatch, round_5):
    response = home(client, monkeypatch, DEADLINE - SECOND, "en")

    assert open_now(response.text) == [
        "The application deadline for round 5 is 31 March at 12:00. About round 5 Sign in to apply"
    ]
    assert f'<a class="ds-link" href="{round_url(round_5, "en")}">About round 5</a>' in response.text


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_home_shows_the_deadline_in_norwegian(client, monkeypatch, round_5, language):
    response = home(client, monkeypatch, DEADLINE - SECOND, language)

    [notice] = open_now(response.text)
    # The sentence's words come from locale/ (translated there); the date and time are formatted in the view.
    assert "31. mars kl. 12.00." in notice
    assert f'href="{round_url(round_5, language)}"' in response.text.split('id="open-now-heading"', 1)[1]


def test_home_shows_the_next_phase_at_the_deadline(client, monkeypatch, round_5):
    response = home(client, monkeypatch, DEADLINE, "en")

    assert open_now(response.text) == ["Next in round 5: Selection from 7 April. About round 5"]
    assert "Coming up" in response.text


def test_home_shows_when_applications_open_before_they_do(client, monkeypatch, round_5):
    response = home(client, monkeypatch, datetime.datetime(2030, 12, 1, tzinfo=OSLO), "en")

    assert open_now(response.text) == ["Applications for round 5 open 1 February 2031. About round 5"]


def test_home_says_nothing_when_nothing_is_open_or_scheduled(client, monkeypatch, round_5):
    response = home(client, monkeypatch, datetime.datetime(2031, 6, 1, tzinfo=OSLO), "en")

    assert open_now(response.text) == []


def test_whats_open_lists_every_open_phase_across_rounds_soonest_deadline_first(round_5):
    other = RoundFactory(number=6, start_year=2031, end_year=2032)
    PhaseFactory(
        round=other,
        order=1,
        kind=Phase.Kind.OFFERS,
        opens_offers=True,
        starts_at=datetime.datetime(2031, 3, 1, tzinfo=OSLO),
        ends_at=datetime.datetime(2031, 3, 20, 23, 59, tzinfo=OSLO),
    )

    with translation.override("en"):
        notices = whats_open(datetime.datetime(2031, 3, 10, tzinfo=OSLO), AnonymousUser())

    assert [(notice.text, notice.link_text) for notice in notices] == [
        ("The deadline for offers in round 6 is 20 March.", "About round 6"),
        ("The application deadline for round 5 is 31 March at 12:00.", "About round 5"),
    ]


def test_home_shows_the_latest_round_section_after_the_programme_parts(client, monkeypatch, round_5):
    response = home(client, monkeypatch, DEADLINE - SECOND, "en")

    headings = re.findall(r'<h2 [^>]*id="([\w-]+)"', response.text)
    assert headings == ["open-now-heading", "parts-heading", "round-heading", "more-heading"]
    assert "Latest round: round 5" in response.text


def test_home_queries_stay_constant_with_more_phases(client, monkeypatch, round_5):
    monkeypatch.setattr(timezone, "now", lambda: DEADLINE - SECOND)

    # Cold: the rounds' phases with their rounds' timelines (two, kept for everyone, signed in or not), the
    # challenge writing's "open now", the latest round with its phases (two), and when the next phase opens
    # or closes.
    assert count_queries(client, "/") == 6

    for number in range(10, 20):
        round_ = RoundFactory(number=number, start_year=2031, end_year=2032)
        for order in range(3):
            PhaseFactory(
                round=round_,
                order=order,
                opens_applications=True,
                starts_at=datetime.datetime(2031, 1, 1 + order, tzinfo=OSLO),
                ends_at=datetime.datetime(2031, 12, 1, tzinfo=OSLO),
            )

    assert count_queries(client, "/") == 6
    assert count_queries(client, "/", warm=True) == 0
    assert len(open_now(client.get("/").text)) == 31


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Gnist 2031", "Gnist 2031 \N{EN DASH} Bolig"),
        ("Sammen for smarte byer", "Sammen for smarte byer (2031) \N{EN DASH} Bolig"),
    ],
)
def test_home_latest_round_adds_the_years_only_when_its_title_lacks_them(client, round_5, title, shown):
    round_5.title, round_5.theme = title, "Bolig"
    round_5.save()

    section = re.search(r'id="round-heading".*?</p>', client.get(reverse("home")).text, re.S).group(0)

    assert text(section).endswith(shown)
