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
