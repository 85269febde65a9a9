"""Moderators review a challenge on its page: publish it, or ask for changes with a comment — only they, only
while it is in review, and each through the service (recorded and e-mailed)."""

import pytest
from django.core import mail
from django.urls import reverse

from challenges import services
from challenges.models import Challenge
from tests.helpers import ROLES, as_role, denial_reason

# Moderators act; the challenge's own staff read it but may not review it; everyone else finds no draft.
REVIEW = {
    "anonymous": "login",
    "participant": 404,
    "staff": 403,
    "other_staff": 404,
    "co_applicant_staff": 404,
    "supplier": 404,
    "juror": 404,
    "programme_admin": 302,
}


def status_or_login(response) -> int | str:
    if response.status_code == 302 and response.url.startswith(reverse("account_login")):
        return "login"
    return response.status_code


@pytest.fixture
def in_review(cast, complete_draft) -> Challenge:
    return services.submit_challenge(complete_draft, actor=cast.staff)


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_publish_from_the_challenge_page(client, cast, in_review, role):
    as_role(client, role)

    response = client.post(reverse("challenges:publish", kwargs={"pk": in_review.pk}))

    assert (status_or_login(response), Challenge.objects.get(pk=in_review.pk).status) == (
        REVIEW[role],
        Challenge.Status.PUBLISHED if role == "programme_admin" else Challenge.Status.IN_REVIEW,
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_ask_for_changes(client, cast, in_review, role):
    as_role(client, role)

    page = client.get(reverse("challenges:request_changes", kwargs={"pk": in_review.pk}))
    response = client.post(
        reverse("challenges:request_changes", kwargs={"pk": in_review.pk}),
        {"changes-comment": "Skriv mer om målgruppene."},
    )

    stored = Challenge.objects.get(pk=in_review.pk)
    moderator = role == "programme_admin"
    assert (status_or_login(page), status_or_login(response)) == (
        200 if moderator else REVIEW[role],
        REVIEW[role],
    )
    assert (stored.status, stored.review_comment) == (
        (Challenge.Status.CHANGES_REQUESTED, "Skriv mer om målgruppene.")
        if moderator
        else (Challenge.Status.IN_REVIEW, "")
    )


def test_the_staff_are_told_the_programme_is_reviewing_their_challenge(client, cast, in_review):
    changes, publish = (
        reverse(f"challenges:{name}", kwargs={"pk": in_review.pk}) for name in ("request_changes", "publish")
    )
    as_role(client, "staff")

    page = client.get("/en" + changes)
    published = client.post("/en" + publish)

    reviewing = (
        "The programme is reviewing this challenge: it publishes it or asks your team for changes, and you "
        "get an e-mail either way."
    )
    assert (denial_reason(page), denial_reason(published)) == (reviewing, reviewing)


@pytest.mark.parametrize(
    "role", ["participant", "staff", "other_staff", "co_applicant_staff", "supplier", "juror"]
)
def test_whoever_reads_a_published_challenge_is_told_only_the_programme_reviews(
    client, cast, in_review, role
):
    services.publish_challenge(in_review, actor=cast.programme_admin)
    as_role(client, role)

    response = client.get("/en" + reverse("challenges:request_changes", kwargs={"pk": in_review.pk}))

    assert denial_reason(response) == (
        "Only the programme reviews challenges: it publishes them or asks their municipality for changes."
    )


def test_publishing_tells_the_staff_and_leaves_the_page(
    client, cast, in_review, django_capture_on_commit_callbacks
):
    as_role(client, "programme_admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("challenges:publish", kwargs={"pk": in_review.pk}))

    assert response.url == in_review.get_absolute_url()
    assert [message.to for message in mail.outbox] == [["staff@example.no"]]
    assert list(in_review.events.values_list("action", "actor")) == [
        ("created", cast.staff.pk),
        ("submitted", cast.staff.pk),
        ("published", cast.programme_admin.pk),
    ]


def test_an_empty_comment_is_refused_with_an_error_summary(client, cast, in_review):
    as_role(client, "programme_admin")

    response = client.post(
        "/en" + reverse("challenges:request_changes", kwargs={"pk": in_review.pk}), {"changes-comment": "  "}
    )

    assert response.status_code == 200
    assert "ds-error-summary" in response.text
    assert "Say what should be changed" in response.text
    assert Challenge.objects.get(pk=in_review.pk).status == Challenge.Status.IN_REVIEW


def test_publishing_a_published_challenge_again_changes_nothing(client, cast, in_review):
    as_role(client, "programme_admin")
    client.post(reverse("challenges:publish", kwargs={"pk": in_review.pk}))

    response = client.post(reverse("challenges:publish", kwargs={"pk": in_review.pk}), follow=True)

    assert response.status_code == 200
    assert in_review.events.filter(action="published").count() == 1


def test_asking_for_changes_after_it_was_published_tells_the_moderator_kindly(client, cast, in_review):
    services.publish_challenge(in_review, actor=cast.programme_admin)
    as_role(client, "programme_admin")

    response = client.post(
        "/en" + reverse("challenges:request_changes", kwargs={"pk": in_review.pk}),
        {"changes-comment": "For sent."},
        follow=True,
    )

    assert "Only programme admins review challenges, and only those in review." in response.text
    assert Challenge.objects.get(pk=in_review.pk).status == Challenge.Status.PUBLISHED


@pytest.mark.parametrize("role", ROLES)
def test_the_profile_links_moderators_to_the_review_queue(client, cast, role):
    as_role(client, role)

    response = client.get(reverse("accounts:profile"))

    links = (reverse("challenges:review_list") in response.text, reverse("challenges:mine") in response.text)
    assert links == {
        "anonymous": (False, False),
        "staff": (False, True),
        "other_staff": (False, True),
        "co_applicant_staff": (False, True),
        "programme_admin": (True, False),
    }.get(role, (False, False))


def test_the_queue_and_the_review_box_say_what_reviewing_does(client, cast, in_review):
    url = in_review.get_absolute_url()
    as_role(client, "programme_admin")

    queue = client.get("/en" + reverse("challenges:review_list")).text
    page = client.get("/en" + url).text

    assert "Open a challenge to read it, then publish it or ask the municipality for changes" in queue
    assert f'href="/en{url}"' in queue
    assert "Read the whole challenge below first." in page


def test_after_a_review_the_message_leads_back_to_the_queue(client, cast, in_review):
    url = "/en" + reverse("challenges:review_list")
    publish = "/en" + reverse("challenges:publish", kwargs={"pk": in_review.pk})
    as_role(client, "programme_admin")

    changes = client.post(
        "/en" + reverse("challenges:request_changes", kwargs={"pk": in_review.pk}),
        {"changes-comment": "Mer om målgruppene."},
        follow=True,
    )
    services.submit_challenge(Challenge.objects.get(pk=in_review.pk), actor=cast.staff)
    published = client.post(publish, follow=True)

    queue = f'<a class="ds-link" href="{url}">Back to the challenges waiting for review</a>'
    assert [str(message) for message in changes.context["messages"]] == [
        f"The municipality is asked for changes by e-mail. {queue}"
    ]
    assert [str(message) for message in published.context["messages"]] == [
        f"The challenge is published; the municipality is told by e-mail. {queue}"
    ]
    assert (queue in changes.text, queue in published.text) == (True, True)
