"""Who may do what in the municipalities app: named predicates `can_<verb>_<noun>(user, obj) -> bool`.

Templates receive their results as booleans; views fetch objects through the access helpers, so outsiders get
404 and insiders without the right get 403.
"""

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from gnist.permissions import is_programme_staff
from municipalities.models import Application, Membership, Municipality, norwegian_key, valid_on
from municipalities.reference import round_with_phases_and_criteria

# ----------------------------------------------------------------------------------------------------
# Team access (staff access: join requests, invitations, removal)


def is_programme_admin(user) -> bool:
    """Programme staff who manage memberships (DOGA, Nordic Edge, Distriktssenteret)."""
    return is_programme_staff(user, "municipalities.change_membership")


# Passed as `membership=` by a caller that has fetched the user's membership already (None: they have none).
_UNKNOWN = object()


def membership_of(user, municipality: Municipality, membership=_UNKNOWN) -> Membership | None:
    """The user's membership of `municipality`, whatever its status (one query, unless given)."""
    if membership is not _UNKNOWN:
        return membership
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, municipality=municipality).first()


def is_approved_member(user, municipality: Municipality, *, membership=_UNKNOWN) -> bool:
    membership = membership_of(user, municipality, membership)
    return membership is not None and membership.status == Membership.Status.APPROVED


def is_team_admin(user, municipality: Municipality, *, membership=_UNKNOWN) -> bool:
    membership = membership_of(user, municipality, membership)
    return (
        membership is not None
        and membership.status == Membership.Status.APPROVED
        and membership.role == Membership.Role.ADMIN
    )


def can_view_team(user, municipality: Municipality, *, membership=_UNKNOWN) -> bool:
    """Approved members of the municipality and programme staff who may read memberships; to everyone else
    the team does not exist."""
    return (
        is_approved_member(user, municipality, membership=membership)
        or is_programme_staff(user, "municipalities.view_membership")
        or is_programme_admin(user)
    )


def can_manage_team(user, municipality: Municipality, *, membership=_UNKNOWN) -> bool:
    """Approved admins of the municipality invite, remove and change roles; programme admins may too."""
    return is_team_admin(user, municipality, membership=membership) or is_programme_admin(user)


def can_request_membership(user, municipality: Municipality, *, membership=_UNKNOWN) -> bool:
    """Any signed-in person not on the team and with no request waiting (declined, removed or left: again)."""
    if not user.is_authenticated:
        return False
    membership = membership_of(user, municipality, membership)
    return membership is None or membership.status in Membership.REJOINABLE


def can_decide_membership(user, membership: Membership) -> bool:
    """The municipality's admins decide requests; a municipality without an admin yet (its first member) is
    decided by programme admins only. Not tied to the status: a request decided meanwhile is refused kindly.
    """
    return is_programme_admin(user) or is_team_admin(user, membership.municipality)


def can_invite_colleague(user, municipality: Municipality, *, membership=_UNKNOWN) -> bool:
    return can_manage_team(user, municipality, membership=membership)


def can_withdraw_invitation(user, invitation) -> bool:
    """The team's admins and programme admins, who see the pending invitations on the team page."""
    return can_manage_team(user, invitation.municipality)


def can_remove_member(user, membership: Membership) -> bool:
    """Admins remove colleagues; anyone on the team may leave it themselves."""
    if membership.status != Membership.Status.APPROVED:
        return False
    return membership.user_id == user.pk or can_manage_team(user, membership.municipality)


def can_change_role(user, membership: Membership) -> bool:
    return membership.status == Membership.Status.APPROVED and can_manage_team(user, membership.municipality)


def get_team_for_user(user, number: str) -> tuple[Municipality, Membership | None]:
    """Today's municipality with `number` whose team `user` may see, with the user's membership of it (None
    for programme staff who are not on it), for the predicates' `membership=`; 404 for everyone else."""
    municipality = Municipality.objects.current().with_number(number).select_related("county").first()
    membership = membership_of(user, municipality) if municipality is not None else None
    return _visible_team(user, municipality, membership)


def team_order(membership: Membership) -> tuple:
    """Sort key for a team's members: Norwegian alphabetical order of their names, then e-mail address
    (sorted in Python: the teams are small, and PostgreSQL's collation would put Å before Æ and Ø)."""
    return norwegian_key(membership.user.name), membership.user.email


# A team's members on its page, with these fields.
TEAM_FIELDS = (
    "municipality",
    "role",
    "status",
    "created_at",
    "decided_at",
    "user__name",
    "user__email",
)


def get_team_with_members(user, number: str) -> tuple[Municipality, Membership | None, list[Membership]]:
    """As `get_team_for_user`, with the team as its page shows it: approved and pending memberships with their
    people, read with the municipality and the user's own membership (whatever its status) in one query;
    a second one only for a team nobody is on or asking to join."""
    mine = Q(user=user) if user.is_authenticated else Q(pk__in=[])
    rows = list(
        Membership.objects.filter(valid_on(timezone.localdate(), through="municipality__"))
        .filter(municipality__number=number)
        .filter(mine | Q(status__in=Membership.ON_TEAM_OR_ASKING))
        .select_related("user", "municipality")
        # What the page and the predicates read: not the person's password hash and login times.
        .only(*TEAM_FIELDS)
        .order_by()
    )
    rows.sort(key=team_order)
    municipality = (
        rows[0].municipality if rows else Municipality.objects.current().filter(number=number).first()
    )
    for row in rows:
        row.municipality = municipality
    membership = next((row for row in rows if row.user_id == user.pk), None)
    municipality, membership = _visible_team(user, municipality, membership)
    team = [row for row in rows if row.status in Membership.ON_TEAM_OR_ASKING]
    return municipality, membership, team


def _visible_team(user, municipality, membership) -> tuple[Municipality, Membership | None]:
    if municipality is None or not can_view_team(user, municipality, membership=membership):
        raise Http404("No such team.")
    if membership is not None:
        membership.municipality = municipality
    return municipality, membership


def get_municipality_for_team(user, number: str) -> Municipality:
    """Today's municipality with `number` whose team `user` may see; 404 for everyone else."""
    return get_team_for_user(user, number)[0]


# End of team access.
# ----------------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------------
# Applications and selection (who applies, edits, confirms; phase guards are part of each predicate)


def _remember_approved(user) -> None:
    """One query: the user's approved teams with their roles, and those municipalities' predecessors."""
    rows = list(
        Membership.objects.for_user(user)
        .approved()
        .values_list("municipality_id", "role", "municipality__predecessors")
    )
    user._approved_roles = {municipality: role for municipality, role, _before in rows}
    user._approved_municipality_ids = {municipality for municipality, _role, _before in rows} | {
        before for _municipality, _role, before in rows if before is not None
    }


def approved_roles(user) -> dict[int, str]:
    """The user's role by id of each municipality whose team they are approved on (remembered on the user
    object for the request). Only today's teams: see `approved_municipality_ids` for what they act for."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_approved_roles"):
        _remember_approved(user)
    return user._approved_roles


def memberships_of(user) -> list[Membership]:
    """All the user's memberships with their municipalities, in name order (one query). A page that shows
    them gets `approved_roles` and `approved_municipality_ids` from the same rows, remembered for the
    request."""
    if not user.is_authenticated:
        return []
    # One row per membership and predecessor of its municipality (most have none, a merger's have several).
    rows = (
        Membership.objects.for_user(user)
        .select_related("municipality")
        .annotate(before=F("municipality__predecessors"))
        .order_by("municipality__name", "pk")
    )
    memberships: dict[int, Membership] = {}
    predecessors = set()
    for row in rows:
        memberships.setdefault(row.pk, row)
        if row.before is not None and row.status == Membership.Status.APPROVED:
            predecessors.add(row.before)
    approved = [m for m in memberships.values() if m.status == Membership.Status.APPROVED]
    user._approved_roles = {m.municipality_id: m.role for m in approved}
    user._approved_municipality_ids = set(user._approved_roles) | predecessors
    return list(memberships.values())


def approved_municipality_ids(user) -> set[int]:
    """The municipalities `user` may act for: those whose team they are approved on, and those municipalities'
    predecessors in the earlier structure (a round of 2022 names Åseral as it was then; today's Åseral team
    answers for it). Remembered for the request.

    Teams themselves are only ever today's: managing a team reads the membership, not this set."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_approved_municipality_ids"):
        _remember_approved(user)
    return user._approved_municipality_ids


def can_start_application(user, municipality: Municipality, round_, now) -> bool:
    """Approved staff of the municipality, while the round's application phase is open."""
    return municipality.pk in approved_municipality_ids(user) and round_.takes_applications_at(now)


def can_view_all_applications(user) -> bool:
    """Programme staff who read every application. As in Django admin, the right to change (decide) one
    includes the right to read it; managing memberships does not."""
    return is_programme_staff(user, "municipalities.view_application") or can_decide_applications(user)


def can_view_application(user, application) -> bool:
    """Staff of the main or a co-applicant municipality, and programme staff who read applications
    (co-applicants prefetched)."""
    if can_view_all_applications(user):
        return True
    mine = approved_municipality_ids(user)
    return application.municipality_id in mine or any(
        co.municipality_id in mine for co in application.co_applicants.all()
    )


def is_application_editor(user, application) -> bool:
    """Only the main applicant's approved staff write the application (whatever the phase)."""
    return application.municipality_id in approved_municipality_ids(user)


def is_application_team_admin(user, application) -> bool:
    """An approved admin of the main applicant's team (no query after `approved_municipality_ids`)."""
    return approved_roles(user).get(application.municipality_id) == Membership.Role.ADMIN


def can_edit_application(user, application, now) -> bool:
    """The main applicant's staff: drafts and submitted applications until the deadline, shortlisted ones
    during the revision phase (rounds with stages)."""
    if not is_application_editor(user, application):
        return False
    Status = application.Status
    if application.status in (Status.DRAFT, Status.SUBMITTED):
        return application.round.takes_applications_at(now)
    if application.status == Status.SHORTLISTED:
        return application.round.takes_revisions_at(now)
    return False


def can_submit_application(user, application, now) -> bool:
    return (
        application.status == application.Status.DRAFT
        and is_application_editor(user, application)
        and application.round.takes_applications_at(now)
    )


# A joint application is confirmed while it can still change: a draft or submitted, in the application phase.
CONFIRMABLE_STATUSES = (Application.Status.DRAFT, Application.Status.SUBMITTED)


def is_co_applicant_staff(user, co_applicant) -> bool:
    """Approved staff of the co-applicant municipality (whatever the phase)."""
    return co_applicant.municipality_id in approved_municipality_ids(user)


def can_confirm_co_application(user, co_applicant, now) -> bool:
    """The co-applicant municipality's own approved staff, once, while the application is a draft or
    submitted and its round takes applications."""
    application = co_applicant.application
    return (
        not co_applicant.is_confirmed
        and is_co_applicant_staff(user, co_applicant)
        and application.status in CONFIRMABLE_STATUSES
        and application.round.takes_applications_at(now)
    )


def can_decide_applications(user) -> bool:
    """Programme admins stage and announce selection decisions (in Django admin)."""
    return is_programme_staff(user, "municipalities.change_application")


def get_application_for_user(user, pk: int, queryset=None):
    """The application `pk` if `user` may see it; 404 for everyone else, so outsiders learn nothing. Its
    round comes with its phases and criteria from the content cache (municipalities.reference).

    The co-applicants are read only where they are needed: for the main applicant's staff the check needs
    none, for anyone else one query. A page that shows them prefetches them with `queryset`."""
    queryset = queryset if queryset is not None else Application.objects.all()
    try:
        # get(), not first(): first() would sort by the model's ordering, joining the round to do it.
        application = queryset.select_related("municipality").get(pk=pk)
    except Application.DoesNotExist:
        application = None
    if application is None or not can_view_application(user, application):
        raise Http404("No such application.")
    application.round = round_with_phases_and_criteria(application.round_id)
    return application


# End of applications and selection.
# ----------------------------------------------------------------------------------------------------
