"""What the challenges pages cost in queries, cold (empty cache), for every role of the cast: at most ten
(issue 9), and the same with more of everything they show (style.md rule 23)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges import permissions, services
from challenges.models import AlertSubscription, Challenge, Question, SustainableDevelopmentGoal
from tests.challenges.test_files import add_attachment, add_image
from tests.factories import ThemeFactory
from tests.helpers import ROLES, as_role, count_queries

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


@pytest.fixture
def near_offer_deadline(published):
    """Question and offer deadlines five days ahead: the page says until when questions are taken, and the
    staff are warned after each answer."""

    def offer_deadline(challenge):
        return timezone.now() + datetime.timedelta(days=5)

    permissions.register_offer_deadline(offer_deadline)
    permissions.register_question_deadline(offer_deadline)
    yield
    permissions.unregister_offer_deadline(offer_deadline)
    permissions.unregister_question_deadline(offer_deadline)


def _grow(challenge, cast, count: int) -> None:
    """`count` more of everything the challenges pages show: answered, waiting and declined questions,
    clarifications, published edits, themes, goals, images, attachments, follows and alerts, and a
    challenge waiting for review."""
    goals = SustainableDevelopmentGoal.objects.exclude(challenges=challenge).order_by("number")[:count]
    challenge.goals.add(*goals)
    for _number in range(count):
        challenge.themes.add(ThemeFactory())
        theme = ThemeFactory()
        for user in (cast.supplier, cast.staff, cast.programme_admin):
            AlertSubscription.objects.create(user=user, theme=theme)
        answered = services.ask_question(challenge, actor=cast.supplier, text="Kan vi levere sammen?")
        services.answer_question(answered, actor=cast.staff, text="", answer="Ja.")
        declined = services.ask_question(challenge, actor=cast.supplier, text="Hvem er du?")
        services.decline_question(declined, actor=cast.staff)
        services.ask_question(challenge, actor=cast.supplier, text="Hvor mange bor der?")
        services.publish_clarification(challenge, actor=cast.staff, text="Om tid", answer="Vi har tid.")
        challenge = Challenge.objects.get(pk=challenge.pk)
        services.save_challenge(
            challenge,
            actor=cast.staff,
            version=challenge.version,
            data={"summary": f"{challenge.summary} Mer."},
            themes=challenge.themes.all(),
            goals=challenge.goals.all(),
        )
        add_image(challenge)
        add_attachment(challenge)
        waiting = services.create_challenge(challenge.participant, actor=cast.staff, title="Hvordan vente?")
        waiting.summary, waiting.background, waiting.needs = "Kort.", "Bakgrunn.", "Behov."
        waiting.save()
        waiting.themes.add(ThemeFactory())
        services.submit_challenge(waiting, actor=cast.staff)
    for user in (cast.participant, cast.supplier, cast.staff, cast.juror, cast.programme_admin):
        services.follow_challenge(challenge, actor=user)


# Cold: the session and the user; the challenge (with its participant, round, similar list, themes, goals and
# attachments, and the viewer's follow and the waiting count); the round's phases, the participant's
# municipalities, images, published questions and public changes; whose staff the viewer is; for the
# programme admin whether they have two-factor authentication. Anonymous: no session or user, but the page
# cache asks when a phase next opens or closes.
# Signed in: the session and the user on top of the anonymous page; those who may ask also read their own
# questions that wait (staff of the challenge answer instead).
CHALLENGE_PAGE = {role: 10 for role in SIGNED_IN} | {"anonymous": 7, "staff": 9}


@pytest.mark.parametrize("role", ROLES)
def test_the_challenge_page_costs_at_most_ten_queries_however_much_it_shows(
    client, cast, published, near_offer_deadline, role
):
    url = published.get_absolute_url()
    _grow(published, cast, 1)
    as_role(client, role)
    first = count_queries(client, url)

    _grow(published, cast, 3)

    assert (first, count_queries(client, url)) == (CHALLENGE_PAGE[role],) * 2


@pytest.mark.parametrize("role", ["staff", "programme_admin"])
def test_the_questions_page_costs_at_most_ten_queries_however_many_questions(
    client, cast, published, near_offer_deadline, role
):
    url = reverse("challenges:question_list", args=[published.pk])
    _grow(published, cast, 1)
    as_role(client, role)
    first = count_queries(client, url)

    _grow(published, cast, 3)

    assert (first, count_queries(client, url)) == ({"staff": 9, "programme_admin": 10}[role],) * 2


def test_the_review_queue_costs_the_same_however_many_wait(client, cast, published):
    url = reverse("challenges:review_list")
    _grow(published, cast, 1)
    as_role(client, "programme_admin")
    first = count_queries(client, url)

    _grow(published, cast, 3)

    assert (first, count_queries(client, url)) == (4, 4)


# The profile with the challenges' sections ("Your challenges" or the review queue, what the person follows,
# their alerts). Municipality staff pay one more (their teams' municipalities in the municipalities' section),
# the programme admin too (their two-factor authentication, asked by the profile itself).
PROFILE = {role: 8 for role in SIGNED_IN} | {"programme_admin": 9}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_profiles_challenges_sections_cost_the_same_however_many_follows(client, cast, published, role):
    url = reverse("accounts:profile")
    _grow(published, cast, 1)
    as_role(client, role)
    first = count_queries(client, url)

    _grow(published, cast, 3)

    assert (first, count_queries(client, url)) == (PROFILE[role],) * 2


def test_the_grown_data_holds_every_kind_of_question(cast, published, near_offer_deadline):
    """The data above really holds what the counts claim to cover."""
    _grow(published, cast, 2)

    assert sorted(published.questions.values_list("status", "is_clarification")) == sorted(
        [(Question.Status.PUBLISHED, False)] * 2
        + [(Question.Status.WITHDRAWN, False)] * 2
        + [(Question.Status.ASKED, False)] * 2
        + [(Question.Status.PUBLISHED, True)] * 2
    )
