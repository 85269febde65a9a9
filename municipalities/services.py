"""The municipalities app's workflows: one transition function per lifecycle, the only writer of `status`.

Each checks that the move is allowed (a domain error with a message for the person otherwise), runs in a
transaction, records who and when, and queues its e-mail to be sent after commit.
"""

import datetime
import logging
import time
from collections import Counter
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipalities import emails, permissions
from municipalities.models import (
    OSLO,
    Application,
    ApplicationAttachment,
    CoApplicant,
    CriterionAnswer,
    Membership,
    Municipality,
    Participant,
    Round,
    SelectionLogEntry,
)

logger = logging.getLogger(__name__)

# ----------------------------------------------------------------------------------------------------
# Team access: join requests, decisions, invitations, removal and roles (Membership.status)

INVITATION_SALT = "municipalities.team-invitation"
INVITATION_MAX_AGE = Membership.INVITATION_DAYS * 24 * 60 * 60  # seconds


class TeamError(Exception):
    """A team change that cannot be made; `str(error)` is a translated message for the person."""


class TeamPermissionDenied(TeamError):
    """The actor may not make this change (views check the permission first and answer 403)."""


class AlreadyDecided(TeamError):
    """Someone else decided the request first (two admins at once); nothing was changed."""


class InvitationInvalid(TeamError):
    """The invitation link is forged, expired, used, or meant for another e-mail address."""


def request_membership(municipality: Municipality, *, user) -> Membership:
    """Ask to join `municipality`'s team.

    Steps: refuse a person already on the team; return a request that is already waiting (idempotent, no
    second e-mail); otherwise create the pending membership — or reopen a declined or removed one (the removal
    record stays) — and e-mail the
    municipality's admins (programme admins when the team has no admin yet).
    """
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, municipality=municipality).first()
        if membership is not None and membership.status == Membership.Status.APPROVED:
            raise TeamError(_("You are already on %(name)s's team.") % {"name": municipality.name})
        if membership is not None and membership.status == Membership.Status.PENDING:
            return membership
        now = timezone.now()
        if membership is None:
            try:
                with transaction.atomic():
                    membership = Membership.objects.create(
                        user=user, municipality=municipality, status=Membership.Status.PENDING, created_at=now
                    )
            except IntegrityError:
                # A double click raced us to it: the other request is the one.
                return Membership.objects.get(user=user, municipality=municipality)
        else:
            reopened = Membership.objects.filter(pk=membership.pk, status__in=Membership.REJOINABLE).update(
                status=Membership.Status.PENDING,
                role=Membership.Role.EDITOR,
                created_at=now,
                decided_at=None,
                decided_by=None,
            )
            membership.refresh_from_db()
            if not reopened:
                return membership
        for admin in request_recipients(municipality):
            emails.send_membership_requested(membership, to=admin)
    return membership


def request_recipients(municipality: Municipality) -> list:
    """Who decides a new request: the municipality's admins, or the programme admins for the first member."""
    admins = [
        membership.user
        for membership in Membership.objects.filter(municipality=municipality)
        .approved()
        .admins()
        .select_related("user")
        .order_by("user__email")
    ]
    if admins:
        return admins
    return list(
        get_user_model()
        .objects.with_perm(
            "municipalities.change_membership", backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_active=True, is_staff=True)
        .order_by("email")
    )


def decide_membership(membership: Membership, *, decided_by, approve: bool) -> Membership:
    """Approve or decline a pending request to join a team.

    Steps: check the actor may decide (the municipality's admins; programme admins, who alone decide a
    municipality's first member); move pending → approved | declined with a conditional update, so of two
    admins deciding at once only the first wins and the second is told kindly; the first member of a team
    becomes its admin; record who and when; e-mail the person.
    """
    if not permissions.can_decide_membership(decided_by, membership):
        raise TeamPermissionDenied(_("Only the municipality's administrators can decide requests to join."))
    status = Membership.Status.APPROVED if approve else Membership.Status.DECLINED
    with transaction.atomic():
        changes = {"status": status, "decided_at": timezone.now(), "decided_by": decided_by}
        if (
            approve
            and not Membership.objects.filter(municipality_id=membership.municipality_id)
            .approved()
            .admins()
            .exists()
        ):
            changes["role"] = Membership.Role.ADMIN
        updated = Membership.objects.filter(pk=membership.pk, status=Membership.Status.PENDING).update(
            **changes
        )
        membership.refresh_from_db()
        if not updated:
            raise AlreadyDecided(_already_decided_message(membership))
        emails.send_membership_decided(membership)
    return membership


def decide_memberships(memberships, *, decided_by, approve: bool) -> tuple[int, list[str]]:
    """Decide several requests (Django admin's approve/decline actions): (number decided, refusal messages).

    Each goes through `decide_membership`, so the rules, the record and the e-mail are the same as on the team
    page; one refused request (decided meanwhile, not pending) does not stop the others.
    """
    decided, refused = 0, []
    for membership in memberships:
        try:
            decide_membership(membership, decided_by=decided_by, approve=approve)
        except TeamError as error:
            refused.append(str(error))
        else:
            decided += 1
    return decided, refused


def _already_decided_message(membership: Membership) -> str:
    who = membership.decided_by.get_full_name() if membership.decided_by else _("someone else")
    names = {"person": membership.user.get_full_name(), "who": who}
    if membership.status == Membership.Status.APPROVED:
        return _("%(who)s had already approved %(person)s's request. Nothing was changed.") % names
    if membership.status == Membership.Status.DECLINED:
        return _("%(who)s had already declined %(person)s's request. Nothing was changed.") % names
    if membership.status == Membership.Status.REMOVED:
        return _("%(person)s is no longer on the team. Nothing was changed.") % names
    return _("%(person)s's request is no longer waiting. Nothing was changed.") % names


def invitation_token(municipality: Municipality, *, invited_by, email: str, role: str) -> str:
    """A signed token naming the municipality, address, role and inviter; valid Membership.INVITATION_DAYS."""
    payload = {"m": municipality.pk, "e": email, "r": role, "by": invited_by.pk, "t": time.time()}
    return signing.dumps(payload, salt=INVITATION_SALT, compress=True)


def invite_colleague(municipality: Municipality, *, invited_by, email: str, role: str) -> str:
    """Invite a colleague by e-mail; returns the token of the link they were sent.

    Steps: check the actor manages the team; refuse an address already on the team; sign the invitation
    (no table: the link itself carries it); e-mail the link to the address.
    """
    if not permissions.can_invite_colleague(invited_by, municipality):
        raise TeamPermissionDenied(_("Only the municipality's administrators can invite colleagues."))
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise TeamError(_("Choose a role."))
    if Membership.objects.filter(municipality=municipality, user__email__iexact=email).approved().exists():
        raise TeamError(_("%(email)s is already on the team.") % {"email": email})
    token = invitation_token(municipality, invited_by=invited_by, email=email, role=role)
    url = reverse("municipalities:team_invitation_accept", kwargs={"token": token})
    emails.send_team_invitation(municipality, email=email, role=role, invited_by=invited_by, path=url)
    return token


def read_invitation(token: str) -> dict:
    """The invitation in `token`: {"municipality", "email", "role", "invited_by", "issued_at"}; raises
    InvitationInvalid for a forged, expired or outdated link."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvitationInvalid(
            ngettext(
                "This invitation has expired: links are valid for %(days)s day. "
                "Ask the person who invited you to send a new one.",
                "This invitation has expired: links are valid for %(days)s days. "
                "Ask the person who invited you to send a new one.",
                Membership.INVITATION_DAYS,
            )
            % {"days": Membership.INVITATION_DAYS}
        ) from error
    except signing.BadSignature as error:
        raise InvitationInvalid(
            _("This invitation link is not valid. Check that you opened the whole link from the e-mail.")
        ) from error
    municipality = Municipality.objects.filter(pk=payload["m"]).first()
    inviter = get_user_model().objects.filter(pk=payload["by"]).first()
    if municipality is None or inviter is None or payload["r"] not in Membership.Role.values:
        raise InvitationInvalid(_("This invitation is no longer valid. Ask for a new one."))
    return {
        "municipality": municipality,
        "email": payload["e"],
        "role": payload["r"],
        "role_label": Membership.Role(payload["r"]).label,
        "invited_by": inviter,
        "issued_at": datetime.datetime.fromtimestamp(payload["t"], tz=datetime.UTC),
    }


def accept_invitation(token: str, *, user) -> Membership:
    """Join a team through an invitation link.

    Steps: read the signed token (expired or forged: a clear message); require that the signed-in person has
    verified the invited address (allauth's EmailAddress); refuse a used link (already on the team) and one
    outdated by a later removal or decision, or by the inviter no longer managing the team; create the
    membership approved — or approve a pending request — with the invited role, recording the inviter.
    """
    invitation = read_invitation(token)
    municipality, email = invitation["municipality"], invitation["email"]
    if not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
        raise InvitationInvalid(
            _(
                "This invitation was sent to %(email)s, but you are signed in with another address. "
                "Sign in with %(email)s, or add and verify it under your e-mail addresses, "
                "then open the link again."
            )
            % {"email": email}
        )
    if not permissions.can_manage_team(invitation["invited_by"], municipality):
        raise InvitationInvalid(
            _("The person who invited you no longer manages %(name)s's team. Ask for a new invitation.")
            % {"name": municipality.name}
        )
    now = timezone.now()
    changes = {
        "status": Membership.Status.APPROVED,
        "role": invitation["role"],
        "decided_at": now,
        "decided_by": invitation["invited_by"],
    }
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, municipality=municipality).first()
        if membership is None:
            try:
                with transaction.atomic():
                    return Membership.objects.create(
                        user=user, municipality=municipality, created_at=now, **changes
                    )
            except IntegrityError:
                membership = Membership.objects.get(user=user, municipality=municipality)
        if membership.status == Membership.Status.APPROVED:
            raise InvitationInvalid(
                _("This invitation has been used: you are already on %(name)s's team.")
                % {"name": municipality.name}
            )
        # A decision or removal after the invitation was sent outdates it (e.g. the person was removed since).
        last_change = max(filter(None, [membership.decided_at, membership.removed_at]), default=None)
        if last_change and last_change > invitation["issued_at"]:
            raise InvitationInvalid(_("This invitation is no longer valid. Ask for a new one."))
        updated = Membership.objects.filter(pk=membership.pk, status=membership.status).update(**changes)
        if not updated:
            raise InvitationInvalid(
                _("This invitation has been used: you are already on %(name)s's team.")
                % {"name": municipality.name}
            )
        membership.refresh_from_db()
    return membership


def _lock_admins(municipality_id: int) -> list[int]:
    """Lock the team's approved admins (PostgreSQL) so two removals cannot leave the team without one."""
    return list(
        Membership.objects.select_for_update()
        .filter(municipality_id=municipality_id)
        .approved()
        .admins()
        .values_list("pk", flat=True)
    )


def remove_member(membership: Membership, *, removed_by) -> Membership:
    """Take a person off a team (an admin removes a colleague, or a person leaves).

    Steps: check the actor may; refuse to remove the team's last admin; move approved → removed with a
    conditional update, recording who and when in removed_at/removed_by (the row stays as the record, and
    the approval record is kept); e-mail a person removed by someone else.
    """
    if not permissions.can_remove_member(removed_by, membership):
        raise TeamPermissionDenied(_("Only the municipality's administrators can remove colleagues."))
    with transaction.atomic():
        admins = _lock_admins(membership.municipality_id)
        if admins == [membership.pk]:
            raise TeamError(
                _("%(person)s is the team's only administrator. Make someone else administrator first.")
                % {"person": membership.user.get_full_name()}
            )
        updated = Membership.objects.filter(pk=membership.pk, status=Membership.Status.APPROVED).update(
            status=Membership.Status.REMOVED, removed_at=timezone.now(), removed_by=removed_by
        )
        membership.refresh_from_db()
        if not updated:
            raise AlreadyDecided(
                _("%(person)s is no longer on the team. Nothing was changed.")
                % {"person": membership.user.get_full_name()}
            )
        if membership.user_id != removed_by.pk:
            emails.send_membership_removed(membership)
    return membership


def change_role(membership: Membership, *, changed_by, role: str) -> Membership:
    """Make an approved member admin or editor; the same role does nothing; the last admin stays admin.

    Records who and when in role_changed_at/role_changed_by, keeping the approval record (decided_at/by).
    """
    if not permissions.can_change_role(changed_by, membership):
        raise TeamPermissionDenied(_("Only the municipality's administrators can change roles."))
    if role not in Membership.Role.values:
        raise TeamError(_("Choose a role."))
    if membership.role == role:
        return membership
    with transaction.atomic():
        admins = _lock_admins(membership.municipality_id)
        if role != Membership.Role.ADMIN and admins == [membership.pk]:
            raise TeamError(
                _("%(person)s is the team's only administrator. Make someone else administrator first.")
                % {"person": membership.user.get_full_name()}
            )
        updated = Membership.objects.filter(
            pk=membership.pk, status=Membership.Status.APPROVED, role=membership.role
        ).update(role=role, role_changed_at=timezone.now(), role_changed_by=changed_by)
        membership.refresh_from_db()
        if not updated:
            raise AlreadyDecided(_("Someone changed this membership at the same time. Nothing was changed."))
    return membership


# End of team access.
# ----------------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------------
# Applications and selection (Application.status, the staged decision, Participant rows from announcements)
# Deadlines are checked with `now` at the moment of writing; tests pass `now` to freeze time.

APPLICATION_TEXT_FIELDS = [
    "question",
    "description",
    "other_co_applicants",
    "political_anchoring",
    "administrative_anchoring",
    "county_anchoring",
    "county_anchoring_by",
    "contacts",
]


class ApplicationError(Exception):
    """An application change that cannot be made; `str(error)` is a translated message for the person."""


class ApplicationLocked(ApplicationError):
    """The phase that allows the change is not open (the deadline has passed), or the person may not."""


class StaleApplication(ApplicationError):
    """Someone saved the application after this person opened it; `current` is what is stored now."""

    def __init__(self, current: Application, message: str | None = None):
        super().__init__(
            message
            or _(
                "Someone else saved this application while you were editing it. Your text is kept below; "
                "compare it with the saved version and save again."
            )
        )
        self.current = current


class TooManyAttachments(ApplicationError):
    def __init__(self):
        limit = ApplicationAttachment.MAX_PER_APPLICATION
        super().__init__(
            ngettext(
                "An application can have at most %(limit)s attachment. Remove one before you add another.",
                "An application can have at most %(limit)s attachments. Remove one before you add another.",
                limit,
            )
            % {"limit": limit}
        )


class ApplicationIncomplete(ApplicationError):
    def __init__(self, missing: list[str]):
        super().__init__(
            _("The application is not complete yet: %(missing)s.") % {"missing": "; ".join(missing)}
        )
        self.missing = missing


class CoApplicationClosed(ApplicationLocked):
    """The application is no longer a draft or submitted, or the application phase is over."""

    def __init__(self):
        super().__init__(_("The application phase is over. The co-application can no longer be confirmed."))


class DecisionError(ApplicationError):
    """A selection decision that cannot be staged or announced; nothing was changed."""


def _log(application: Application, *, actor, action: str, details: str = "", at=None) -> None:
    SelectionLogEntry.objects.create(
        round_id=application.round_id,
        application=application,
        actor=actor,
        action=action,
        details=details,
        at=at or timezone.now(),
    )


def create_application(round_: Round, *, municipality: Municipality, user, now=None) -> Application:
    """Start (or return the existing) application of `municipality` while applications are open."""
    now = now or timezone.now()
    if not permissions.can_start_application(user, municipality, round_, now):
        raise ApplicationLocked(
            _("Applications to this round are not open for %(name)s.") % {"name": municipality.name}
        )
    existing = Application.objects.filter(round=round_, municipality=municipality).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            application = Application.objects.create(
                round=round_, municipality=municipality, created_by=user, created_at=now, updated_at=now
            )
            _log(application, actor=user, action=SelectionLogEntry.Action.CREATED, at=now)
    except IntegrityError:
        # A colleague started it at the same moment: theirs is the one.
        return Application.objects.get(round=round_, municipality=municipality)
    return application


def save_application(
    application: Application,
    *,
    user,
    version: int,
    data: dict,
    answers: dict[int, str],
    themes=(),
    co_municipalities=(),
    now=None,
) -> Application:
    """Save the person's edits to an application.

    Steps: check the person may edit now (until the deadline; shortlisted ones in the revision phase), at the
    moment of writing; a conditional update on the version the person started from (a stale save raises
    StaleApplication with what is stored now, and changes nothing); replace the answers per criterion, the
    themes and the co-applicants (keeping confirmations of those that stay, asking new ones to confirm);
    record who and when.
    """
    now = now or timezone.now()
    if not permissions.can_edit_application(user, application, now):
        raise ApplicationLocked(
            _("The deadline has passed. The application is locked and can no longer be changed.")
        )
    revising = application.status == Application.Status.SHORTLISTED
    fields = {name: data[name] for name in APPLICATION_TEXT_FIELDS if name in data}
    if revising:
        fields["revised_at"] = now
    with transaction.atomic():
        updated = Application.objects.filter(
            pk=application.pk, version=version, status=application.status
        ).update(**fields, version=F("version") + 1, updated_at=now)
        if not updated:
            raise StaleApplication(Application.objects.get(pk=application.pk))
        for criterion in application.round.criteria.all():
            CriterionAnswer.objects.update_or_create(
                application=application, criterion=criterion, defaults={"text": answers.get(criterion.pk, "")}
            )
        application.themes.set(themes)
        wanted = {m.pk: m for m in co_municipalities if m.pk != application.municipality_id}
        application.co_applicants.exclude(municipality_id__in=wanted).delete()
        kept = set(application.co_applicants.values_list("municipality_id", flat=True))
        for municipality_id, municipality in wanted.items():
            if municipality_id not in kept:
                co = CoApplicant.objects.create(application=application, municipality=municipality)
                for membership in (
                    Membership.objects.filter(municipality=municipality)
                    .approved()
                    .admins()
                    .select_related("user")
                ):
                    emails.send_co_application_request(co, to=membership.user)
        action = SelectionLogEntry.Action.REVISED if revising else SelectionLogEntry.Action.SAVED
        _log(application, actor=user, action=action, details=f"version {version + 1}", at=now)
    application.refresh_from_db()
    return application


def revise_application(application: Application, **kwargs) -> Application:
    """A shortlisted applicant's revised application (rounds with stages, during the revision phase)."""
    if application.status != Application.Status.SHORTLISTED:
        raise ApplicationLocked(_("Only shortlisted applications can be revised."))
    return save_application(application, **kwargs)


def submit_application(application: Application, *, user, now=None) -> Application:
    """Send in a draft before the deadline.

    Steps: a submitted application stays as it is (a second click does nothing); check the person may submit
    now, at the moment of writing (Europe/Oslo deadline); check it is complete; move draft → submitted with a
    conditional update on the status and the version checked (a colleague's save in between raises
    StaleApplication), recording who and when; log; e-mail the receipt listing what was submitted.
    """
    now = now or timezone.now()
    if application.status != Application.Status.DRAFT:
        return application
    if not permissions.can_submit_application(user, application, now):
        raise ApplicationLocked(_("The deadline has passed. The application can no longer be submitted."))
    missing = application.missing_for_submission()
    if missing:
        raise ApplicationIncomplete(missing)
    with transaction.atomic():
        # Only the version checked for completeness above is sent: a colleague's save in between is stale.
        updated = Application.objects.filter(
            pk=application.pk, status=Application.Status.DRAFT, version=application.version
        ).update(
            status=Application.Status.SUBMITTED,
            submitted_at=now,
            submitted_by=user,
            updated_at=now,
            version=F("version") + 1,
        )
        if not updated:
            current = Application.objects.get(pk=application.pk)
            if current.status != Application.Status.DRAFT:
                return current  # a colleague submitted it at the same moment: done, once
            raise StaleApplication(
                current,
                _(
                    "Someone else saved this application while you were submitting it. Check that it is "
                    "complete and submit it again."
                ),
            )
        application.refresh_from_db()
        _log(application, actor=user, action=SelectionLogEntry.Action.SUBMITTED, at=now)
        emails.send_application_receipt(application, to=user)
    return application


def _lock_for_editing(application: Application, *, user, now) -> Application:
    """Lock the application row and check, against what is stored now, that `user` may still edit it."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    locked.round = application.round  # the round and its phases as already loaded
    if not permissions.can_edit_application(user, locked, now):
        raise ApplicationLocked(
            _("The deadline has passed. The application is locked and can no longer be changed.")
        )
    return locked


def add_attachment(application: Application, *, user, upload, now=None) -> ApplicationAttachment:
    """Attach a PDF (validated by the form) to an application.

    Steps: lock the application and check the person may edit it now, at the moment of writing; refuse past
    ApplicationAttachment.MAX_PER_APPLICATION (counted under the lock, so two uploads at once cannot pass
    it); store the file under a generated path, keeping the person's file name; log.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_for_editing(application, user=user, now=now)
        if locked.attachments.count() >= ApplicationAttachment.MAX_PER_APPLICATION:
            raise TooManyAttachments()
        attachment = ApplicationAttachment.objects.create(
            application=locked,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            uploaded_at=now,
            uploaded_by=user,
        )
        _log(locked, actor=user, action=SelectionLogEntry.Action.ATTACHED, details=attachment.name, at=now)
    return attachment


def remove_attachment(attachment: ApplicationAttachment, *, user, now=None) -> None:
    """Remove an attachment: lock the application, check the person may edit it now, delete the row and log;
    the file goes once the transaction has committed (a rollback keeps it)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_for_editing(attachment.application, user=user, now=now)
        deleted, _rows = ApplicationAttachment.objects.filter(pk=attachment.pk, application=locked).delete()
        if not deleted:
            return  # removed by a colleague at the same moment
        _log(locked, actor=user, action=SelectionLogEntry.Action.DETACHED, details=attachment.name, at=now)
        file = attachment.file
        transaction.on_commit(lambda: file.delete(save=False))


def confirm_co_application(co_applicant: CoApplicant, *, user, now=None) -> CoApplicant:
    """The co-applicant municipality's staff confirm that it applies jointly; twice does nothing.

    Steps: a confirmed row stays as it is; check the person may confirm now (the co-applicant's own staff,
    while the application is a draft or submitted and the round takes applications); confirm with a
    conditional update that the application is still in such a state; log.
    """
    now = now or timezone.now()
    if co_applicant.is_confirmed:
        return co_applicant
    if not permissions.is_co_applicant_staff(user, co_applicant):
        raise ApplicationError(_("Only the co-applicant municipality's own staff can confirm."))
    if not permissions.can_confirm_co_application(user, co_applicant, now):
        raise CoApplicationClosed()
    with transaction.atomic():
        updated = CoApplicant.objects.filter(
            pk=co_applicant.pk,
            confirmed_at__isnull=True,
            application__status__in=permissions.CONFIRMABLE_STATUSES,
        ).update(confirmed_at=now, confirmed_by=user)
        co_applicant.refresh_from_db()
        if not updated and not co_applicant.is_confirmed:
            # The programme decided on the application meanwhile (it is no longer a draft or submitted).
            raise CoApplicationClosed()
        if updated:
            _log(
                co_applicant.application,
                actor=user,
                action=SelectionLogEntry.Action.CONFIRMED,
                details=co_applicant.municipality.name,
                at=now,
            )
    return co_applicant


def stage_decision(
    application: Application,
    *,
    by,
    decision: str,
    reason: str = "",
    follows_participant: Participant | None = None,
    follows_application: Application | None = None,
    now=None,
) -> Application:
    """Stage a selection decision privately (announced later, with the round's other decisions).

    Steps: check the actor is a programme admin and the move is allowed from the current status (shortlist
    only in rounds with stages; a follow municipality needs the Gnist municipality it follows and a reason; a
    rejection needs a reason); store it apart from the status, so applicants and the public see nothing; log.
    An empty decision withdraws the staged one.
    """
    now = now or timezone.now()
    D, S = Application.Decision, Application.Status
    if not permissions.can_decide_applications(by):
        raise DecisionError(_("Only programme admins decide applications."))
    if decision and decision not in D.values:
        raise DecisionError(_("Unknown decision."))
    allowed_from = {
        D.SHORTLIST: {S.SUBMITTED},
        D.SELECT: {S.SUBMITTED, S.SHORTLISTED},
        D.FOLLOW: {S.SUBMITTED, S.SHORTLISTED},
        D.REJECT: {S.SUBMITTED, S.SHORTLISTED},
        "": {S.SUBMITTED, S.SHORTLISTED},
    }
    if application.status not in allowed_from[decision]:
        raise DecisionError(
            _("%(name)s: that decision is not possible for this application. Status: %(status)s")
            % {"name": application.municipality.name, "status": application.get_status_display()}
        )
    if decision == D.SHORTLIST and not application.round.selection_has_stages:
        raise DecisionError(_("This round selects in one step: there is no shortlist."))
    if decision == D.FOLLOW:
        if (follows_participant is None) == (follows_application is None):
            raise DecisionError(_("Choose the Gnist municipality it follows."))
        if follows_application is not None and (
            follows_application.round_id != application.round_id
            or follows_application.pk == application.pk
            or D.SELECT not in (follows_application.staged_decision, follows_application.status)
        ):
            raise DecisionError(
                _("A follow municipality follows a selected Gnist application of the same round.")
            )
        if follows_participant is not None and (
            follows_participant.round_id != application.round_id
            or follows_participant.role != Participant.Role.GNIST
        ):
            raise DecisionError(_("A follow municipality follows a Gnist municipality of the same round."))
    if decision in (D.FOLLOW, D.REJECT) and not reason.strip():
        raise DecisionError(_("Give a reason: it is sent to the applicant."))
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            staged_decision=decision,
            staged_reason=reason.strip(),
            staged_follows_participant=follows_participant if decision == D.FOLLOW else None,
            staged_follows_application=follows_application if decision == D.FOLLOW else None,
            staged_at=now if decision else None,
            staged_by=by if decision else None,
        )
        application.refresh_from_db()
        label = dict(D.choices).get(decision, _("withdrawn"))
        _log(
            application,
            actor=by,
            action=SelectionLogEntry.Action.STAGED,
            details=f"{label} {reason}".strip(),
            at=now,
        )
    return application


def announce_round_decisions(round_: Round, *, by, now=None) -> list[Application]:
    """Announce every staged decision of a round at once, all or nothing.

    Steps, in one transaction: lock the staged applications; check every one can move (else DecisionError and
    nothing changes); create the Participant rows — Gnist municipalities first, then follow municipalities
    pointing to them with the reason; move each status with a conditional update and clear the staged
    decision; log; queue one outcome e-mail per applicant, keyed by application and outcome, so announcing
    twice never e-mails twice (and a failure anywhere rolls back the e-mails with the rest); set the round's
    retention date to its default when it has none.
    """
    now = now or timezone.now()
    D, S = Application.Decision, Application.Status
    if not permissions.can_decide_applications(by):
        raise DecisionError(_("Only programme admins announce decisions."))
    with transaction.atomic():
        staged = list(
            Application.objects.for_round(round_)
            .staged()
            .select_for_update(of=("self",))
            .select_related("municipality", "created_by", "submitted_by", "staged_follows_application")
            .order_by("pk")
        )
        for application in staged:
            if application.status not in (S.SUBMITTED, S.SHORTLISTED):
                raise DecisionError(
                    _("%(name)s's application is no longer open for a decision.")
                    % {"name": application.municipality.name}
                )
        order = {D.SELECT: 0, D.SHORTLIST: 1, D.REJECT: 1, D.FOLLOW: 2}
        staged.sort(key=lambda application: order[application.staged_decision])
        participants: dict[int, Participant] = {}  # application pk → its new Gnist participant
        for application in staged:
            decision = application.staged_decision
            participant = None
            if decision == D.SELECT:
                participant = _participant_for(application, role=Participant.Role.GNIST, follows=None)
                participants[application.pk] = participant
            elif decision == D.FOLLOW:
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
            _log(
                application,
                actor=by,
                action=SelectionLogEntry.Action.ANNOUNCED,
                details=application.get_status_display(),
                at=now,
            )
            recipient = application.submitted_by or application.created_by
            if recipient is not None:
                emails.send_application_outcome(application, to=recipient)
        if staged and round_.retain_application_data_until is None:
            Round.objects.filter(pk=round_.pk, retain_application_data_until__isnull=True).update(
                retain_application_data_until=round_.default_retention_date()
            )
            round_.refresh_from_db(fields=["retain_application_data_until"])
    return staged


def _participant_for(application: Application, *, role: str, follows, reason: str = "") -> Participant:
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


# End of applications and selection.
# ----------------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------------
# Retention: what a round no longer needs is purged once its retention date has passed

# Applications that became a Gnist or follow municipality: the record behind the published participants.
RETAINED_STATUSES = (Application.Status.SELECTED, Application.Status.FOLLOW)
# What the applicant wrote; blanked in applications that were not selected (with the answers and contacts).
APPLICANT_TEXT_FIELDS = (
    "other_co_applicants",
    "question",
    "description",
    "political_anchoring",
    "administrative_anchoring",
    "county_anchoring_by",
)


@dataclass
class RoundPurge:
    """What purging a round removed — or, in a dry run, would remove."""

    round: Round
    retain_until: datetime.date
    due: bool
    drafts: int = 0
    attachments: int = 0
    blanked: int = 0
    applications_count: int | None = None  # the public number stored now (None: already stored or unknown)

    @property
    def changes_anything(self) -> bool:
        return bool(self.drafts or self.attachments or self.blanked or self.applications_count is not None)

    def describe(self, *, dry_run: bool = False) -> str:
        """One line for the log and the management command (English, for whoever runs the portal)."""
        head = f"Round {self.round.number}, kept until {self.retain_until:%Y-%m-%d}"
        if not self.due:
            return f"{head}: not due yet."
        if not self.changes_anything:
            return f"{head}: nothing to purge."
        verb = "would delete" if dry_run else "deleted"
        parts = [f"{verb} {self.drafts} draft(s) and {self.attachments} attachment(s)"]
        parts.append(f"{'would blank' if dry_run else 'blanked'} {self.blanked} application(s) not selected")
        if self.applications_count is not None:
            parts.append(f"{'would store' if dry_run else 'stored'} the public number of applications")
        return f"{head}: " + ", ".join(parts) + "."


def rounds_due_for_purge(*, now: datetime.datetime) -> list[Round]:
    """Rounds whose retention date (set, or the default) is before today in Oslo, purged already or not."""
    today = timezone.localdate(now, OSLO)
    return [
        round_
        for round_ in Round.objects.prefetch_related("phases").order_by("number")
        if round_.retention_date < today
    ]


def purge_round_data(round_: Round, *, now: datetime.datetime, dry_run: bool = False) -> RoundPurge:
    """Delete what a round no longer needs once its retention date has passed; a second run changes nothing.

    Steps, in one transaction with the round row locked:
    1. read the retention date (the one set, else GNIST_ROUND_RETENTION_MONTHS after the last phase ends);
       up to and including that day, stop without changing anything; past it, store the date if it was empty;
    2. store the public number of applications in `Round.applications_count` when it is empty, so it survives;
    3. delete never-submitted drafts, with their answers, co-applicants, log and attachment rows;
    4. delete the attachment rows of every other application;
    5. blank the applicant's texts, answers and contact persons of applications that were not selected
       (sent in, but not a Gnist or follow municipality); selected ones, participants, themes, scores and the
       programme's decisions and reasons stay;
    6. log the purge on each kept application it changed, and stamp `Round.purged_at` the first time;
    7. after commit, delete the attachment files from storage (a rollback keeps them).
    A dry run works out the same numbers and changes nothing.
    """
    with transaction.atomic():
        round_ = Round.objects.select_for_update().prefetch_related("phases").get(pk=round_.pk)
        retain_until = round_.retention_date
        purge = RoundPurge(
            round=round_, retain_until=retain_until, due=retain_until < timezone.localdate(now, OSLO)
        )
        if not purge.due:
            return purge

        if round_.applications_count is None:
            purge.applications_count = (
                Round.objects.with_application_counts().get(pk=round_.pk).applications_number
            )
        applications = Application.objects.for_round(round_)
        drafts = set(applications.drafts().values_list("pk", flat=True))
        attachments = list(ApplicationAttachment.objects.filter(application__round=round_).order_by("pk"))
        unselected = list(
            applications.submitted()
            .exclude(status__in=RETAINED_STATUSES)
            .only("contacts", *APPLICANT_TEXT_FIELDS)
        )
        answered = set(
            CriterionAnswer.objects.filter(application__in=unselected)
            .exclude(text="")
            .values_list("application_id", flat=True)
        )
        to_blank = {
            application.pk
            for application in unselected
            if application.pk in answered
            or application.contacts
            or any(getattr(application, field) for field in APPLICANT_TEXT_FIELDS)
        }
        purge.drafts, purge.attachments, purge.blanked = len(drafts), len(attachments), len(to_blank)
        if dry_run:
            return purge

        changes = {}
        if round_.retain_application_data_until is None:
            changes["retain_application_data_until"] = retain_until
        if purge.applications_count is not None:
            changes["applications_count"] = purge.applications_count
        if round_.purged_at is None:
            changes["purged_at"] = now
        if changes:
            Round.objects.filter(pk=round_.pk).update(**changes)
            round_.refresh_from_db(fields=list(changes))

        ApplicationAttachment.objects.filter(pk__in=[attachment.pk for attachment in attachments]).delete()
        applications.drafts().filter(pk__in=drafts).delete()
        Application.objects.filter(pk__in=to_blank).update(
            contacts=[], **dict.fromkeys(APPLICANT_TEXT_FIELDS, "")
        )
        CriterionAnswer.objects.filter(application_id__in=to_blank).update(text="")

        detached = Counter(attachment.application_id for attachment in attachments)
        for application in applications.filter(pk__in=set(detached) | to_blank).order_by("pk"):
            details = []
            if detached[application.pk]:
                details.append(
                    ngettext(
                        "%(count)s attachment deleted",
                        "%(count)s attachments deleted",
                        detached[application.pk],
                    )
                    % {"count": detached[application.pk]}
                )
            if application.pk in to_blank:
                details.append(_("texts, answers and contact persons blanked"))
            _log(
                application,
                actor=None,
                action=SelectionLogEntry.Action.PURGED,
                details="; ".join(details),
                at=now,
            )

        files = [attachment.file for attachment in attachments]
        transaction.on_commit(lambda: _delete_files(files))
    return purge


def _delete_files(files) -> None:
    """Delete stored files; one that cannot be deleted is logged and does not stop the others."""
    for file in files:
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.exception("Could not delete the purged attachment file %s", file.name)
