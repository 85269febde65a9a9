"""The challenges app's e-mails, queued through gnist.mail (rendered now, sent after commit, once)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from challenges.models import Challenge
from gnist import mail
from municipalities.models import Membership


def staff_of(challenge: Challenge) -> list:
    """The current approved staff of the challenge's municipalities, each once."""
    return list(
        get_user_model()
        .objects.filter(
            memberships__municipality__participations=challenge.participant,
            memberships__status=Membership.Status.APPROVED,
            is_active=True,
        )
        .distinct()
        .order_by("email")
    )


def moderators() -> list:
    """Programme staff who may publish challenges (with MFA when required), as the admin's predicate says."""
    from challenges.permissions import is_moderator

    candidates = (
        get_user_model()
        .objects.with_perm("challenges.change_challenge", backend="django.contrib.auth.backends.ModelBackend")
        .filter(is_active=True, is_staff=True)
        .order_by("email")
    )
    return [user for user in candidates if is_moderator(user)]


def _challenge_url(challenge: Challenge) -> str:
    return settings.SITE_URL + challenge.get_absolute_url()


def send_challenge_submitted(challenge: Challenge) -> None:
    """Tell the moderators that a challenge waits for review; once per submission and person."""
    review_url = settings.SITE_URL + reverse("challenges:review_list")
    for moderator in moderators():
        mail.queue(
            "challenge-submitted",
            to=moderator.email,
            context={"challenge": challenge, "review_url": review_url, "url": _challenge_url(challenge)},
            key=f"challenges:submitted:{challenge.pk}:{challenge.submitted_at.timestamp()}:{moderator.pk}",
        )


def send_changes_requested(challenge: Challenge) -> None:
    """Tell the challenge's staff what the programme asks them to change."""
    for person in staff_of(challenge):
        mail.queue(
            "challenge-changes-requested",
            to=person.email,
            context={"challenge": challenge, "url": _challenge_url(challenge)},
            key=f"challenges:changes-requested:{challenge.pk}:{challenge.updated_at.timestamp()}:{person.pk}",
        )


def send_challenge_published(challenge: Challenge) -> None:
    """Tell the challenge's staff it is published."""
    for person in staff_of(challenge):
        mail.queue(
            "challenge-published",
            to=person.email,
            context={"challenge": challenge, "url": _challenge_url(challenge)},
            key=f"challenges:published:{challenge.pk}:{person.pk}",
        )


# ----------------------------------------------------------------------------------------------------
# Questions, answers and alerts


def _question_url(question) -> str:
    return settings.SITE_URL + reverse("challenges:question_detail", kwargs={"pk": question.pk})


def _unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail clients POST to `url` without the person signing in."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_question_asked(question) -> None:
    """Tell the challenge's staff a question waits for their answer (not who asked: answers are equal)."""
    challenge = question.challenge
    for person in staff_of(challenge):
        mail.queue(
            "challenge-question-asked",
            to=person.email,
            context={"challenge": challenge, "question": question, "url": _question_url(question)},
            key=f"challenges:question-asked:{question.pk}:{person.pk}",
        )


def send_question_answered(question) -> None:
    """Tell the asker their question is answered and published (as rephrased, when it was)."""
    asker = question.asked_by
    if asker is None or not asker.is_active:
        return
    mail.queue(
        "challenge-question-answered",
        to=asker.email,
        context={
            "challenge": question.challenge,
            "question": question,
            "rephrased": question.text != question.original_text,
            "url": _challenge_url(question.challenge),
        },
        key=f"challenges:question-answered:{question.pk}",
    )


def send_question_declined(question, *, message: str = "") -> None:
    """Tell the asker, kindly, that their question will not be published, with the staff's reason if given."""
    asker = question.asked_by
    if asker is None or not asker.is_active:
        return
    mail.queue(
        "challenge-question-declined",
        to=asker.email,
        context={
            "challenge": question.challenge,
            "question": question,
            "message": message,
            "url": _challenge_url(question.challenge),
        },
        key=f"challenges:question-declined:{question.pk}",
    )


def send_answer_to_followers(question, *, actor) -> None:
    """E-mail each follower of the challenge a published answer or clarification, once per follower and
    answer; not the asker (told on their own) nor the person who published it."""
    from challenges import alerts

    challenge = question.challenge
    followers = (
        get_user_model()
        .objects.filter(challenge_follows__challenge=challenge, is_active=True)
        .exclude(pk__in=[pk for pk in (question.asked_by_id, actor.pk) if pk])
        .order_by("pk")
    )
    for person in followers:
        unfollow_url = alerts.unfollow_url(alerts.settings_for(person), challenge)
        mail.queue(
            "challenge-answer-published",
            to=person.email,
            context={
                "challenge": challenge,
                "question": question,
                "url": _challenge_url(challenge),
                "unsubscribe_url": unfollow_url,
            },
            key=f"challenges:answer:{question.pk}:{person.pk}",
            headers=_unsubscribe_headers(unfollow_url),
        )


def send_challenge_alert(challenge: Challenge, alert_settings) -> None:
    """A new published challenge matches the person's alerts (at once); once per challenge and person."""
    from challenges import alerts

    unsubscribe_url = alerts.unsubscribe_url(alert_settings)
    mail.queue(
        "challenge-alert",
        to=alert_settings.user.email,
        context={
            "challenge": challenge,
            "url": _challenge_url(challenge),
            "unsubscribe_url": unsubscribe_url,
            "settings_url": settings.SITE_URL + reverse("challenges:alerts"),
        },
        key=f"challenges:alert:{challenge.pk}:{alert_settings.user_id}",
        headers=_unsubscribe_headers(unsubscribe_url),
    )


def send_alert_digest(alert_settings, challenges: list[Challenge], *, since) -> None:
    """The weekly digest of new matching challenges; once per person and week (keyed by its start)."""
    from challenges import alerts

    unsubscribe_url = alerts.unsubscribe_url(alert_settings)
    mail.queue(
        "challenge-alert-digest",
        to=alert_settings.user.email,
        context={
            "challenges": [(challenge, _challenge_url(challenge)) for challenge in challenges],
            "unsubscribe_url": unsubscribe_url,
            "settings_url": settings.SITE_URL + reverse("challenges:alerts"),
        },
        key=f"challenges:digest:{alert_settings.user_id}:{since.timestamp()}",
        headers=_unsubscribe_headers(unsubscribe_url),
    )
