"""Team access: a municipality's team page, requests to join, decisions, invitations, removal and roles.

Outsiders get 404 for a team (its page and every action on it); members without admin rights get 403 on admin
actions. Every change is a POST that goes through `municipalities.services` and redirects with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gnist.errors import ExplainedPermissionDenied
from municipalities import permissions, services
from municipalities.forms import DecisionForm, InvitationForm, RoleForm
from municipalities.models import Membership, Municipality, join_names
from municipalities.services.teams import CHANGE_ROLE, DECIDE, INVITE, REMOVE, WITHDRAW
from municipalities.views.public import open_phase_actions


def profile_section(request) -> dict:
    """The profile's "Municipalities and roles" (registered in gnist.sections)."""
    memberships = permissions.memberships_of(request.user)
    return {
        "memberships": memberships,
        # Staff of a team find their municipalities' applications from here.
        "on_a_team": any(membership.status == Membership.Status.APPROVED for membership in memberships),
        "open_phases": open_phase_actions(request, memberships=memberships),
    }


def _team_url(municipality: Municipality) -> str:
    return reverse("municipalities:team", kwargs={"number": municipality.number})


@require_GET
def team(request, number):
    """The team page: its members, and for those who manage it requests to join and sent invitations; what is
    open now with the person's actions."""
    municipality, membership, team = permissions.get_team_with_members(request.user, number)
    can_manage = permissions.can_manage_team(request.user, municipality, membership=membership)
    members = [member for member in team if member.status == Membership.Status.APPROVED]
    pending = sorted(
        (member for member in team if member.status == Membership.Status.PENDING), key=lambda m: m.created_at
    )
    return render(
        request,
        "municipalities/team/team.html",
        {
            "municipality": municipality,
            "members": members,
            "open_phases": open_phase_actions(
                request, municipality=municipality, memberships=[membership] if membership else []
            ),
            "pending": pending if can_manage else [],
            "invitations": (
                list(municipality.invitations.pending().select_related("invited_by").order_by("created_at"))
                if can_manage
                else []
            ),
            "can_manage": can_manage,
            "admin_count": sum(member.role == Membership.Role.ADMIN for member in members),
            "breadcrumbs": [
                {"label": _("Municipalities"), "url": reverse("municipalities:municipality_list")},
                {"label": municipality.name, "url": municipality.get_absolute_url()},
                {"label": _("Team"), "url": ""},
            ],
        },
    )


@require_POST
@login_required
def request_to_join(request, number):
    municipality = Municipality.objects.current().with_number(number).first()
    if municipality is None:
        raise Http404("No municipality with that number.")
    try:
        membership = services.request_membership(municipality, actor=request.user)
    except services.DailyLimitReached as error:
        messages.error(request, str(error))
        return redirect(municipality)
    except services.TeamError as error:
        messages.info(request, str(error))
        return redirect(_team_url(municipality))
    messages.success(
        request,
        _("You have asked to join %(name)s's team. You will get an e-mail when it has been decided.")
        % {"name": membership.municipality.name},
    )
    return redirect(municipality)


@require_POST
def decide(request, number, pk):
    municipality = permissions.get_municipality_for_team(request.user, number)
    membership = get_object_or_404(municipality.memberships.select_related("user", "decided_by"), pk=pk)
    if not permissions.can_decide_membership(request.user, membership):
        raise ExplainedPermissionDenied(_why_not_manager(request.user, municipality, DECIDE))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve or decline the request."))
        return redirect(_team_url(municipality))
    try:
        services.decide_membership(membership, actor=request.user, approve=form.approve)
    except services.TeamError as error:
        messages.warning(request, str(error))
    else:
        text = (
            _("%(person)s is now on the team.") if form.approve else _("%(person)s's request was declined.")
        )
        messages.success(request, text % {"person": membership.user.get_full_name()})
    return redirect(_team_url(municipality))


@require_http_methods(["GET", "POST"])
def invite(request, number):
    """The team's "Invite a colleague" page: its administrators send an invitation by e-mail."""
    municipality, membership = permissions.get_team_for_user(request.user, number)
    if not permissions.can_invite_colleague(request.user, municipality, membership=membership):
        raise ExplainedPermissionDenied(_why_not_manager(request.user, municipality, INVITE))
    form = InvitationForm(request.POST or None, prefix="invite")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_colleague(
                municipality, actor=request.user, email=data["email"], role=data["role"]
            )
        except services.TeamError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("An invitation has been sent to %(email)s.") % {"email": data["email"]}
            )
            return redirect(_team_url(municipality))
    # Shown again with what they typed and an error summary at the top of the form.
    return render(
        request,
        "municipalities/team/invite.html",
        {
            "municipality": municipality,
            "form": form,
            "breadcrumbs": [
                {"label": _("Municipalities"), "url": reverse("municipalities:municipality_list")},
                {"label": municipality.name, "url": municipality.get_absolute_url()},
                {"label": _("Team"), "url": _team_url(municipality)},
                {"label": _("Invite a colleague"), "url": ""},
            ],
        },
    )


@require_POST
def withdraw_invitation(request, number, pk):
    municipality = permissions.get_municipality_for_team(request.user, number)
    invitation = get_object_or_404(municipality.invitations.select_related("municipality"), pk=pk)
    if not permissions.can_withdraw_invitation(request.user, invitation):
        raise ExplainedPermissionDenied(_why_not_manager(request.user, municipality, WITHDRAW))
    try:
        services.withdraw_invitation(invitation, actor=request.user)
    except services.TeamError as error:
        messages.warning(request, str(error))
    else:
        messages.success(
            request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email}
        )
    return redirect(_team_url(municipality))


@require_POST
def remove(request, number, pk):
    municipality = permissions.get_municipality_for_team(request.user, number)
    membership = get_object_or_404(municipality.memberships.select_related("user"), pk=pk)
    if not permissions.can_remove_member(request.user, membership):
        raise ExplainedPermissionDenied(_why_not_changed(request.user, membership, REMOVE))
    leaving = membership.user_id == request.user.pk
    try:
        services.remove_member(membership, actor=request.user)
    except services.TeamError as error:
        messages.error(request, str(error))
        return redirect(_team_url(municipality))
    if leaving:
        messages.success(request, _("You have left %(name)s's team.") % {"name": municipality.name})
        return redirect(municipality)
    messages.success(
        request, _("%(person)s is no longer on the team.") % {"person": membership.user.get_full_name()}
    )
    return redirect(_team_url(municipality))


@require_POST
def change_role(request, number, pk):
    municipality = permissions.get_municipality_for_team(request.user, number)
    membership = get_object_or_404(municipality.memberships.select_related("user"), pk=pk)
    if not permissions.can_change_role(request.user, membership):
        raise ExplainedPermissionDenied(_why_not_changed(request.user, membership, CHANGE_ROLE))
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect(_team_url(municipality))
    try:
        services.change_role(membership, actor=request.user, role=form.cleaned_data["role"])
    except services.TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(person)s's role has been changed. New role: %(role)s")
            % {"person": membership.user.get_full_name(), "role": membership.get_role_display()},
        )
    return redirect(_team_url(municipality))


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """Show the invitation (sign in first; explain a wrong address or an old link); POST accepts it."""
    context = {"breadcrumbs": [{"label": _("Invitation"), "url": ""}], "token": token}
    try:
        invitation = services.read_invitation(token)
    except services.InvitationInvalid as error:
        return render(request, "municipalities/team/invitation.html", {**context, "problem": str(error)})
    context["invitation"] = invitation
    if not request.user.is_authenticated:
        return render(request, "municipalities/team/invitation.html", context)
    if request.method == "POST":
        try:
            membership = services.accept_invitation(token, actor=request.user)
        except services.InvitationInvalid as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, _("Welcome to %(name)s's team.") % {"name": membership.municipality.name})
        return redirect(_team_url(membership.municipality))
    context["already_member"] = permissions.is_approved_member(request.user, invitation.municipality)
    context["email_matches"] = request.user.emailaddress_set.filter(
        email__iexact=invitation.email, verified=True
    ).exists()
    return render(request, "municipalities/team/invitation.html", context)


# --- why a 403: said only to those who may see the team (outsiders got a 404 before) ----------------------


def _why_not_manager(user, municipality: Municipality, action) -> str:
    """Who does `action`, and whom to ask: the team's administrators by name for a member without admin
    rights (the programme when the team has none yet); more rights for programme staff who only read teams."""
    text = action % {"name": municipality.name}
    if not permissions.is_approved_member(user, municipality):
        ask = _(
            "Your staff account may read teams but not change them. Ask a programme administrator for the "
            "right to change memberships."
        )
        return f"{text} {ask}"
    admins = [
        admin.user.get_full_name()
        for admin in sorted(
            municipality.memberships.approved().admins().select_related("user"), key=permissions.team_order
        )
    ]
    if admins:
        ask = ngettext(
            "Ask the team's administrator, %(names)s, to do it.",
            "Ask one of the team's administrators, %(names)s, to do it.",
            len(admins),
        ) % {"names": join_names(admins)}
    else:
        ask = _(
            "The team has no administrator yet, so the programme does this for it: write to us at the "
            "address below."
        )
    return f"{text} {ask}"


def _why_not_changed(user, membership: Membership, action) -> str:
    """Why a change to `membership` is refused: the person may not manage the team (`_why_not_manager`), or
    the member is not on the team (a request waiting or declined, or removed or left meanwhile)."""
    municipality = membership.municipality
    if not permissions.can_manage_team(user, municipality):
        return _why_not_manager(user, municipality, action)
    person = {"person": membership.user.get_full_name()}
    if membership.status == Membership.Status.PENDING:
        return (
            _(
                "%(person)s has asked to join and is not on the team yet. Approve or decline the request "
                "first."
            )
            % person
        )
    if membership.status == Membership.Status.DECLINED:
        return (
            _("%(person)s's request to join was declined, so they are not on the team. Nothing was changed.")
            % person
        )
    return _("%(person)s is no longer on the team. Nothing was changed.") % person
