"""What each open phase asks of the person looking: the action they may take, or what to do first.

Each of `Phase.OPENS_FLAGS` can have action providers `provider(phase, viewer) -> list[Action]`. This app
registers the application's; later apps (challenges: write the challenge, ask a question, submit an offer)
register theirs from `AppConfig.ready()`. A page builds one `Viewer` and asks `actions_for(phases, viewer)`:
what providers need about the person (memberships, applications) is fetched once per page by the Viewer, so a
page's query count stays the same however many phases or rows it shows.
"""

import datetime
from collections.abc import Callable, Iterable
from functools import cached_property
from urllib.parse import quote

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from gnist.open_now import Action
from municipalities import permissions
from municipalities.models import OSLO, Application, Membership, Municipality, Phase

Provider = Callable[[Phase, "Viewer"], list[Action]]
_providers: dict[str, list[Provider]] = {flag: [] for flag in Phase.OPENS_FLAGS}


def register_phase_action(flag: str, provider: Provider) -> None:
    """Offer `provider(phase, viewer)`'s actions on every open phase with `flag` set (call from ready())."""
    if flag not in _providers:
        raise ValueError(f"{flag} is not one of Phase.OPENS_FLAGS")
    _providers[flag].append(provider)


class Viewer:
    """The person looking at a page, at `now`, about `municipality` (a municipality or team page) or about
    all their municipalities (home, round, profile). Each fact is fetched once, when a provider first asks."""

    def __init__(
        self,
        user,
        now: datetime.datetime,
        municipality: Municipality | None = None,
        *,
        memberships: list[Membership] | None = None,
        applications: Iterable[Application] | None = None,
    ) -> None:
        self.user = user
        self.now = now
        self.municipality = municipality
        # The rounds whose application phase is among the phases asked about (actions_for sets them).
        self.application_rounds: set[int] = set()
        if memberships is not None:  # the page has them already (with their municipalities)
            self.memberships = memberships
        if applications is not None:  # the page has read all the person's applications already
            self.applications = {(a.round_id, a.municipality_id): a for a in applications}

    @cached_property
    def memberships(self) -> list[Membership]:
        """The person's memberships (of this page's municipality only, when there is one): one query."""
        if not self.user.is_authenticated:
            return []
        memberships = Membership.objects.for_user(self.user).select_related("municipality")
        if self.municipality is not None:
            memberships = memberships.filter(municipality=self.municipality)
        return list(memberships.order_by("municipality__name"))

    @cached_property
    def municipalities(self) -> list[Municipality]:
        """The municipalities the person acts for (approved memberships), in name order."""
        return [m.municipality for m in self.memberships if m.status == Membership.Status.APPROVED]

    @cached_property
    def pending(self) -> list[Membership]:
        return [m for m in self.memberships if m.status == Membership.Status.PENDING]

    @cached_property
    def applications(self) -> dict[tuple[int, int], Application]:
        """The applications of the person's municipalities in `application_rounds`, by round and municipality:
        one query, none when no round in view takes applications."""
        if not self.municipalities or not self.application_rounds:
            return {}
        applications = (
            Application.objects.filter(
                municipality__in=self.municipalities, round_id__in=self.application_rounds
            )
            .only("pk", "round_id", "municipality_id", "status", "submitted_at")
            .order_by()  # read into a dict: the model's ordering would join the round and the municipality
        )
        return {(a.round_id, a.municipality_id): a for a in applications}


def actions_for(phases: Iterable[Phase], viewer: Viewer) -> dict[int, list[Action]]:
    """Each phase's actions for `viewer` by phase id (phases open at viewer.now only; others have none)."""
    open_now = [phase for phase in phases if phase.is_open_at(viewer.now)]
    viewer.application_rounds = {phase.round_id for phase in open_now if phase.opens_applications}
    actions = {}
    for phase in open_now:
        found = [
            action
            for flag in Phase.OPENS_FLAGS
            if getattr(phase, flag)
            for provider in _providers[flag]
            for action in provider(phase, viewer)
        ]
        if found:
            actions[phase.pk] = found
    return actions


def sign_in_first(label: str, next_url: str) -> Action:
    """ "Sign in to …": to the sign-in page, which brings the person back to `next_url`."""
    return Action(label, f"{reverse('account_login')}?next={quote(next_url)}", primary=False)


def join_team_first(viewer: Viewer, text: str) -> list[Action]:
    """What a signed-in person not (yet) on a team does first: wait for their request, or ask to join."""
    if viewer.pending:
        return [
            Action(
                text=_("Your request to join %(name)s's team is waiting for approval.")
                % {"name": membership.municipality.name}
            )
            for membership in viewer.pending
        ]
    municipality = viewer.municipality
    if municipality is not None:
        # On a municipality's page the viewer's memberships are those of this municipality: one or none.
        membership = viewer.memberships[0] if viewer.memberships else None
        if not permissions.can_request_membership(viewer.user, municipality, membership=membership):
            return []
        return [
            Action(
                _("Ask to join %(name)s's team") % {"name": municipality.name},
                reverse("municipalities:team_request", kwargs={"number": municipality.number}),
                text=text,
                post=True,
                primary=False,
            )
        ]
    return [
        Action(
            _("Find your municipality and ask to join its team"),
            reverse("municipalities:municipality_list"),
            text=text,
            primary=False,
        )
    ]


def application_actions(phase: Phase, viewer: Viewer) -> list[Action]:
    """Apply, continue the draft, or read the sent application; else sign in or join the team first."""
    round_ = phase.round
    start_url = reverse("municipalities:application_start", kwargs={"number": round_.number})
    if not viewer.user.is_authenticated:
        return [sign_in_first(_("Sign in to apply"), start_url)]
    if not viewer.municipalities:
        return join_team_first(viewer, _("Only a municipality's team can apply."))
    several = len(viewer.municipalities) > 1
    actions = []
    for municipality in viewer.municipalities:
        application = viewer.applications.get((round_.pk, municipality.pk))
        names = {"number": round_.number, "name": municipality.name}
        if application is None:
            if permissions.can_start_application(viewer.user, municipality, round_, viewer.now):
                label = (
                    _("Apply to round %(number)s for %(name)s") if several else _("Apply to round %(number)s")
                )
                actions.append(Action(label % names, start_url))
        elif application.status == Application.Status.DRAFT:
            label = _("Continue %(name)s's application") if several else _("Continue the application")
            actions.append(
                Action(
                    label % names, reverse("municipalities:application_edit", kwargs={"pk": application.pk})
                )
            )
        else:
            actions.append(application_status(application, municipality, now=viewer.now, several=several))
    return actions


# How a deadline reads in each language: "31. mars kl. 12.00" (Språkrådet's style) and "31 March at 12:00".
# Django's formats give "12:00" in Norwegian and "March 31" in English; FORMAT_MODULE_PATH could go site-wide.
_MOMENT_FORMATS = {
    "nb": (r"j. F", r"j. F Y", r"\k\l. H.i"),
    "nn": (r"j. F", r"j. F Y", r"\k\l. H.i"),
    "en": (r"j F", r"j F Y", r"\a\t H:i"),
}


def format_moment(moment: datetime.datetime, *, now: datetime.datetime, with_time: bool = True) -> str:
    """A date (and time of day) in Europe/Oslo in the active language; the year only if not this year."""
    local = timezone.localtime(moment, OSLO)
    day, day_and_year, time = _MOMENT_FORMATS.get(translation.get_language(), _MOMENT_FORMATS["en"])
    text = formats.date_format(
        local, day if local.year == timezone.localtime(now, OSLO).year else day_and_year
    )
    if with_time:
        text += " " + formats.date_format(local, time)
    return text


def application_status(application: Application, municipality: Municipality, *, now, several: bool) -> Action:
    """ "The application was sent 3 March at 12:00. Read the application" instead of a second apply."""
    names = {"name": municipality.name}
    if application.submitted_at:
        names["when"] = format_moment(application.submitted_at, now=now)
        text = (
            _("%(name)s's application was sent %(when)s.")
            if several
            else _("The application was sent %(when)s.")
        )
    else:
        text = _("%(name)s's application has been sent.") if several else _("The application has been sent.")
    return Action(_("Read the application"), application.get_absolute_url(), text=text % names)
