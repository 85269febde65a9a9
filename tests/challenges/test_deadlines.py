"""The competition's deadlines, which the solutions app registers with `challenges.permissions`: questions
close at the question deadline, and an answer or clarification published less than six days before the
offer deadline warns the challenge's staff and the programme (never suppliers or visitors) to extend it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges import permissions, services
from challenges.models import Question
from tests.helpers import ROLES, as_role, count_queries

WARNING = "less than six days before the offer deadline"


class Deadlines:
    """The deadlines a test's competition has: None until the test sets them."""

    question: datetime.datetime | None = None
    offer: datetime.datetime | None = None

    def question_deadline(self, challenge):
        return self.question

    def offer_deadline(self, challenge):
        return self.offer


@pytest.fixture
def deadlines():
    """Providers registered as the solutions app will register them, and unregistered afterwards."""
    deadlines = Deadlines()
    permissions.register_question_deadline(deadlines.question_deadline)
    permissions.register_offer_deadline(deadlines.offer_deadline)
    yield deadlines
    permissions.unregister_question_deadline(deadlines.question_deadline)
    permissions.unregister_offer_deadline(deadlines.offer_deadline)


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def asked(cast, published) -> Question:
    return services.ask_question(published, actor=cast.supplier, text="Kan vi levere sammen?")


# --- the registries -------------------------------------------------------------------------------------


def test_the_registries_give_the_earliest_deadline_and_nothing_once_unregistered(published, deadlines):
    def later(challenge):
        return in_days(30)

    deadlines.question, deadlines.offer = in_days(2), in_days(10)
    permissions.register_question_deadline(later)
    permissions.register_offer_deadline(later)
    registered = (permissions.question_deadline(published), permissions.offer_deadline(published))
    permissions.unregister_question_deadline(later)
    permissions.unregister_offer_deadline(later)
    permissions.unregister_question_deadline(deadlines.question_deadline)
    permissions.unregister_offer_deadline(deadlines.offer_deadline)
    try:
        unregistered = (permissions.question_deadline(published), permissions.offer_deadline(published))
    finally:
        permissions.register_question_deadline(deadlines.question_deadline)
        permissions.register_offer_deadline(deadlines.offer_deadline)

    assert (registered, unregistered) == ((deadlines.question, deadlines.offer), (None, None))


def test_a_provider_without_a_competition_leaves_the_phase_in_charge(cast, published, deadlines):
    question = services.ask_question(published, actor=cast.supplier, text="Hei?")

    assert question.status == Question.Status.ASKED


# --- the question deadline ------------------------------------------------------------------------------


def test_questions_are_taken_until_the_question_deadline(client, cast, published, deadlines):
    deadlines.question = in_days(1)
    as_role(client, "supplier")

    response = client.post(reverse("challenges:question_ask", args=[published.pk]), {"text": "Hei?"})

    assert (response.status_code, Question.objects.count()) == (302, 1)


def test_a_question_after_the_question_deadline_is_refused_with_a_message(client, cast, published, deadlines):
    deadlines.question = timezone.now() - datetime.timedelta(minutes=1)
    as_role(client, "supplier")
    url = f"/en{reverse('challenges:question_ask', args=[published.pk])}"

    response = client.post(url, {"text": "For sent?"})

    assert (response.status_code, Question.objects.count()) == (200, 0)
    assert "The deadline for questions about this challenge was" in response.text
    assert ">\nFor sent?</textarea>" in response.text
    assert client.get(url).status_code == 403


def test_the_challenge_page_says_when_questions_close_and_that_they_closed(
    client, cast, published, deadlines
):
    as_role(client, "supplier")
    url = f"/en{published.get_absolute_url()}"
    deadlines.question = in_days(3)
    open_page = client.get(url).text

    deadlines.question = timezone.now() - datetime.timedelta(minutes=1)
    closed_page = client.get(url).text

    assert (
        "Questions can be asked until" in open_page,
        "Send question" in open_page,
        "The deadline for questions was" in closed_page,
        "Send question" in closed_page,
    ) == (True, True, True, False)


# --- the six-day warning --------------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "warned"), [(5, True), (7, False)])
def test_answering_close_to_the_offer_deadline_warns_after_publishing(
    client, cast, asked, deadlines, days, warned
):
    deadlines.offer = in_days(days)
    as_role(client, "staff")

    response = client.post(
        f"/en{reverse('challenges:question_answer', args=[asked.pk])}",
        {"text": "Kan flere levere sammen?", "answer": "Ja."},
        follow=True,
    )

    assert (response.resolver_match.url_name, WARNING in response.text) == ("question_list", warned)


@pytest.mark.parametrize(("days", "warned"), [(5, True), (7, False)])
def test_a_clarification_close_to_the_offer_deadline_warns_after_publishing(
    client, cast, published, deadlines, days, warned
):
    deadlines.offer = in_days(days)
    as_role(client, "programme_admin")

    response = client.post(
        f"/en{reverse('challenges:clarification_add', args=[published.pk])}",
        {"text": "Om budsjettet", "answer": "Rammen er 400 000 kroner."},
        follow=True,
    )

    assert (Question.objects.filter(is_clarification=True).count(), WARNING in response.text) == (1, warned)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_and_moderators_see_the_warning_on_the_challenge_page(
    client, cast, asked, deadlines, role
):
    services.answer_question(asked, actor=cast.staff, text="", answer="Ja.")
    deadlines.offer = in_days(5)
    as_role(client, role)

    page = client.get(f"/en{asked.challenge.get_absolute_url()}").text

    assert ("Ja." in page, WARNING in page) == (True, role in ("staff", "programme_admin"))


@pytest.mark.parametrize(("days", "warned"), [(5, True), (7, False)])
def test_the_questions_page_warns_staff_while_the_offer_deadline_is_close(
    client, cast, asked, deadlines, days, warned
):
    services.answer_question(asked, actor=cast.staff, text="", answer="Ja.")
    deadlines.offer = in_days(days)
    as_role(client, "staff")

    page = client.get(f"/en{reverse('challenges:question_list', args=[asked.challenge_id])}").text

    assert (WARNING in page) is warned


def test_extending_the_offer_deadline_ends_the_warning_and_a_passed_one_warns_no_more(
    client, cast, asked, deadlines
):
    services.answer_question(asked, actor=cast.staff, text="", answer="Ja.")
    as_role(client, "staff")
    url = f"/en{asked.challenge.get_absolute_url()}"
    pages = []
    for deadline in (in_days(5), in_days(10), timezone.now() - datetime.timedelta(minutes=1)):
        deadlines.offer = deadline
        pages.append(WARNING in client.get(url).text)

    assert pages == [True, False, False]


def test_no_answer_yet_means_no_warning(client, cast, published, deadlines):
    deadlines.offer = in_days(2)
    as_role(client, "staff")

    page = client.get(f"/en{published.get_absolute_url()}").text

    assert (WARNING in page, "No questions have been answered yet." in page) == (False, True)


@pytest.mark.parametrize("role", ["staff", "programme_admin"])
def test_the_warning_costs_no_queries_that_grow(client, cast, published, deadlines, role):
    deadlines.offer = in_days(5)
    as_role(client, role)
    urls = [published.get_absolute_url(), reverse("challenges:question_list", args=[published.pk])]
    question = Question.objects.create(challenge=published, original_text="En?", asked_by=cast.supplier)
    services.answer_question(question, actor=cast.staff, text="", answer="Svar.")
    first = [count_queries(client, url) for url in urls]

    for number in range(5):
        question = Question.objects.create(
            challenge=published, original_text=f"{number}?", asked_by=cast.supplier
        )
        services.answer_question(question, actor=cast.staff, text="", answer=f"Svar {number}.")

    assert (first, [count_queries(client, url) for url in urls]) == (
        {"staff": [9, 9], "programme_admin": [10, 10]}[role],
    ) * 2


def test_the_challenge_page_asks_each_provider_once(client, cast, published):
    """Several predicates on the page need the deadlines; a provider may query, so it is asked once."""
    asked = []

    def question_deadline(challenge):
        asked.append("question")
        return in_days(5)

    def offer_deadline(challenge):
        asked.append("offer")
        return in_days(5)

    services.answer_question(
        services.ask_question(published, actor=cast.supplier, text="Kan vi levere sammen?"),
        actor=cast.staff,
        text="",
        answer="Ja.",
    )
    as_role(client, "staff")
    permissions.register_question_deadline(question_deadline)
    permissions.register_offer_deadline(offer_deadline)
    try:
        page = client.get(f"/en{published.get_absolute_url()}").text
    finally:
        permissions.unregister_question_deadline(question_deadline)
        permissions.unregister_offer_deadline(offer_deadline)

    assert (sorted(asked), WARNING in page) == (["offer", "question"], True)
