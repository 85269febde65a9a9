"""The programme's admin for challenges: it reads, and acts only through the services (publish, ask for
changes with a comment); nobody edits a status or a text there."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail

from challenges import services
from challenges.models import Challenge
from tests.factories import programme_staff

CHALLENGES = "/admin/challenges/challenge/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def in_review(cast, complete_draft) -> Challenge:
    return services.submit_challenge(complete_draft, actor=cast.staff)


def test_the_publish_action_publishes_through_the_service(
    client, cast, in_review, django_capture_on_commit_callbacks
):
    client.force_login(cast.programme_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHALLENGES, {"action": "publish", "_selected_action": [in_review.pk]})

    in_review.refresh_from_db()
    assert (in_review.status, in_review.published_by) == (Challenge.Status.PUBLISHED, cast.programme_admin)
    assert [message.to for message in mail.outbox] == [["staff@example.no"]]
    assert response.status_code == 302


def test_the_publish_action_skips_a_draft_and_says_why(client, cast, in_review, complete_draft, participant):
    draft = services.create_challenge(participant, actor=cast.staff, title="Hvordan kan vi bo?")
    client.force_login(cast.programme_admin)

    response = client.post(
        f"/en{CHALLENGES}", {"action": "publish", "_selected_action": [in_review.pk, draft.pk]}, follow=True
    )

    assert messages_of(response) == [
        "Hvordan kan vi bo?: Only programme admins publish challenges, and only those in review.",
        "1 challenge published.",
    ]
    assert Challenge.objects.get(pk=draft.pk).status == Challenge.Status.DRAFT


def test_asking_for_changes_in_the_admin_first_asks_for_the_comment(client, cast, in_review):
    client.force_login(cast.programme_admin)

    page = client.post(CHALLENGES, {"action": "request_changes", "_selected_action": [in_review.pk]})
    response = client.post(
        CHALLENGES,
        {
            "action": "request_changes",
            "_selected_action": [in_review.pk],
            "apply": "1",
            "comment": "Legg til kontaktperson.",
        },
    )

    in_review.refresh_from_db()
    assert (page.status_code, 'name="comment"' in page.text) == (200, True)
    assert response.status_code == 302
    assert (in_review.status, in_review.review_comment) == (
        Challenge.Status.CHANGES_REQUESTED,
        "Legg til kontaktperson.",
    )


def test_asking_for_changes_without_a_comment_changes_nothing(client, cast, in_review):
    client.force_login(cast.programme_admin)

    response = client.post(
        CHALLENGES,
        {"action": "request_changes", "_selected_action": [in_review.pk], "apply": "1", "comment": ""},
    )

    assert response.status_code == 200
    assert Challenge.objects.get(pk=in_review.pk).status == Challenge.Status.IN_REVIEW


def test_the_review_actions_need_the_moderators_permission(client, in_review):
    viewer = programme_staff("challenges.view_challenge")
    client.force_login(viewer)

    listing = client.get(CHALLENGES)
    response = client.post(CHALLENGES, {"action": "publish", "_selected_action": [in_review.pk]})

    assert listing.context["action_form"] is None
    assert response.status_code == 200
    assert Challenge.objects.get(pk=in_review.pk).status == Challenge.Status.IN_REVIEW


def test_the_change_page_only_reads_the_challenge_and_its_log(client, cast, in_review):
    client.force_login(cast.programme_admin)

    page = client.get(f"{CHALLENGES}{in_review.pk}/change/")
    response = client.post(f"{CHALLENGES}{in_review.pk}/change/", {"status": "published", "title": "Hack?"})

    assert [formset.formset.model.__name__ for formset in page.context["inline_admin_formsets"]] == [
        "ChallengeEvent",
        "ChallengeImage",
        "ChallengeAttachment",
    ]
    assert response.status_code == 403
    stored = Challenge.objects.get(pk=in_review.pk)
    assert (stored.status, stored.title) == (
        Challenge.Status.IN_REVIEW,
        "Hvordan kan flere unge bo i sentrum?",
    )


def test_the_goals_are_listed_read_only(client, cast):
    client.force_login(cast.programme_admin)

    response = client.get("/admin/challenges/sustainabledevelopmentgoal/")

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 17
    assert client.get("/admin/challenges/sustainabledevelopmentgoal/add/").status_code == 403


def test_a_moderator_without_superuser_rights_publishes(client, in_review):
    moderator = programme_staff("challenges.view_challenge", "challenges.change_challenge")

    client.force_login(moderator)
    client.post(CHALLENGES, {"action": "publish", "_selected_action": [in_review.pk]})

    assert Challenge.objects.get(pk=in_review.pk).status == Challenge.Status.PUBLISHED
