"""Team access: join requests, decisions, invitations, removal and roles (`Membership.status`)."""

import datetime
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from gnist.ratelimit import allow_daily
from municipalities import emails, permissions
from municipalities.models import Invitation, Membership, Municipality

INVITATION_SALT = "municipalities.team-invitation"
INVITATION_MAX_AGE = Membership.INVITATION_DAYS * 24 * 60 * 60  # seconds
# Each request to join and each invitation e-mails other people: a person's daily caps.
JOIN_REQUESTS_PER_DAY = 10
INVITATIONS_PER_DAY = 30


class TeamError(Exception):
    """A team change that cannot be made; `str(error)` is a translated message for the person."""


# What only the team's administrators and the programme's administrators (can_manage_team) do.
DECIDE = gettext_lazy(
    "Only the administrators of %(name)s's team, and the programme, decide requests to join it."
)
INVITE = gettext_lazy(
    "Only the administrators of %(name)s's team, and the programme, invite colleagues to it."
)
WITHDRAW = gettext_lazy(
    "Only the administrators of %(name)s's team, and the programme, withdraw its invitations."
)
REMOVE = gettext_lazy(
    "Only the administrators of %(name)s's team, and the programme, remove colleagues from it."
)
CHANGE_ROLE = gettext_lazy(
    "Only the administrators of %(name)s's team, and the programme, change roles on it."
)


class TeamPermissionDenied(TeamError):
    """The actor may not make this change (views check the permission first and answer 403)."""


class AlreadyDecided(TeamError):
    """Someone else decided the request first (two admins at once); nothing was changed."""


class InvitationInvalid(TeamError):
    """The invitation link is forged, expired, used, or meant for another e-mail address."""


class DailyLimitReached(TeamError):
    """The person has made the portal e-mail others as often as a day allows; nothing was changed."""


def request_membership(municipality: Municipality, *, actor: User) -> Membership:
    """Ask to join `municipality`'s team.

    Steps: refuse a person already on the team; return a request that is already waiting (idempotent, no
    second e-mail); refuse past the person's JOIN_REQUESTS_PER_DAY (DailyLimitReached); otherwise create the
    pending membership — or reopen a declined or removed one (the removal record stays) — and e-mail the
    municipality's admins (programme admins when the team has no admin yet).
    """
    with transaction.atomic():
        membership = Membership.objects.filter(user=actor, municipality=municipality).first()
        if membership is not None and membership.status == Membership.Status.APPROVED:
            raise TeamError(_("You are already on %(name)s's team.") % {"name": municipality.name})
        if membership is not None and membership.status == Membership.Status.PENDING:
            return membership
        if not allow_daily("team-request", actor, limit=JOIN_REQUESTS_PER_DAY):
            raise DailyLimitReached(_("You have asked to join many teams today. Try again tomorrow."))
        now = timezone.now()
        if membership is None:
            try:
                with transaction.atomic():
                    membership = Membership.objects.create(
                        user=actor,
                        municipality=municipality,
                        status=Membership.Status.PENDING,
                        created_at=now,
                    )
            except IntegrityError:
                # A double click raced us to it: the other request is the one.
                return Membership.objects.get(user=actor, municipality=municipality)
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


def request_recipients(municipality: Municipality) -> list[User]:
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
    # Only those who can decide it on the site (same predicate): staff without MFA get no mail to act on.
    return [
        user
        for user in get_user_model()
        .objects.with_perm(
            "municipalities.change_membership", backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_active=True, is_staff=True)
        .order_by("email")
        if permissions.is_programme_admin(user)
    ]


def decide_membership(membership: Membership, *, actor: User, approve: bool) -> Membership:
    """Approve or decline a pending request to join a team.

    Steps: check the actor may decide (the municipality's admins; programme admins, who alone decide a
    municipality's first member); move pending → approved | declined with a conditional update, so of two
    admins deciding at once only the first wins and the second is told kindly; the first member of a team
    becomes its admin; record who and when; e-mail the person.
    """
    if not permissions.can_decide_membership(actor, membership):
        raise TeamPermissionDenied(DECIDE % {"name": membership.municipality.name})
    status = Membership.Status.APPROVED if approve else Membership.Status.DECLINED
    with transaction.atomic():
        changes = {"status": status, "decided_at": timezone.now(), "decided_by": actor}
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


def decide_memberships(
    memberships: Iterable[Membership], *, actor: User, approve: bool
) -> tuple[int, list[str]]:
    """Decide several requests (Django admin's approve/decline actions): (number decided, refusal messages).

    Each goes through `decide_membership`, so the rules, the record and the e-mail are the same as on the team
    page; one refused request (decided meanwhile, not pending) does not stop the others.
    """
    decided, refused = 0, []
    for membership in memberships:
        try:
            decide_membership(membership, actor=actor, approve=approve)
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


def invitation_token(invitation: Invitation) -> str:
    """The signed token of `invitation`'s link: its id (the row says the rest); valid INVITATION_DAYS."""
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT, compress=True)


def invite_colleague(municipality: Municipality, *, actor: User, email: str, role: str) -> str:
    """Invite a colleague by e-mail; returns the token of the link they were sent.

    Steps: check the actor manages the team; refuse an address already on the team, and refuse past the
    actor's INVITATIONS_PER_DAY (DailyLimitReached); record the invitation (listed on the team page until it
    is used, withdrawn or expires); e-mail the signed link to the address.
    """
    if not permissions.can_invite_colleague(actor, municipality):
        raise TeamPermissionDenied(INVITE % {"name": municipality.name})
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise TeamError(_("Choose a role."))
    if Membership.objects.filter(municipality=municipality, user__email__iexact=email).approved().exists():
        raise TeamError(_("%(email)s is already on the team.") % {"email": email})
    if not allow_daily("team-invite", actor, limit=INVITATIONS_PER_DAY):
        raise DailyLimitReached(_("You have sent many invitations today. Try again tomorrow."))
    now = timezone.now()
    invitation = Invitation.objects.create(
        municipality=municipality,
        email=email,
        role=role,
        invited_by=actor,
        created_at=now,
        expires_at=now + datetime.timedelta(days=Membership.INVITATION_DAYS),
    )
    token = invitation_token(invitation)
    url = reverse("municipalities:team_invitation_accept", kwargs={"token": token})
    emails.send_team_invitation(municipality, email=email, role=role, invited_by=actor, path=url)
    return token


def _expired() -> InvitationInvalid:
    return InvitationInvalid(
        ngettext(
            "This invitation has expired: links are valid for %(days)s day. "
            "Ask the person who invited you to send a new one.",
            "This invitation has expired: links are valid for %(days)s days. "
            "Ask the person who invited you to send a new one.",
            Membership.INVITATION_DAYS,
        )
        % {"days": Membership.INVITATION_DAYS}
    )


def read_invitation(token: str) -> Invitation:
    """The invitation in `token` (with its municipality and inviter); raises InvitationInvalid for a forged,
    expired or withdrawn link, or one whose inviter or municipality is gone. A used one is returned: who
    opens it decides what it means (accept_invitation)."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise _expired() from error
    except signing.BadSignature as error:
        raise InvitationInvalid(
            _("This invitation link is not valid. Check that you opened the whole link from the e-mail.")
        ) from error
    invitation = (
        Invitation.objects.select_related("municipality", "invited_by").filter(pk=payload.get("i")).first()
    )
    if invitation is None or invitation.invited_by is None:
        raise InvitationInvalid(_("This invitation is no longer valid. Ask for a new one."))
    if invitation.withdrawn_at is not None:
        raise InvitationInvalid(
            _("This invitation has been withdrawn by %(name)s's team. Ask them for a new one if you need it.")
            % {"name": invitation.municipality.name}
        )
    if invitation.accepted_at is None and invitation.expires_at <= timezone.now():
        raise _expired()
    return invitation


def accept_invitation(token: str, *, actor: User) -> Membership:
    """Join a team through an invitation link.

    Steps: read the invitation (forged, expired or withdrawn: a clear message); require that the signed-in
    person has verified the invited address (allauth's EmailAddress); refuse a used invitation and one
    outdated by a later removal or decision, or by the inviter no longer managing the team; mark it used with
    a conditional update (of two clicks only the first joins) and create the membership approved — or approve
    a pending request — with the invited role, recording the inviter.
    """
    invitation = read_invitation(token)
    municipality, email = invitation.municipality, invitation.email
    if not EmailAddress.objects.filter(user=actor, email__iexact=email, verified=True).exists():
        raise InvitationInvalid(
            _(
                "This invitation was sent to %(email)s, but you are signed in with another address. "
                "Sign in with %(email)s, or add and verify it under your e-mail addresses, "
                "then open the link again."
            )
            % {"email": email}
        )
    if not permissions.can_manage_team(invitation.invited_by, municipality):
        raise InvitationInvalid(
            _("The person who invited you no longer manages %(name)s's team. Ask for a new invitation.")
            % {"name": municipality.name}
        )
    used = _("This invitation has been used: you are already on %(name)s's team.") % {
        "name": municipality.name
    }
    now = timezone.now()
    changes = {
        "status": Membership.Status.APPROVED,
        "role": invitation.role,
        "decided_at": now,
        "decided_by": invitation.invited_by,
    }
    with transaction.atomic():
        membership = Membership.objects.filter(user=actor, municipality=municipality).first()
        if membership is not None and membership.status == Membership.Status.APPROVED:
            raise InvitationInvalid(used)
        # A decision or removal after the invitation was sent outdates it (e.g. the person was removed since).
        last_change = membership and max(
            filter(None, [membership.decided_at, membership.removed_at]), default=None
        )
        if invitation.accepted_at is not None or (last_change and last_change > invitation.created_at):
            raise InvitationInvalid(_("This invitation is no longer valid. Ask for a new one."))
        if not Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, withdrawn_at__isnull=True
        ).update(accepted_at=now):
            raise InvitationInvalid(_("This invitation is no longer valid. Ask for a new one."))
        if membership is None:
            try:
                with transaction.atomic():
                    return Membership.objects.create(
                        user=actor, municipality=municipality, created_at=now, **changes
                    )
            except IntegrityError:
                membership = Membership.objects.get(user=actor, municipality=municipality)
        updated = Membership.objects.filter(pk=membership.pk, status=membership.status).update(**changes)
        if not updated:
            raise InvitationInvalid(used)
        membership.refresh_from_db()
    return membership


def withdraw_invitation(invitation: Invitation, *, actor: User) -> Invitation:
    """Withdraw a pending invitation, so its link no longer works.

    Steps: check the actor manages the team; mark it withdrawn (who and when) with a conditional update, so
    an invitation accepted or withdrawn meanwhile is left as it is and the actor is told kindly.
    """
    if not permissions.can_withdraw_invitation(actor, invitation):
        raise TeamPermissionDenied(WITHDRAW % {"name": invitation.municipality.name})
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now(), withdrawn_by=actor)
    invitation.refresh_from_db()
    if not updated:
        if invitation.accepted_at is not None:
            raise AlreadyDecided(
                _("The invitation to %(email)s has already been accepted. Nothing was changed.")
                % {"email": invitation.email}
            )
        raise AlreadyDecided(
            _("The invitation to %(email)s had already been withdrawn. Nothing was changed.")
            % {"email": invitation.email}
        )
    return invitation


def _lock_admins(municipality_id: int) -> list[int]:
    """Lock the team's approved admins (PostgreSQL) so two removals cannot leave the team without one."""
    return list(
        Membership.objects.select_for_update()
        .filter(municipality_id=municipality_id)
        .approved()
        .admins()
        .values_list("pk", flat=True)
    )


def remove_member(membership: Membership, *, actor: User) -> Membership:
    """Take a person off a team (an admin removes a colleague, or a person leaves).

    Steps: check the actor may; refuse to remove the team's last admin; move approved → removed with a
    conditional update, recording who and when in removed_at/removed_by (the row stays as the record, and
    the approval record is kept); e-mail a person removed by someone else.
    """
    if not permissions.can_remove_member(actor, membership):
        raise TeamPermissionDenied(REMOVE % {"name": membership.municipality.name})
    with transaction.atomic():
        admins = _lock_admins(membership.municipality_id)
        if admins == [membership.pk]:
            raise TeamError(
                _("%(person)s is the team's only administrator. Make someone else administrator first.")
                % {"person": membership.user.get_full_name()}
            )
        updated = Membership.objects.filter(pk=membership.pk, status=Membership.Status.APPROVED).update(
            status=Membership.Status.REMOVED, removed_at=timezone.now(), removed_by=actor
        )
        membership.refresh_from_db()
        if not updated:
            raise AlreadyDecided(
                _("%(person)s is no longer on the team. Nothing was changed.")
                % {"person": membership.user.get_full_name()}
            )
        if membership.user_id != actor.pk:
            emails.send_membership_removed(membership)
    return membership


def change_role(membership: Membership, *, actor: User, role: str) -> Membership:
    """Make an approved member admin or editor; the same role does nothing; the last admin stays admin.

    Records who and when in role_changed_at/role_changed_by, keeping the approval record (decided_at/by).
    """
    if not permissions.can_change_role(actor, membership):
        raise TeamPermissionDenied(CHANGE_ROLE % {"name": membership.municipality.name})
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
        ).update(role=role, role_changed_at=timezone.now(), role_changed_by=actor)
        membership.refresh_from_db()
        if not updated:
            raise AlreadyDecided(_("Someone changed this membership at the same time. Nothing was changed."))
    return membership
