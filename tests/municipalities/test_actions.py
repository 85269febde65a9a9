# ruff: noqa: F811 -- the application fixtures shared from test_applications are parameters here
"""municipalities.actions: every open phase shows its action where people look (home, round, municipality,
team, profile, application list) to those who may act, and what to do first to those who may not yet."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from municipalities.models import OSLO, Application, Membership
from tests.factories import ApplicationFactory, MembershipFactory, PhaseFactory, RoundFactory, UserFactory
from tests.helpers import as_role, count_queries
from tests.municipalities.test_applications import open_now, round_  # noqa: F401 -- shared fixtures
from tests.municipalities.test_views import text

START = "/en/soknader/runder/900/ny/"
SENT_AT = datetime.datetime(2030, 1, 20, 12, tzinfo=OSLO)
SENT_AT = datetime.datetime(2030, 1, 20, 12, tzinfo=OSLO)


def actions(html: str) -> list[str]:
    """The visible text of each action on a page (gnist/_actions.html)."""
    found = re.findall(
        r'<p class="ds-paragraph action">(.*?)</p>|<form class="action"[^>]*>(.*?)</form>', html, re.S
    )
    return [unescape(text(paragraph or form)) for paragraph, form in found]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["Sign in to apply"]),
        (
            "participant",
            ["Only a municipality's team can apply. Find your municipality and ask to join its team"],
        ),
        (
            "supplier",
            ["Only a municipality's team can apply. Find your municipality and ask to join its team"],
        ),
        ("staff", ["Apply to round 900"]),
        ("other_staff", ["Apply to round 900"]),
    ],
)
def test_home_offers_each_role_the_application_or_what_to_do_first(
    client, cast, round_, open_now, role, expected
):
    as_role(client, role)

    assert actions(client.get("/en/").text) == expected


def test_sign_in_to_apply_comes_back_to_the_application_form(client, cast, round_, open_now):
    with translation.override("en"):
        sign_in = reverse("account_login")

    assert f'href="{sign_in}?next=/en/soknader/runder/900/ny/"' in client.get("/en/").text


def test_a_pending_request_says_it_is_waiting(client, cast, round_, open_now):
    MembershipFactory(user=cast.participant, municipality=cast.municipality, status=Membership.Status.PENDING)
    as_role(client, "participant")

    assert actions(client.get("/en/").text) == [
        "Your request to join Castrup's team is waiting for approval."
    ]


def test_the_municipality_page_asks_a_signed_in_outsider_to_join_its_team(client, cast, round_, open_now):
    as_role(client, "participant")

    html = client.get(f"/en/kommuner/{cast.municipality.number}/").text

    assert actions(html) == ["Only a municipality's team can apply. Ask to join Castrup's team"]
    assert f'action="/en/kommuner/{cast.municipality.number}/team/bli-med/"' in html


def test_a_draft_is_continued_not_started_again(client, cast, round_, open_now):
    draft = ApplicationFactory(round=round_, municipality=cast.municipality, status=Application.Status.DRAFT)
    as_role(client, "staff")

    html = client.get(round_.get_absolute_url().replace("/runder", "/en/runder", 1)).text

    assert actions(html) == ["Continue the application"]
    assert f'href="/en/soknader/{draft.pk}/rediger/"' in html


@pytest.fixture
def sent(cast, round_):
    return ApplicationFactory(round=round_, municipality=cast.municipality, submitted_at=SENT_AT)


def test_a_sent_application_shows_its_status_instead_of_apply(client, cast, round_, open_now, sent):
    as_role(client, "staff")

    for url in ["/en/", "/en/soknader/", f"/en/kommuner/{cast.municipality.number}/team/", "/en/profil/"]:
        html = client.get(url).text
        assert actions(html) == ["The application was sent 20 January at 12:00. Read the application"], url
        assert f'href="/en/soknader/{sent.pk}/"' in html


def test_staff_of_two_municipalities_get_an_action_for_each(client, cast, round_, open_now):
    MembershipFactory(
        user=cast.staff, municipality=cast.other_municipality, status=Membership.Status.APPROVED
    )
    ApplicationFactory(round=round_, municipality=cast.other_municipality, submitted_at=SENT_AT)
    as_role(client, "staff")

    assert actions(client.get("/en/").text) == [
        "Andrestad's application was sent 20 January at 12:00. Read the application",
        "Apply to round 900 for Castrup",
    ]


def test_starting_a_sent_application_again_shows_it_with_its_status(client, cast, round_, open_now, sent):
    as_role(client, "staff")

    response = client.post(START, {"municipality": cast.municipality.pk})

    assert response.url == sent.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Castrup's application was sent 20 January at 12:00."
    ]


def test_a_closed_phase_offers_nothing(client, cast, round_):
    as_role(client, "staff")

    assert actions(client.get("/en/").text) == []


def test_pages_with_actions_keep_their_query_counts_as_rounds_and_applications_grow(
    client, cast, round_, open_now
):
    as_role(client, "staff")
    pages = {
        "/en/": 11,
        "/en/soknader/": 6,
        f"/en/kommuner/{cast.municipality.number}/": 12,
        f"/en/kommuner/{cast.municipality.number}/team/": 8,
        "/en/profil/": 9,  # + the challenges section: follows, alert count
    }
    ApplicationFactory(round=RoundFactory(number=800), municipality=cast.municipality)
    assert {url: count_queries(client, url) for url in pages} == pages

    for number in range(901, 905):
        other = RoundFactory(number=number)
        phase = round_.application_phase
        PhaseFactory(round=other, applications=True, starts_at=phase.starts_at, ends_at=phase.ends_at)
        ApplicationFactory(round=other, municipality=cast.municipality)
        MembershipFactory(
            user=UserFactory(), municipality=cast.municipality, status=Membership.Status.APPROVED
        )

    assert {url: count_queries(client, url) for url in pages} == pages
    assert len(actions(client.get("/en/").text)) == 5
