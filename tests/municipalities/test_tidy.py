"""Draft rounds stay off public pages, the round list's application numbers, the Django admin's membership
actions, count messages with plurals and names joined as a list."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from municipalities.forms import ApplicationForm
from municipalities.models import OSLO, Application, Membership, Municipality, Phase, Round, join_names
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    MunicipalityFactory,
    ParticipantFactory,
    PhaseFactory,
    RoundFactory,
    UserFactory,
)
from tests.helpers import count_queries

MEMBERSHIP_ADMIN = "/admin/municipalities/membership/"


def english(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(f"municipalities:{name}", kwargs=kwargs)


@pytest.fixture
def draft(db):
    round_ = RoundFactory(number=950, title="Kladderunde", is_draft=True)
    now = timezone.now()
    PhaseFactory(
        round=round_,
        order=1,
        opens_applications=True,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    return round_


def test_round_objects_published_leaves_out_drafts(draft):
    published = RoundFactory(number=951)

    assert list(Round.objects.published()) == [published]


def test_draft_round_page_is_404_for_an_outsider(client, cast, draft):
    client.force_login(cast.supplier)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(english("round_detail", number=draft.number)).status_code == 404


def test_draft_round_is_left_out_of_the_round_list_home_and_municipality_page(client, draft):
    municipality = MunicipalityFactory(name="Kladdeby")
    ParticipantFactory(round=draft, display_name="Kladdeby", municipalities=[municipality])
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
    assert count_queries(client, english("round_list")) == 2
    for number in (972, 973, 974):
        round_ = RoundFactory(number=number)
        PhaseFactory(round=round_, order=1, opens_applications=True)
        ApplicationFactory(round=round_)
    assert count_queries(client, english("round_list")) == 2


def test_phase_open_or_upcoming_at_leaves_out_past_and_undated_phases(db):
    now = datetime.datetime(2031, 3, 1, tzinfo=OSLO)
    day = datetime.timedelta(days=1)
    round_ = RoundFactory()
    running = PhaseFactory(round=round_, starts_at=now - day, ends_at=now + day)
    upcoming = PhaseFactory(round=round_, starts_at=now + day)
    PhaseFactory(round=round_, starts_at=now - 2 * day, ends_at=now)
    PhaseFactory(round=round_)

    assert set(Phase.objects.open_or_upcoming_at(now)) == {running, upcoming}


def test_municipality_map_points_uses_the_coordinates_valid_on_the_day(db):
    MunicipalityFactory(number="4224", latitude="58.6", longitude="7.4", valid_from=datetime.date(2020, 1, 1))
    MunicipalityFactory(number="4225")  # without coordinates

    points = Municipality.objects.map_points(datetime.date(2024, 1, 1))

    assert list(points) == [(Decimal("58.60000"), Decimal("7.40000"))]


def test_join_names_as_a_list_in_running_text():
    with translation.override("en"):
        assert [join_names([]), join_names(["A"]), join_names(["A", "B"]), join_names(["A", "B", "C"])] == [
            "",
            "A",
            "A and B",
            "A, B and C",
        ]


def test_question_rule_message_names_the_rule_in_the_language():
    form = ApplicationForm.__new__(ApplicationForm)
    form.cleaned_data = {"question": "Kan vi bli bedre?"}
    with pytest.raises(Exception) as error:
        form.clean_question()

    # The message is lazy: it is read in the language active where it is shown.
    with translation.override("en"):
        assert error.value.messages == [
            "Phrase the challenge as a question that starts with “How” and ends with a question mark."
        ]
    assert error.value.messages == [
        "Formuler utfordringen som et spørsmål som begynner med «Hvordan» og slutter med spørsmålstegn."
    ]


# --- the Django admin's membership actions ---------------------------------------------------------------


@pytest.fixture
def admin_client(client, cast, settings):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    client.force_login(cast.programme_admin)
    return client


def _action(client, action: str, memberships) -> list[tuple[str, str]]:
    response = client.post(
        MEMBERSHIP_ADMIN, {"action": action, "_selected_action": [m.pk for m in memberships]}, follow=True
    )
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def _requests(cast, count: int) -> list[Membership]:
    return [
        MembershipFactory(
            user=UserFactory(name=f"Søker {n}", email=f"soker{n}@example.no"),
            municipality=cast.municipality,
            status=Membership.Status.PENDING,
        )
        for n in range(count)
    ]


def test_admin_approves_selected_requests_and_warns_about_each_refusal(
    admin_client, cast, django_capture_on_commit_callbacks
):
    waiting, other = _requests(cast, 2)
    declined = MembershipFactory(
        user=UserFactory(name="Avslått Person"),
        municipality=cast.municipality,
        status=Membership.Status.DECLINED,
        decided_by=cast.staff,
    )

    with django_capture_on_commit_callbacks(execute=True):
        flashed = _action(admin_client, "approve_requests", [waiting, other, declined])

    # The refusal is the service's own message (in the admin's language), one warning per refused request.
    assert [(level, "Avslått Person" in text) for level, text in flashed] == [
        ("warning", True),
        ("success", False),
    ]
    assert flashed[1] == ("success", "2 forespørsler er godkjent.")
    assert (
        list(Membership.objects.filter(pk__in=[waiting.pk, other.pk]).values_list("status", "decided_by"))
        == [("approved", cast.programme_admin.pk)] * 2
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["soker0@example.no", "soker1@example.no"]


def test_admin_declines_one_selected_request(admin_client, cast, django_capture_on_commit_callbacks):
    (waiting,) = _requests(cast, 1)

    with django_capture_on_commit_callbacks(execute=True):
        flashed = _action(admin_client, "decline_requests", [waiting])

    waiting.refresh_from_db()
    assert flashed == [("success", "1 forespørsel er avslått.")]
    assert (waiting.status, waiting.decided_by) == ("declined", cast.programme_admin)
    assert [m.to for m in mail.outbox] == [["soker0@example.no"]]


def test_removed_member_is_shown_as_removed_in_the_admin_list(admin_client, cast):
    MembershipFactory(
        user=UserFactory(name="Tidligere Medlem"),
        municipality=cast.municipality,
        status=Membership.Status.REMOVED,
    )

    response = admin_client.get(MEMBERSHIP_ADMIN + "?status__exact=removed")

    assert response.context["cl"].result_count == 1
    assert '<td class="field-status">Fjernet</td>' in response.text
