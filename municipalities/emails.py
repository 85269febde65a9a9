"""The municipalities app's e-mails, queued through gnist.mail (rendered now, sent after commit, once)."""

import hashlib

from django.conf import settings
from django.urls import reverse

from gnist import mail

# ----------------------------------------------------------------------------------------------------
# Team access


def _team_url(municipality) -> str:
    return settings.SITE_URL + reverse("municipalities:team", kwargs={"number": municipality.number})


def send_membership_requested(membership, *, to) -> None:
    """Tell one admin (or programme admin) that someone asks to join the team; once per request and person."""
    mail.queue(
        "membership-requested",
        to=to.email,
        context={
            "membership": membership,
            "person": membership.user,
            "municipality": membership.municipality,
            "team_url": _team_url(membership.municipality),
        },
        key=f"municipalities:membership-requested:{membership.pk}:{membership.created_at.timestamp()}:{to.pk}",
    )


def send_membership_decided(membership) -> None:
    """Tell the person whether their request was approved or declined; once per decision."""
    approved = membership.status == membership.Status.APPROVED
    mail.queue(
        "membership-approved" if approved else "membership-declined",
        to=membership.user.email,
        context={
            "membership": membership,
            "municipality": membership.municipality,
            "team_url": _team_url(membership.municipality),
            "municipality_url": settings.SITE_URL + membership.municipality.get_absolute_url(),
        },
        key=f"municipalities:membership-decided:{membership.pk}:{membership.decided_at.timestamp()}",
    )


def send_team_invitation(municipality, *, email: str, role: str, invited_by, path: str) -> None:
    """Send a colleague the signed link that lets them join; each invitation is its own e-mail."""
    from municipalities.models import Membership

    mail.queue(
        "team-invitation",
        to=email,
        context={
            "municipality": municipality,
            "invited_by": invited_by,
            "role": Membership.Role(role).label,
            "accept_url": settings.SITE_URL + path,
            "days": Membership.INVITATION_DAYS,
        },
        key=f"municipalities:team-invitation:{hashlib.sha256(path.encode()).hexdigest()}",
        sensitive=True,  # the link carries the signed invitation token
    )


def send_membership_removed(membership) -> None:
    """Tell a person an admin took them off the team; once per removal."""
    mail.queue(
        "membership-removed",
        to=membership.user.email,
        context={"municipality": membership.municipality, "removed_by": membership.removed_by},
        key=f"municipalities:membership-removed:{membership.pk}:{membership.removed_at.timestamp()}",
    )


# End of team access.
# ----------------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------------
# Applications and selection


def _application_url(application) -> str:
    return settings.SITE_URL + application.get_absolute_url()


def send_application_receipt(application, *, to) -> None:
    """The receipt listing what was submitted; once per submission (the key holds the submission time)."""
    answers = list(application.answers.select_related("criterion").order_by("criterion__order"))
    mail.queue(
        "application-receipt",
        to=to.email,
        context={
            "application": application,
            "answers": answers,
            "themes": list(application.themes.all()),
            "co_applicants": list(application.co_applicants.select_related("municipality")),
            "attachments": list(application.attachments.all()),
            "url": _application_url(application),
        },
        key=f"municipalities:application-receipt:{application.pk}:{application.submitted_at.timestamp()}",
    )


def send_application_outcome(application, *, to) -> None:
    """The announced outcome (with the reason for a rejection) to one team member; once per application,
    outcome and person, ever."""
    mail.queue(
        "application-outcome",
        to=to.email,
        context={"application": application, "url": _application_url(application)},
        key=f"municipalities:application-outcome:{application.pk}:{application.status}:{to.pk}",
    )


def send_co_application_request(co_applicant, *, to) -> None:
    """Ask a co-applicant municipality's admin to confirm that it applies together with the main applicant."""
    mail.queue(
        "application-co-applicant",
        to=to.email,
        context={
            "application": co_applicant.application,
            "municipality": co_applicant.municipality,
            "url": settings.SITE_URL
            + reverse("municipalities:application_confirm", kwargs={"pk": co_applicant.application_id}),
        },
        key=f"municipalities:application-co-applicant:{co_applicant.pk}:{to.pk}",
    )


# End of applications and selection.
# ----------------------------------------------------------------------------------------------------
