"""The challenge lifecycle: draft → in review → changes requested | published → closed, each move once, by
the right person, recorded, and e-mailed after commit."""

import pytest
from django.core import mail
from django.utils import translation

from challenges import services
from challenges.models import Challenge, ChallengeEvent
from tests.factories import programme_staff


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_staff_of_the_gnist_municipality_start_a_draft_with_themselves_as_contact(cast, participant):
    challenge = services.create_challenge(participant, actor=cast.staff, title="Hvordan kan vi bo?")

    assert (challenge.status, challenge.contact_name, challenge.contact_email) == (
        Challenge.Status.DRAFT,
        "Stine Stab",
        "staff@example.no",
    )
    assert list(challenge.events.values_list("action", "actor")) == [("created", cast.staff.pk)]


@pytest.mark.parametrize("role", ["other_staff", "supplier", "participant", "programme_admin"])
def test_only_the_participants_staff_start_a_challenge(cast, participant, role):
    with pytest.raises(services.ChallengeLocked):
        services.create_challenge(participant, actor=getattr(cast, role))


def test_no_challenge_is_started_when_the_phase_is_closed(cast, participant):
    participant.round.phases.update(opens_challenges=False)

    with pytest.raises(services.ChallengeLocked):
        services.create_challenge(participant, actor=cast.staff)


def test_a_stale_save_changes_nothing_and_returns_what_is_stored(cast, complete_draft):
    services.save_challenge(
        complete_draft,
        actor=cast.staff,
        version=1,
        data={"summary": "Først."},
        themes=complete_draft.themes.all(),
    )

    with pytest.raises(services.StaleChallenge) as error:
        services.save_challenge(complete_draft, actor=cast.staff, version=1, data={"summary": "Sist."})

    assert error.value.current.summary == "Først."
    assert Challenge.objects.get(pk=complete_draft.pk).version == 2


def test_an_incomplete_draft_cannot_be_sent_for_review(cast, participant):
    challenge = services.create_challenge(participant, actor=cast.staff, title="Hvordan kan vi bo?")

    with pytest.raises(services.ChallengeIncomplete) as error, translation.override("en"):
        services.submit_challenge(challenge, actor=cast.staff)

    assert error.value.missing == [
        "summary",
        "background and local context",
        "needs, local advantages and premises",
        "at least one theme",
    ]
    assert Challenge.objects.get(pk=challenge.pk).status == Challenge.Status.DRAFT


def test_submit_request_changes_publish_and_close_each_mail_the_right_people(
    cast, complete_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_challenge(complete_draft, actor=cast.staff)
    assert (complete_draft.status, recipients()) == ("in_review", ["programme-admin@example.no"])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(
            complete_draft, actor=cast.programme_admin, comment="Skriv mer om målgruppen."
        )
    assert (complete_draft.status, recipients()) == ("changes_requested", ["staff@example.no"])
    assert "Skriv mer om målgruppen." in mail.outbox[0].body

    services.submit_challenge(complete_draft, actor=cast.staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_challenge(complete_draft, actor=cast.programme_admin)
    assert (complete_draft.status, recipients()) == ("published", ["staff@example.no"])
    assert complete_draft.published_by == cast.programme_admin

    services.close_challenge(complete_draft, actor=cast.staff)
    assert complete_draft.status == Challenge.Status.CLOSED
    assert list(complete_draft.events.values_list("action", flat=True)) == [
        "created",
        "submitted",
        "changes_requested",
        "submitted",
        "published",
        "closed",
    ]


def test_a_move_to_the_current_state_does_nothing(cast, complete_draft, django_capture_on_commit_callbacks):
    services.submit_challenge(complete_draft, actor=cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_challenge(complete_draft, actor=cast.staff)

    assert complete_draft.events.filter(action=ChallengeEvent.Action.SUBMITTED).count() == 1


def test_only_moderators_publish_and_only_challenges_in_review(cast, complete_draft):
    with pytest.raises(services.ChallengeLocked):
        services.publish_challenge(complete_draft, actor=cast.programme_admin)  # still a draft
    services.submit_challenge(complete_draft, actor=cast.staff)
    for person in [cast.staff, cast.other_staff, programme_staff("challenges.view_challenge")]:
        with pytest.raises(services.ChallengeLocked):
            services.publish_challenge(complete_draft, actor=person)

    services.publish_challenge(complete_draft, actor=programme_staff("challenges.change_challenge"))

    assert complete_draft.status == Challenge.Status.PUBLISHED


def test_requesting_changes_needs_a_comment(cast, complete_draft):
    services.submit_challenge(complete_draft, actor=cast.staff)

    with pytest.raises(services.ChallengeError):
        services.request_changes(complete_draft, actor=cast.programme_admin, comment="  ")

    assert Challenge.objects.get(pk=complete_draft.pk).status == Challenge.Status.IN_REVIEW


def test_edits_after_publishing_are_logged_with_the_sections_that_changed(cast, complete_draft):
    services.submit_challenge(complete_draft, actor=cast.staff)
    services.publish_challenge(complete_draft, actor=cast.programme_admin)

    with translation.override("en"):
        services.save_challenge(
            complete_draft,
            actor=cast.staff,
            version=complete_draft.version,
            data={"background": "Ny bakgrunn.", "summary": complete_draft.summary},
            themes=complete_draft.themes.all(),
        )

    edit = complete_draft.events.get(action=ChallengeEvent.Action.EDITED)
    assert (edit.changed_fields, edit.details) == (["background"], "")
