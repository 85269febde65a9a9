"""Questions and answers: anyone signed in asks while the phase is open; the challenge's staff (and
moderators) rephrase, answer and publish for everyone without the asker's name, clarify, or decline;
followers and the asker are e-mailed once."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from challenges import permissions, services
from challenges.models import Question
from municipalities.models import OSLO
from tests.helpers import ROLES, as_role, count_queries, denial_reason

# The challenge's staff and moderators answer; the asker (a supplier) may see the question but not answer
# it; everyone else does not know a waiting question exists.
ANSWERERS = {"staff": 302, "programme_admin": 302}


def sent() -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mail.outbox)


@pytest.fixture
def asked(cast, published, django_capture_on_commit_callbacks) -> Question:
    """A question `cast.supplier` asked about `published` (its e-mails sent and cleared)."""
    with django_capture_on_commit_callbacks(execute=True):
        question = services.ask_question(
            published, actor=cast.supplier, text="Kan Siri Leverandør AS levere sammen med andre?"
        )
    mail.outbox.clear()
    return question


# --- services -----------------------------------------------------------------------------------------


def test_asking_stores_the_question_privately_and_mails_the_staff(
    cast, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        question = services.ask_question(published, actor=cast.supplier, text="  Hvor mange boliger?  ")

    assert (question.status, question.original_text, question.text, question.asked_by) == (
        Question.Status.ASKED,
        "Hvor mange boliger?",
        "",
        cast.supplier,
    )
    assert sent() == [("staff@example.no", f"New question: {published.title}")]


def test_no_question_is_asked_when_the_phase_does_not_open_questions(cast, published):
    published.participant.round.phases.update(opens_questions=False)

    with pytest.raises(services.ChallengeLocked):
        services.ask_question(published, actor=cast.supplier, text="Hei?")


def test_a_question_deadline_closes_questions_before_the_phase(cast, published, monkeypatch):
    past = timezone.now() - datetime.timedelta(minutes=1)
    monkeypatch.setattr(permissions, "_question_deadlines", [lambda challenge: past])

    with pytest.raises(services.ChallengeLocked):
        services.ask_question(published, actor=cast.supplier, text="Hei?")


def test_the_daily_cap_refuses_one_question_too_many(cast, published):
    for number in range(services.QUESTIONS_PER_DAY):
        services.ask_question(published, actor=cast.supplier, text=f"Spørsmål {number}?")

    with pytest.raises(services.QuestionLimitReached):
        services.ask_question(published, actor=cast.supplier, text="Ett til?")

    assert Question.objects.filter(asked_by=cast.supplier).count() == services.QUESTIONS_PER_DAY


def test_answering_publishes_the_rephrased_text_and_mails_asker_and_followers_once(
    cast, published, asked, django_capture_on_commit_callbacks
):
    for person in (cast.participant, cast.other_supplier, cast.supplier, cast.staff):
        services.follow_challenge(published, actor=person)

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        services.answer_question(
            asked, actor=cast.staff, text="Kan leverandører levere sammen?", answer="Ja, som konsortium."
        )

    asked.refresh_from_db()
    assert (asked.status, asked.text, asked.original_text, asked.answered_by) == (
        Question.Status.PUBLISHED,
        "Kan leverandører levere sammen?",
        "Kan Siri Leverandør AS levere sammen med andre?",
        cast.staff,
    )
    title = published.title
    assert sent() == [
        ("other-supplier@example.no", f"New answer: {title}"),
        ("participant@example.no", f"New answer: {title}"),
        ("supplier@example.no", f"Your question is answered: {title}"),
    ]


def test_an_answer_without_rephrasing_publishes_the_question_as_asked(cast, asked):
    services.answer_question(asked, actor=cast.programme_admin, text="", answer="Ja.")

    asked.refresh_from_db()
    assert (asked.text, asked.answered_by) == (asked.original_text, cast.programme_admin)


def test_the_second_of_two_answers_at_once_changes_nothing(cast, asked):
    stale = Question.objects.get(pk=asked.pk)
    services.answer_question(asked, actor=cast.staff, text="", answer="Først.")

    with pytest.raises(services.ChallengeError):
        services.decline_question(stale, actor=cast.programme_admin)

    asked.refresh_from_db()
    assert (asked.status, asked.answer) == (Question.Status.PUBLISHED, "Først.")


@pytest.mark.parametrize("role", ["other_staff", "supplier", "participant", "juror"])
def test_only_the_challenges_staff_and_moderators_answer(cast, asked, role):
    with pytest.raises(services.ChallengeLocked):
        services.answer_question(asked, actor=getattr(cast, role), text="", answer="Nei.")


def test_declining_keeps_the_question_private_and_tells_the_asker_kindly(
    cast, published, asked, django_capture_on_commit_callbacks
):
    services.follow_challenge(published, actor=cast.participant)

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        services.decline_question(asked, actor=cast.staff, message="Dette er besvart over.")

    asked.refresh_from_db()
    assert (asked.status, asked.published_at) == (Question.Status.WITHDRAWN, None)
    assert sent() == [("supplier@example.no", f"About your question: {published.title}")]
    assert "Dette er besvart over." in mail.outbox[0].body


def test_a_clarification_is_published_and_mailed_to_followers(
    cast, published, django_capture_on_commit_callbacks
):
    services.follow_challenge(published, actor=cast.supplier)

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        clarification = services.publish_clarification(
            published, actor=cast.staff, text="Frister", answer="Fristen er 1. mars."
        )

    assert (clarification.status, clarification.is_clarification, clarification.asked_by) == (
        Question.Status.PUBLISHED,
        True,
        None,
    )
    assert sent() == [("supplier@example.no", f"New clarification: {published.title}")]


# --- views, per role ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_ask_per_role(client, cast, published, role):
    as_role(client, role)

    response = client.post(
        reverse("challenges:question_ask", args=[published.pk]), {"text": "Når starter det?"}
    )

    assert response.status_code == 302
    if role == "anonymous":
        assert response.url.startswith(reverse("account_login"))
        assert Question.objects.count() == 0
    else:
        assert response.url == published.get_absolute_url()
        assert list(Question.objects.values_list("original_text", flat=True)) == ["Når starter det?"]


def test_an_empty_question_shows_the_error_summary_and_keeps_nothing_lost(client, cast, published):
    as_role(client, "supplier")

    response = client.post(reverse("challenges:question_ask", args=[published.pk]), {"text": "   "})

    assert response.status_code == 200
    assert "ds-error-summary" in response.text
    assert Question.objects.count() == 0


def test_a_draft_takes_no_questions_and_outsiders_do_not_see_it(client, cast, complete_draft):
    as_role(client, "supplier")

    response = client.post(reverse("challenges:question_ask", args=[complete_draft.pk]), {"text": "Hei?"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("starts", "ends", "opens_questions", "reason"),
    [
        (
            datetime.datetime(2099, 3, 1, 12, tzinfo=OSLO),
            datetime.datetime(2099, 4, 1, tzinfo=OSLO),
            True,
            "Questions about this challenge can be asked from 1 March 2099 at 12:00.",
        ),
        (
            datetime.datetime(2020, 1, 1, tzinfo=OSLO),
            datetime.datetime(2020, 2, 1, tzinfo=OSLO),
            True,
            "The round's period for questions is over. No more questions are taken.",
        ),
        (
            datetime.datetime(2020, 1, 1, tzinfo=OSLO),
            datetime.datetime(2099, 2, 1, tzinfo=OSLO),
            False,  # the round has no phase for questions
            "Questions about this challenge cannot be asked now.",
        ),
    ],
)
def test_asking_outside_the_phase_for_questions_is_refused_with_the_reason(
    client, cast, published, starts, ends, opens_questions, reason
):
    published.participant.round.phases.update(starts_at=starts, ends_at=ends, opens_questions=opens_questions)
    url = f"/en{reverse('challenges:question_ask', args=[published.pk])}"
    as_role(client, "supplier")

    page = client.get(url)
    sent = client.post(url, {"text": "Hei?"})

    assert (denial_reason(page), reason in html.unescape(sent.text), Question.objects.count()) == (
        reason,
        True,
        0,
    )


def test_asking_after_the_question_deadline_gives_the_deadline(client, cast, published, monkeypatch):
    deadline = datetime.datetime(2020, 5, 4, 9, 30, tzinfo=OSLO)
    monkeypatch.setattr(permissions, "_question_deadlines", [lambda challenge: deadline])
    as_role(client, "supplier")

    response = client.get(f"/en{reverse('challenges:question_ask', args=[published.pk])}")

    assert denial_reason(response) == (
        "The deadline for questions about this challenge was 4 May 2020 at 09:30. No more questions are "
        "taken."
    )


def test_asking_about_a_closed_challenge_is_refused_with_the_reason(client, cast, published):
    services.close_challenge(published, actor=cast.staff)
    as_role(client, "supplier")

    response = client.get(f"/en{reverse('challenges:question_ask', args=[published.pk])}")

    assert denial_reason(response) == "This challenge is closed and takes no more questions."


@pytest.mark.parametrize("role", ["staff", "programme_admin"])
def test_those_who_see_a_draft_are_told_it_takes_questions_once_published(client, cast, complete_draft, role):
    as_role(client, role)

    response = client.get(f"/en{reverse('challenges:question_ask', args=[complete_draft.pk])}")

    assert denial_reason(response) == "Questions can be asked once the challenge is published."


def test_a_question_sent_after_the_phase_closed_is_refused_with_the_text_kept(client, cast, published):
    published.participant.round.phases.update(opens_questions=False)
    as_role(client, "supplier")

    response = client.post(f"/en{reverse('challenges:question_ask', args=[published.pk])}", {"text": "Hei?"})

    assert (response.status_code, Question.objects.count()) == (200, 0)
    assert "Questions about this challenge cannot be asked now." in response.text
    assert ">\nHei?</textarea>" in response.text


@pytest.mark.parametrize(
    ("action", "data", "done"),
    [
        ("question_answer", {"text": "Spørsmål?", "answer": "Svar."}, Question.Status.PUBLISHED),
        ("question_decline", {"decline-message": ""}, Question.Status.WITHDRAWN),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_answer_and_decline_per_role(client, cast, asked, role, action, data, done):
    as_role(client, role)

    response = client.post(reverse(f"challenges:{action}", args=[asked.pk]), data)

    asked.refresh_from_db()
    expected = ANSWERERS.get(role, 403 if role == "supplier" else 404)
    assert (response.status_code, asked.status) == (
        expected,
        done if expected == 302 else Question.Status.ASKED,
    )


ONLY_THE_TEAM_ANSWERS = (
    "Only the municipality's team answers questions about its challenge, and it publishes the answers on the "
    "challenge's page."
)


@pytest.mark.parametrize("action", ["question_answer", "question_decline"])
def test_the_asker_is_told_the_team_answers_and_that_they_will_hear(client, cast, asked, action):
    as_role(client, "supplier")

    response = client.post(f"/en{reverse(f'challenges:{action}', args=[asked.pk])}", {"answer": "Ja."})

    assert denial_reason(response) == (
        "Only the municipality's team answers questions about its challenge. You get an e-mail when it has "
        "answered your question or decided not to publish it."
    )


@pytest.mark.parametrize("action", ["question_answer", "question_decline"])
@pytest.mark.parametrize(
    ("handled", "role", "reason"),
    [
        (
            "answered",
            "staff",
            "This question has been handled already. It is now: Answered and published. Nothing was changed.",
        ),
        (
            "declined",
            "programme_admin",
            "This question has been handled already. It is now: Not published. Nothing was changed.",
        ),
        ("answered", "supplier", ONLY_THE_TEAM_ANSWERS),  # the asker
        ("declined", "supplier", ONLY_THE_TEAM_ANSWERS),
        ("answered", "other_staff", ONLY_THE_TEAM_ANSWERS),
        ("answered", "participant", ONLY_THE_TEAM_ANSWERS),
    ],
)
def test_a_handled_question_is_not_handled_again_and_the_page_says_why(
    client, cast, asked, action, handled, role, reason
):
    if handled == "answered":
        services.answer_question(asked, actor=cast.staff, text="", answer="Ja.")
    else:
        services.decline_question(asked, actor=cast.staff)
    url = f"/en{reverse(f'challenges:{action}', args=[asked.pk])}"
    as_role(client, role)

    response = client.post(url, {"answer": "Nei."})

    asked.refresh_from_db()
    assert (denial_reason(response), asked.answer) == (reason, "Ja." if handled == "answered" else "")


@pytest.mark.parametrize("role", ROLES)
def test_waiting_questions_page_per_role(client, cast, asked, role):
    as_role(client, role)

    response = client.get(reverse("challenges:question_list", args=[asked.challenge_id]))

    expected = {"staff": 200, "programme_admin": 200}.get(role, 404)
    assert response.status_code == expected
    if expected == 200:
        assert asked.original_text in response.text
        assert "Siri Leverandør" not in response.text.replace(asked.original_text, "")


@pytest.mark.parametrize("role", ROLES)
def test_question_page_per_role(client, cast, asked, role):
    as_role(client, role)

    with translation.override("en"):
        response = client.get(reverse("challenges:question_detail", args=[asked.pk]))

    expected = {"staff": 200, "programme_admin": 200, "supplier": 200}.get(role, 404)
    assert response.status_code == expected
    if expected == 200:
        assert ("Publish the answer" in response.text) == (role != "supplier")


@pytest.mark.parametrize("role", ROLES)
def test_clarification_per_role(client, cast, published, role):
    as_role(client, role)

    response = client.post(
        reverse("challenges:clarification_add", args=[published.pk]),
        {"text": "Frister", "answer": "1. mars."},
    )

    expected = ANSWERERS.get(role, 404)
    assert response.status_code == expected
    assert Question.objects.filter(is_clarification=True).count() == (1 if expected == 302 else 0)


def test_an_invalid_answer_is_shown_again_with_the_text_kept(client, cast, asked):
    as_role(client, "staff")

    response = client.post(
        reverse("challenges:question_answer", args=[asked.pk]), {"text": "Omformulert?", "answer": ""}
    )

    assert response.status_code == 200
    assert ("ds-error-summary" in response.text, "Omformulert?" in response.text) == (True, True)
    asked.refresh_from_db()
    assert asked.status == Question.Status.ASKED


@pytest.mark.parametrize("role", ROLES)
def test_follow_per_role(client, cast, published, role):
    user = as_role(client, role)

    response = client.post(reverse("challenges:follow", args=[published.pk]))

    assert response.status_code == 302
    assert list(published.follows.values_list("user", flat=True)) == ([user.pk] if user else [])


def test_unfollow_removes_the_follow(client, cast, published):
    services.follow_challenge(published, actor=cast.participant)
    as_role(client, "participant")

    client.post(reverse("challenges:unfollow", args=[published.pk]))

    assert published.follows.count() == 0


@pytest.mark.parametrize("action", ["follow", "question_ask"])
def test_an_action_on_the_questions_opens_the_page_at_its_message_which_links_to_them(
    client, cast, published, action
):
    as_role(client, "supplier")
    page = "/en" + published.get_absolute_url()

    response = client.post(
        "/en" + reverse(f"challenges:{action}", args=[published.pk]), {"text": "Når?"}, follow=True
    )

    # Not to #questions: on a phone that scrolls past the message at the top (base.html focuses it).
    assert response.redirect_chain == [(page, 302)]
    message = re.search(r'role="status">\s*<p class="ds-paragraph">(.*?)</p>', response.text, re.DOTALL)[1]
    assert message.endswith(' <a class="ds-link" href="#questions">Go to the questions and answers</a>')
    assert 'id="questions"' in response.text


# --- the public page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_askers_name_never_appears_on_the_challenge_page(client, cast, published, asked, role):
    services.answer_question(asked, actor=cast.staff, text="Kan flere levere sammen?", answer="Ja.")
    as_role(client, role)

    page = client.get(published.get_absolute_url()).text

    assert "Kan flere levere sammen?" in page
    assert [word for word in ("Siri", "Leverandør", "supplier@example.no") if word in page] == []


def test_the_challenge_page_shows_staff_how_many_questions_wait(client, cast, published, asked):
    as_role(client, "staff")

    page = client.get(f"/en{published.get_absolute_url()}").text

    assert "One question waits for an answer." in page


def test_the_asker_finds_their_waiting_question_on_the_challenge_page(client, cast, published, asked):
    link = f'href="/en{reverse("challenges:question_detail", args=[asked.pk])}"'
    url = f"/en{published.get_absolute_url()}"
    pages = {}
    for role in ("supplier", "other_supplier", "staff"):
        as_role(client, role)
        pages[role] = client.get(url).text

    assert (link in pages["supplier"], "Your questions" in pages["supplier"]) == (True, True)
    assert " waiting for an answer</li>" in pages["supplier"]
    assert ("Your questions" in pages["other_supplier"], link in pages["other_supplier"]) == (False, False)
    assert "Your questions" not in pages["staff"]


def test_the_asker_is_told_what_happens_to_their_question(client, cast, asked):
    as_role(client, "supplier")

    page = client.get(f"/en{reverse('challenges:question_detail', args=[asked.pk])}").text

    assert "you get an e-mail." in page


def test_those_who_answer_get_no_form_to_ask_about_the_challenge(client, cast, published):
    url = f"/en{published.get_absolute_url()}"
    as_role(client, "staff")
    staff_page = client.get(url).text
    as_role(client, "supplier")
    supplier_page = client.get(url).text

    assert ("Send question" in staff_page, "No questions wait for an answer." in staff_page) == (False, True)
    assert "Send question" in supplier_page


def _add_questions(challenge, cast, count: int) -> None:
    for number in range(count):
        question = Question.objects.create(
            challenge=challenge, original_text=f"Spørsmål {number}?", asked_by=cast.supplier
        )
        services.answer_question(question, actor=cast.staff, text="", answer=f"Svar {number}.")
        Question.objects.create(
            challenge=challenge, original_text=f"Venter {number}?", asked_by=cast.supplier
        )
    services.follow_challenge(challenge, actor=cast.staff)


@pytest.mark.parametrize("role", ["anonymous", "supplier", "staff"])
def test_the_challenge_pages_queries_do_not_grow_with_questions(client, cast, published, role):
    as_role(client, role)
    url = published.get_absolute_url()
    _add_questions(published, cast, 1)
    first = count_queries(client, url)

    _add_questions(published, cast, 6)

    assert (first, count_queries(client, url)) == ({"anonymous": 7, "supplier": 10, "staff": 9}[role],) * 2
