"""Selection: decisions staged privately, then announced together (`Application.status` after submitted,
and the `Participant` rows an announcement creates)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from gnist.pagecache import bump_content_version
from municipalities import emails, permissions
from municipalities.models import (
    OSLO,
    Application,
    Membership,
    Participant,
    Round,
    SelectionLogEntry,
    is_whole_day,
)
from municipalities.services.applications import ApplicationError, log_event


class DecisionError(ApplicationError):
    """A selection decision that cannot be staged or announced; nothing was changed."""


def stage_decision(
    application: Application,
    *,
    actor: User,
    decision: str,
    reason: str = "",
    follows_participant: Participant | None = None,
    follows_application: Application | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """Stage a selection decision privately (announced later, with the round's other decisions).

    Steps: check the actor is a programme admin and the move is allowed from the current status (shortlist
    only in rounds with stages; a follow municipality needs the Gnist municipality it follows and a reason; a
    rejection needs a reason); store it apart from the status, so applicants and the public see nothing; log.
    An empty decision withdraws the staged one.
    """
    now = now or timezone.now()
    Decision, Status = Application.Decision, Application.Status
    if not permissions.can_decide_applications(actor):
        raise DecisionError(_("Only programme admins decide applications."))
    if decision and decision not in Decision.values:
        raise DecisionError(_("Unknown decision."))
    allowed_from = {
        Decision.SHORTLIST: {Status.SUBMITTED},
        Decision.SELECT: {Status.SUBMITTED, Status.SHORTLISTED},
        Decision.FOLLOW: {Status.SUBMITTED, Status.SHORTLISTED},
        Decision.REJECT: {Status.SUBMITTED, Status.SHORTLISTED},
        "": {Status.SUBMITTED, Status.SHORTLISTED},
    }
    if application.status not in allowed_from[decision]:
        raise DecisionError(
            _("%(name)s: that decision is not possible for this application. Status: %(status)s")
            % {"name": application.municipality.name, "status": application.get_status_display()}
        )
    if decision == Decision.SHORTLIST and not application.round.selection_has_stages:
        raise DecisionError(_("This round selects in one step: there is no shortlist."))
    if decision == Decision.FOLLOW:
        if (follows_participant is None) == (follows_application is None):
            raise DecisionError(_("Choose the Gnist municipality it follows."))
        if follows_application is not None and (
            follows_application.round_id != application.round_id
            or follows_application.pk == application.pk
            or Decision.SELECT not in (follows_application.staged_decision, follows_application.status)
        ):
            raise DecisionError(
                _("A follow municipality follows a selected Gnist application of the same round.")
            )
        if follows_participant is not None and (
            follows_participant.round_id != application.round_id
            or follows_participant.role != Participant.Role.GNIST
        ):
            raise DecisionError(_("A follow municipality follows a Gnist municipality of the same round."))
    if decision in (Decision.FOLLOW, Decision.REJECT) and not reason.strip():
        raise DecisionError(_("Give a reason: it is sent to the applicant."))
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            staged_decision=decision,
            staged_reason=reason.strip(),
            staged_follows_participant=follows_participant if decision == Decision.FOLLOW else None,
            staged_follows_application=follows_application if decision == Decision.FOLLOW else None,
            staged_at=now if decision else None,
            staged_by=actor if decision else None,
        )
        application.refresh_from_db()
        label = dict(Decision.choices).get(decision, _("withdrawn"))
        log_event(
            application,
            actor=actor,
            action=SelectionLogEntry.Action.STAGED,
            details=f"{label} {reason}".strip(),
            at=now,
        )
    return application


def application_phase_open_until(round_: Round, *, now: datetime.datetime) -> str | None:
    """The round's application deadline as the admin reads it, if applications are still taken at `now`."""
    if not round_.takes_applications_at(now):
        return None
    deadline = timezone.localtime(round_.application_deadline, OSLO)
    return formats.date_format(deadline, "DATE_FORMAT" if is_whole_day(deadline) else "DATETIME_FORMAT")


def announce_round_decisions(
    round_: Round,
    *,
    actor: User,
    confirm_open_phase: bool = False,
    now: datetime.datetime | None = None,
) -> list[Application]:
    """Announce every staged decision of a round at once, all or nothing.

    Steps: refuse while the application phase is still open unless `confirm_open_phase` (an applicant may
    still send in or change an application the decisions did not weigh); then, in one transaction: lock the
    staged applications; check every one can move (else DecisionError and nothing changes); create the
    Participant rows — Gnist municipalities first, then follow municipalities pointing to them with the
    reason; move each status with a conditional update and clear the staged decision; log; queue the outcome
    e-mail to each current approved member of the applying municipality's team (not to whoever submitted it,
    who may have left since), keyed by application, outcome and recipient, so announcing twice never e-mails
    twice (and a failure anywhere rolls back the e-mails with the rest); set the round's retention date to its
    default when it has none.
    """
    now = now or timezone.now()
    Decision, Status = Application.Decision, Application.Status
    if not permissions.can_decide_applications(actor):
        raise DecisionError(_("Only programme admins announce decisions."))
    open_until = application_phase_open_until(round_, now=now)
    if open_until and not confirm_open_phase:
        raise DecisionError(
            _(
                "The application phase of %(round)s is still open until %(deadline)s: applications can still "
                "be sent in or changed. Confirm that you want to announce before it closes."
            )
            % {"round": round_, "deadline": open_until}
        )
    with transaction.atomic():
        staged = list(
            Application.objects.for_round(round_)
            .staged()
            .select_for_update(of=("self",))
            .select_related("municipality", "staged_follows_application")
            .order_by("pk")
        )
        for application in staged:
            if application.status not in (Status.SUBMITTED, Status.SHORTLISTED):
                raise DecisionError(
                    _("%(name)s's application is no longer open for a decision.")
                    % {"name": application.municipality.name}
                )
        teams = _current_teams({application.municipality_id for application in staged})
        order = {Decision.SELECT: 0, Decision.SHORTLIST: 1, Decision.REJECT: 1, Decision.FOLLOW: 2}
        staged.sort(key=lambda application: order[application.staged_decision])
        participants: dict[int, Participant] = {}  # application pk → its new Gnist participant
        for application in staged:
            decision = application.staged_decision
            participant = None
            if decision == Decision.SELECT:
                participant = _participant_for(application, role=Participant.Role.GNIST, follows=None)
                participants[application.pk] = participant
            elif decision == Decision.FOLLOW:
                lead = application.staged_follows_participant
                if application.staged_follows_application_id:
                    lead = participants.get(application.staged_follows_application_id) or (
                        application.staged_follows_application.participant
                    )
                if lead is None:
                    raise DecisionError(
                        _("%(name)s follows an application that is not selected.")
                        % {"name": application.municipality.name}
                    )
                participant = _participant_for(
                    application, role=Participant.Role.FOLLOW, follows=lead, reason=application.staged_reason
                )
            updated = Application.objects.filter(
                pk=application.pk, status=application.status, staged_decision=decision
            ).update(
                status=decision,
                decision_reason=application.staged_reason,
                participant=participant or application.participant,
                announced_at=now,
                staged_decision="",
                staged_reason="",
                staged_follows_participant=None,
                staged_follows_application=None,
                staged_at=None,
                staged_by=None,
            )
            if not updated:
                raise DecisionError(
                    _("Someone changed the decisions at the same time. Nothing was announced.")
                )
            application.refresh_from_db()
            log_event(
                application,
                actor=actor,
                action=SelectionLogEntry.Action.ANNOUNCED,
                details=application.get_status_display(),
                at=now,
            )
            for recipient in teams.get(application.municipality_id, []):
                emails.send_application_outcome(application, to=recipient)
        if staged and round_.retain_application_data_until is None:
            Round.objects.filter(pk=round_.pk, retain_application_data_until__isnull=True).update(
                retain_application_data_until=round_.default_retention_date()
            )
            round_.refresh_from_db(fields=["retain_application_data_until"])
        if staged:
            bump_content_version()  # the round's public list of participants grew
    return staged


def _current_teams(municipality_ids: set[int]) -> dict[int, list[User]]:
    """The approved, active members of each municipality's team, by municipality id (one query)."""
    teams: dict[int, list[User]] = {}
    memberships = (
        Membership.objects.approved()
        .filter(municipality_id__in=municipality_ids, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    for membership in memberships:
        teams.setdefault(membership.municipality_id, []).append(membership.user)
    return teams


def _participant_for(
    application: Application, *, role: str, follows: Participant | None, reason: str = ""
) -> Participant:
    """The application's municipalities (main + confirmed co-applicants) as a participant of the round."""
    municipalities = [application.municipality] + [
        co.municipality
        for co in application.co_applicants.filter(confirmed_at__isnull=False).select_related("municipality")
    ]
    names = [m.name for m in municipalities]
    display_name = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
    participant, _created = Participant.objects.update_or_create(
        round_id=application.round_id,
        display_name=display_name,
        defaults={
            "role": role,
            "follows": follows,
            f"reason_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}": reason,
        },
    )
    participant.municipalities.set(municipalities)
    return participant
