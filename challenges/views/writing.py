"""Municipality staff write their challenges: start (also from the course's canvas), edit, send for review,
close, and see their municipalities' challenges.

Outsiders get 404 (`permissions.get_challenge_for_user`); those who may read a challenge but not write it get
403. Every change is POST-only, goes through `challenges.services` and redirects with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from challenges import permissions, services
from challenges.forms import ChallengeForm, ChallengeStartForm
from challenges.models import Challenge
from challenges.views import staff_crumbs
from competence.models import Course, Exercise, NotebookEntry
from gnist.differences import show_stale_save
from gnist.errors import ExplainedPermissionDenied
from gnist.open_now import Notice
from municipalities.models import Municipality, Phase, Round, is_whole_day
from municipalities.views.public import format_moment


def _writing_queryset():
    """A challenge with what the writing pages and their permission checks read, in a constant number of
    queries."""
    return Challenge.objects.select_related("participant__round").prefetch_related(
        "participant__round__phases",
        Prefetch("participant__municipalities", queryset=Municipality.objects.select_related("county")),
        "themes",
        "goals",
    )


def _for_staff(request, pk) -> Challenge:
    """The challenge if the person is its staff: 404 to outsiders, 403 with the reason to those who may only
    read it (moderators, and anyone once it is published)."""
    challenge = permissions.get_challenge_for_user(request.user, pk, _writing_queryset())
    if permissions.is_challenge_staff(request.user, challenge):
        return challenge
    raise ExplainedPermissionDenied(permissions.why_not_editable(request.user, challenge, timezone.now()))


def _who_writes(*, is_staff_member: bool) -> str:
    """Why the person can start no challenge now (`challenges/_who_writes.html`, and the 403 of a start sent
    anyway): their municipalities write none now, or they are on no municipality's team."""
    if is_staff_member:
        return _(
            "New challenges are written by Gnist municipalities while their round is open for challenges. "
            "None of your municipalities can start one now."
        )
    return _(
        "Challenges are written by approved staff of Gnist municipalities. Ask to join your municipality's "
        "team from its page, and an administrator of the team approves you."
    )


def canvas_exercise() -> Exercise | None:
    """Module 4's challenge canvas in the current course edition (None when the course has none)."""
    return (
        Exercise.objects.filter(kind=Exercise.Kind.CANVAS, module__course=Course.objects.current())
        .select_related("module")
        .first()
    )


def canvas_entry(user) -> NotebookEntry | None:
    """The person's saved challenge canvas (their own notebook only)."""
    return (
        NotebookEntry.objects.of(user)
        .filter(exercise__kind=Exercise.Kind.CANVAS)
        .select_related("exercise__module")
        .order_by("-updated_at")
        .first()
    )


@require_GET
@login_required
def challenge_mine(request):
    """The drafts and published challenges of the person's municipalities, and where they may start one."""
    mine = permissions.approved_municipality_ids(request.user)
    challenges = (
        Challenge.objects.filter(pk__in=Challenge.objects.for_municipalities(mine).values("pk"))
        .select_related("participant__round")
        .order_by("-participant__round__number", "participant__display_name", "-updated_at")
    )
    return render(
        request,
        "challenges/mine.html",
        {
            "challenges": challenges,
            "is_staff_member": bool(mine),
            "who_writes": _who_writes(is_staff_member=bool(mine)),
            "participants": permissions.participants_writing_for(request.user, timezone.now()),
            "breadcrumbs": [{"label": _("Your challenges"), "url": ""}],
        },
    )


def _start(request, *, from_canvas: bool):
    """Start a draft for a participant the person writes for (chosen when several), then edit it."""
    now = timezone.now()
    participants = permissions.participants_writing_for(request.user, now)
    entry = canvas_entry(request.user) if from_canvas else None
    is_staff_member = bool(permissions.approved_municipality_ids(request.user))
    if request.method == "POST" and not participants:
        raise ExplainedPermissionDenied(_who_writes(is_staff_member=is_staff_member))
    form = ChallengeStartForm(request.POST or None, participants=participants)
    if request.method == "POST" and form.is_valid() and (entry or not from_canvas):
        participant = form.cleaned_data["participant"]
        try:
            if from_canvas:
                challenge = services.create_challenge_from_canvas(
                    participant, actor=request.user, answers=entry.answers, now=now
                )
            else:
                challenge = services.create_challenge(participant, actor=request.user, now=now)
        except services.ChallengeError as error:
            messages.error(request, str(error))
            return redirect("challenges:mine")
        messages.success(request, _("Your draft is started. Only your team and the programme can see it."))
        return redirect("challenges:edit", pk=challenge.pk)
    return render(
        request,
        "challenges/start.html",
        {
            "form": form,
            "participants": participants,
            "is_staff_member": is_staff_member,
            "who_writes": _who_writes(is_staff_member=is_staff_member),
            "from_canvas": from_canvas,
            "entry": entry,
            "canvas": [
                (answer["label"], entry.answers.get(answer["key"], ""))
                for answer in entry.exercise.answer_fields()
            ]
            if entry
            else [],
            "canvas_exercise": canvas_exercise() if from_canvas and not entry else None,
            "breadcrumbs": staff_crumbs(None, _("New challenge")),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def challenge_start(request):
    return _start(request, from_canvas=False)


@require_http_methods(["GET", "POST"])
@login_required
def challenge_start_from_canvas(request):
    return _start(request, from_canvas=True)


@require_http_methods(["GET", "POST"])
@login_required
def challenge_edit(request, pk):
    challenge = _for_staff(request, pk)
    now = timezone.now()
    if not permissions.can_edit_challenge(request.user, challenge, now):
        messages.warning(request, permissions.why_not_editable(request.user, challenge, now))
        return redirect(challenge)
    form = ChallengeForm(request.POST or None, initial=ChallengeForm.initial_for(challenge))
    differences = []
    if request.method == "POST" and form.is_valid():
        try:
            services.save_challenge(challenge, actor=request.user, now=now, **form.service_kwargs())
        except services.StaleChallenge as error:
            differences = show_stale_save(request, form, error, Challenge.TEXT_FIELDS)
        except services.ChallengeError as error:
            messages.error(request, str(error))
            return redirect(challenge)
        else:
            messages.success(request, _("The challenge is saved."))
            if "submit" in request.POST and permissions.can_submit_challenge(request.user, challenge, now):
                return redirect("challenges:submit", pk=challenge.pk)
            return redirect("challenges:edit", pk=challenge.pk)
    return render(
        request,
        "challenges/edit.html",
        {
            "challenge": challenge,
            "form": form,
            "differences": differences,
            "can_submit": permissions.can_submit_challenge(request.user, challenge, now),
            "canvas_exercise": canvas_exercise() if challenge.from_canvas else None,
            "breadcrumbs": staff_crumbs(challenge, _("Edit")),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def challenge_submit(request, pk):
    challenge = _for_staff(request, pk)
    now = timezone.now()
    if request.method == "POST":
        try:
            services.submit_challenge(challenge, actor=request.user, now=now)
        except services.ChallengeError as error:
            messages.error(request, str(error))
            return redirect("challenges:submit", pk=challenge.pk)
        messages.success(
            request, _("The challenge is sent for review. The programme will publish it or ask for changes.")
        )
        return redirect(challenge)
    can_submit = permissions.can_submit_challenge(request.user, challenge, now)
    return render(
        request,
        "challenges/submit.html",
        {
            "challenge": challenge,
            "missing": services.missing_for_review(challenge),
            "why_not": "" if can_submit else permissions.why_not_submittable(request.user, challenge, now),
            "breadcrumbs": staff_crumbs(challenge, _("Send for review")),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def challenge_close(request, pk):
    challenge = permissions.get_challenge_for_user(request.user, pk, _writing_queryset())
    if not (
        permissions.is_challenge_staff(request.user, challenge) or permissions.is_moderator(request.user)
    ):
        raise ExplainedPermissionDenied(
            _(
                "Only the team of %(name)s and the programme can close this challenge. If you work for "
                "the municipality, ask to join its team from the municipality's page, and one of its "
                "administrators approves you."
            )
            % {"name": challenge.participant.display_name}
        )
    if request.method == "POST":
        try:
            services.close_challenge(challenge, actor=request.user)
        except services.ChallengeError as error:
            messages.error(request, str(error))
            return redirect(challenge)
        messages.success(request, _("The challenge is closed. It stays public but takes no more questions."))
        return redirect(challenge)
    return render(
        request,
        "challenges/close.html",
        {
            "challenge": challenge,
            "can_close": permissions.can_close_challenge(request.user, challenge),
            "breadcrumbs": staff_crumbs(challenge, _("Close")),
        },
    )


# --- registries: the course's canvas, the profile, the home page's "open now" -----------------------------


def canvas_section(request) -> dict:
    """On the course's challenge canvas: start a draft from it, or what to do first (sections CANVAS)."""
    user = request.user
    if not user.is_authenticated:
        return {"signed_in": False}
    return {
        "signed_in": True,
        "has_entry": canvas_entry(user) is not None,
        "is_staff_member": bool(permissions.approved_municipality_ids(user)),
        "can_start": bool(permissions.participants_writing_for(user, timezone.now())),
        "drafts": list(
            Challenge.objects.filter(created_by=user, from_canvas=True).order_by("-created_at")[:5]
        ),
    }


def profile_section(request) -> dict:
    """The profile's "Gnist challenges" (gnist.sections PROFILE): "Your challenges" for municipality staff,
    the review queue for moderators (otherwise reached only from the e-mail that a challenge was sent)."""
    return {
        "is_staff_member": bool(permissions.approved_municipality_ids(request.user)),
        "is_moderator": permissions.is_moderator(request.user),
    }


def challenge_notices(now, user) -> list[Notice]:
    """An open challenge phase: Gnist municipalities write their challenges (gnist.open_now). The notice is
    the same for everyone: its link leads staff to write, and tells anyone else what writing takes."""
    phases = (
        Phase.objects.filter(opens_challenges=True, round__in=Round.objects.published())
        .open_at(now)
        .select_related("round")
        .order_by("ends_at", "round__number")
    )
    return [
        Notice(
            _("Gnist municipalities in round %(number)s write their challenges until %(deadline)s.")
            % {
                "number": phase.round.number,
                "deadline": format_moment(phase.ends_at, now=now, with_time=not is_whole_day(phase.ends_at)),
            },
            reverse("challenges:mine"),
            _("Write your challenge"),
            is_open=True,
            moment=phase.ends_at,
        )
        for phase in phases
    ]
