import datetime

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from gnist.open_now import Notice
from gnist.pagecache import cached
from gnist.sections import MUNICIPALITY, ROUND, sections_for
from municipalities import maps, permissions
from municipalities.actions import Viewer, actions_for, format_moment
from municipalities.forms import MunicipalitySearchForm
from municipalities.models import (
    Municipality,
    Participant,
    Phase,
    Round,
    is_whole_day,
    norwegian_key,
    sorted_by_name,
)


def _municipalities_with_county():
    return Prefetch("municipalities", queryset=Municipality.objects.select_related("county").order_by("name"))


class RoundListView(ListView):
    template_name = "municipalities/round_list.html"
    context_object_name = "rounds"
    paginate_by = 20

    def get_queryset(self):
        return Round.objects.published().newest_first().with_participant_counts().with_application_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [{"label": _("Rounds"), "url": ""}]
        return context


def round_detail(request, number):
    round_ = get_object_or_404(
        Round.objects.published().with_application_counts().prefetch_related("criteria", "phases"),
        number=number,
    )
    followers = Participant.objects.order_by("display_name").prefetch_related(_municipalities_with_county())
    gnist = round_.participants.gnist().prefetch_related(
        _municipalities_with_county(), Prefetch("followers", queryset=followers)
    )
    # The table the programme publishes: Gnist municipalities by county, each with its follow municipalities.
    rows = sorted(
        gnist,
        key=lambda participant: (
            norwegian_key(participant.county_label),
            norwegian_key(participant.display_name),
        ),
    )
    # The map's dots cost one query, made only when there is something to mark on them.
    round_map = maps.round_map(Municipality.objects.map_points(round_.structure_date), rows) if rows else None
    now = timezone.now()
    return render(
        request,
        "municipalities/round_detail.html",
        {
            "round": round_,
            "actions": [
                action
                for actions in actions_for(round_.phases.all(), Viewer(request.user, now)).values()
                for action in actions
            ],
            "rows": rows,
            "follow_count": sum(len(row.followers.all()) for row in rows),
            "counties_as_published": any(row.county_as_published for row in rows),
            "map": round_map,
            "applications": round_.applications_number,
            "sections": sections_for(ROUND, request, round_),
            "breadcrumbs": [
                {"label": _("Rounds"), "url": reverse("municipalities:round_list")},
                {"label": round_.title, "url": ""},
            ],
        },
    )


def municipality_list(request):
    form = MunicipalitySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    municipalities = sorted_by_name(Municipality.objects.current().search(query).select_related("county"))
    # Grouped by county for the template's regroup; a stable sort keeps the names in order within each.
    municipalities.sort(
        key=lambda municipality: (norwegian_key(municipality.county.name), municipality.county_id)
    )
    return render(
        request,
        "municipalities/municipality_list.html",
        {
            "form": form,
            "query": query,
            "municipalities": municipalities,
            "breadcrumbs": [{"label": _("Municipalities"), "url": ""}],
        },
    )


def municipality_detail(request, number):
    """A municipality with its history and every round it (or the municipality it continues) took part in.

    A number that is no longer used redirects to the one municipality of today that continues it, so old
    links keep working; when it was split (1507 Ålesund), its own page names the municipalities it became.
    """
    municipality, successors = Municipality.objects.resolve_number(number)
    if municipality is None:
        raise Http404("No municipality with that number.")
    if len(successors) == 1:
        return redirect(successors[0], permanent=True)
    predecessors = sorted_by_name(municipality.predecessors.select_related("county"))
    # Its rounds and those of the one it continues: Haram, split off Ålesund, claims none of Ålesund's.
    lineage = [municipality.pk, *(p.pk for p in predecessors if p.name == municipality.name)]
    followers = Participant.objects.order_by("display_name").prefetch_related(_municipalities_with_county())
    participations = (
        Participant.objects.filter(municipalities__in=lineage, round__in=Round.objects.published())
        .distinct()
        .select_related("round", "follows")
        .prefetch_related(
            _municipalities_with_county(),
            Prefetch("follows__municipalities", queryset=Municipality.objects.order_by("name")),
            Prefetch("followers", queryset=followers),
        )
        .order_by("-round__start_year", "-round__number")
    )
    # The person's membership, for "Open now" and the team section alike.
    membership = permissions.membership_of(request.user, municipality)
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "membership": membership,
            "is_current": municipality.is_valid_on(timezone.localdate()),
            "predecessors": predecessors,
            "successors": successors,
            "lineage": lineage,
            "participations": participations,
            "open_phases": open_phase_actions(
                request, municipality=municipality, memberships=[membership] if membership else []
            ),
            "sections": sections_for(MUNICIPALITY, request, municipality),
            "breadcrumbs": [
                {"label": _("Municipalities"), "url": reverse("municipalities:municipality_list")},
                {"label": municipality.name, "url": ""},
            ],
        },
    )


def _open_sentence(phase: Phase, now: datetime.datetime) -> str:
    values = {
        "number": phase.round.number,
        "phase": phase.label,
        "when": format_moment(phase.ends_at, now=now, with_time=not is_whole_day(phase.ends_at)),
    }
    if phase.opens_applications:
        return _("The application deadline for round %(number)s is %(when)s.") % values
    if phase.opens_offers:
        return _("The deadline for offers in round %(number)s is %(when)s.") % values
    if phase.opens_questions:
        return _("Questions in round %(number)s can be asked until %(when)s.") % values
    return _("%(phase)s in round %(number)s runs until %(when)s.") % values


def _next_sentence(phase: Phase, now: datetime.datetime) -> str:
    values = {
        "number": phase.round.number,
        "phase": phase.label,
        "when": format_moment(phase.starts_at, now=now, with_time=not is_whole_day(phase.starts_at)),
    }
    if phase.opens_applications:
        return _("Applications for round %(number)s open %(when)s.") % values
    return _("Next in round %(number)s: %(phase)s from %(when)s.") % values


def whats_open(now: datetime.datetime, user) -> list[Notice]:
    """What the home page says is open: each phase running now with what `user` can do about it, else the
    next phase to start (or nothing).

    The published rounds' phases open at `now` or starting after it come from the content cache
    (open_or_upcoming_phases); a signed-in person adds what the actions need (municipality.actions.Viewer),
    a fixed number of queries.
    """
    phases = open_or_upcoming_phases(now)
    open_phases = [phase for phase in phases if phase.is_open_at(now)]
    if open_phases:
        actions = actions_for(open_phases, Viewer(user, now))
        return [
            _notice(
                phase, _open_sentence(phase, now), phase.ends_at, is_open=True, actions=actions.get(phase.pk)
            )
            for phase in open_phases
        ]
    upcoming = sorted(
        (phase for phase in phases if phase.starts_at > now),
        key=lambda phase: (phase.starts_at, phase.round.number, phase.order),
    )
    if upcoming:
        return [_notice(upcoming[0], _next_sentence(upcoming[0], now), upcoming[0].starts_at, is_open=False)]
    return []


def _notice(phase: Phase, text: str, moment: datetime.datetime, *, is_open: bool, actions=None) -> Notice:
    link_text = _("About round %(number)s") % {"number": phase.round.number}
    return Notice(
        text,
        phase.round.get_absolute_url(),
        link_text,
        is_open=is_open,
        moment=moment,
        actions=tuple(actions or ()),
    )


def open_or_upcoming_phases(now: datetime.datetime) -> list[Phase]:
    """The phases of published rounds running at `now` or starting later, with their rounds and timelines,
    by end. The same for everyone, so kept under the content version: callers let the clock pick the open
    or upcoming ones, so the entry holds until content changes (and needs no query for the next change)."""
    phases = cached(
        "open-or-upcoming-phases",
        lambda: list(
            Phase.objects.open_or_upcoming_at(now)
            .filter(round__in=Round.objects.published())
            .select_related("round")
            .prefetch_related("round__phases")
            .order_by("ends_at", "round__number", "order")
        ),
        by_clock=False,
    )
    return [phase for phase in phases if phase.ends_at is None or phase.ends_at > now]


def open_phases(now: datetime.datetime) -> list[Phase]:
    """The phases of published rounds open at `now` (see open_or_upcoming_phases), soonest end first."""
    return [phase for phase in open_or_upcoming_phases(now) if phase.is_open_at(now)]


def open_phase_actions(
    request, *, municipality: Municipality | None = None, memberships=None, applications=None
) -> list[dict]:
    """The phases of published rounds open now, each with the person's actions, for a page's "Open now"
    (municipality, team and profile pages): {"phase", "actions"}, in a fixed number of queries. A page that
    has the person's memberships (of `municipality`, if given) or all their municipalities' applications
    passes them."""
    now = timezone.now()
    phases = open_phases(now)
    viewer = Viewer(request.user, now, municipality, memberships=memberships, applications=applications)
    actions = actions_for(phases, viewer)
    return [{"phase": phase, "actions": actions[phase.pk]} for phase in phases if phase.pk in actions]


def latest_round_section(request) -> dict:
    """The home page's section on the latest round (registered in gnist.sections), cached: the round's texts
    follow the active language when read, so one copy serves every language."""
    return {"round": cached("latest-round", lambda: Round.objects.published().current())}


def next_phase_change(now: datetime.datetime) -> datetime.datetime | None:
    """When a published round's phase next opens or closes: the timelines and "open now" change then."""
    return Phase.objects.filter(round__in=Round.objects.published()).next_change_after(now)
