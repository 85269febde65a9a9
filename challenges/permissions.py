"""Who may do what with challenges: named predicates `can_<verb>_<noun>(user, obj) -> bool`; phase and state
guards are part of each predicate, so "who" and "when" are one check. Views fetch challenges through
`get_challenge_for_user`: outsiders get 404, insiders without the right 403."""

import datetime
from collections.abc import Callable

from django.http import Http404
from django.utils.translation import gettext as _

from challenges.models import Challenge, Question
from gnist.permissions import is_programme_staff
from municipalities.actions import format_moment
from municipalities.models import Participant, is_whole_day
from municipalities.permissions import approved_municipality_ids


def is_moderator(user) -> bool:
    """Programme staff who review and publish challenges and moderate questions."""
    return is_programme_staff(user, "challenges.change_challenge")


def participant_municipality_ids(participant: Participant) -> set[int]:
    """The participant's municipalities (prefetched `municipalities` used when present)."""
    return {municipality.pk for municipality in participant.municipalities.all()}


def is_challenge_staff(user, challenge: Challenge) -> bool:
    """Approved staff of one of the challenge's municipalities."""
    return bool(approved_municipality_ids(user) & participant_municipality_ids(challenge.participant))


def can_view_challenge(user, challenge: Challenge) -> bool:
    """Everyone reads a published (or closed) challenge; a draft only its own staff and moderators."""
    return challenge.is_public or is_challenge_staff(user, challenge) or is_moderator(user)


def writes_challenges_at(participant: Participant, moment: datetime.datetime) -> bool:
    """The participant's round has a phase open for writing challenges (uses prefetched phases)."""
    return any(
        phase.opens_challenges and phase.is_open_at(moment) for phase in participant.round.phases.all()
    )


def can_start_challenge(user, participant: Participant, now: datetime.datetime) -> bool:
    """Approved staff of a Gnist participant, while its round's challenge phase is open."""
    return (
        participant.role == Participant.Role.GNIST
        and bool(approved_municipality_ids(user) & participant_municipality_ids(participant))
        and writes_challenges_at(participant, now)
    )


def can_edit_challenge(user, challenge: Challenge, now: datetime.datetime) -> bool:
    """Its staff edit a draft, one sent back with changes requested, or a published one (logged publicly),
    while the challenge phase is open; a challenge in review or closed stays as it is."""
    return (
        challenge.status in Challenge.EDITABLE_STATUSES
        and is_challenge_staff(user, challenge)
        and writes_challenges_at(challenge.participant, now)
    )


def why_not_editable(user, challenge: Challenge, moment: datetime.datetime) -> str:
    """Why `user`, who may read `challenge`, cannot edit it or its files at `moment` (`can_edit_challenge` is
    false): only its team writes it, it is in review or closed, or when the round's phase for writing
    challenges opens or that it ended. The writing pages, the files page and the services say the same."""
    if not is_challenge_staff(user, challenge):
        if is_moderator(user):
            return _(
                "Only the municipality's team can edit this challenge. The programme publishes it or asks "
                "for changes when the team sends it for review."
            )
        return _(
            "Only the team of %(name)s can edit this challenge. If you work for the municipality, ask to "
            "join its team from the municipality's page, and one of its administrators approves you."
        ) % {"name": challenge.participant.display_name}
    if challenge.status == Challenge.Status.IN_REVIEW:
        return _(
            "The programme is reviewing the challenge. It publishes it or asks for changes, and you get an "
            "e-mail either way. Until then the challenge cannot be edited."
        )
    if challenge.status == Challenge.Status.CLOSED:
        return _("This challenge is closed, so it can no longer be edited.")
    opens, ended = _phases_around(challenge.participant, "opens_challenges", moment)
    if opens is not None:
        return _("Challenges in this round can be edited from %(start)s.") % {"start": _starts(opens, moment)}
    if ended:
        if challenge.status == Challenge.Status.PUBLISHED:
            return _(
                "The round's time for writing challenges is over, so this challenge can no longer be "
                "edited. It stays published."
            )
        return _(
            "The round's time for writing challenges is over, so this draft can no longer be edited or "
            "sent for review."
        )
    return _("This round has no time for writing challenges, so the challenge cannot be edited.")


def why_not_submittable(user, challenge: Challenge, moment: datetime.datetime) -> str:
    """Why the challenge's staff cannot send it for review at `moment` (`can_submit_challenge` is false):
    it is published already, or it cannot be edited (`why_not_editable`)."""
    if challenge.status == Challenge.Status.PUBLISHED and can_edit_challenge(user, challenge, moment):
        return _("The challenge is published, so it needs no review. Changes you save are public at once.")
    return why_not_editable(user, challenge, moment)


def can_submit_challenge(user, challenge: Challenge, now: datetime.datetime) -> bool:
    return (
        challenge.status in (Challenge.Status.DRAFT, Challenge.Status.CHANGES_REQUESTED)
        and is_challenge_staff(user, challenge)
        and writes_challenges_at(challenge.participant, now)
    )


def can_review_challenge(user, challenge: Challenge) -> bool:
    """Moderators request changes to or publish a challenge in review."""
    return challenge.status == Challenge.Status.IN_REVIEW and is_moderator(user)


def can_close_challenge(user, challenge: Challenge) -> bool:
    return challenge.status == Challenge.Status.PUBLISHED and (
        is_challenge_staff(user, challenge) or is_moderator(user)
    )


def takes_questions_at(challenge: Challenge, moment: datetime.datetime) -> bool:
    """A published challenge whose round has a phase open for questions (uses prefetched phases), until its
    question deadline when it has one."""
    deadline = question_deadline(challenge)
    return (
        challenge.status == Challenge.Status.PUBLISHED
        and (deadline is None or moment < deadline)
        and any(
            phase.opens_questions and phase.is_open_at(moment)
            for phase in challenge.participant.round.phases.all()
        )
    )


def why_no_questions(challenge: Challenge, moment: datetime.datetime) -> str:
    """Why `challenge` takes no questions at `moment` (`takes_questions_at` is false), for a person who may
    read it: its state, its question deadline, or when the round's phase for questions opens or ended."""
    if challenge.status == Challenge.Status.CLOSED:
        return _("This challenge is closed and takes no more questions.")
    if challenge.status != Challenge.Status.PUBLISHED:
        return _("Questions can be asked once the challenge is published.")
    deadline = question_deadline(challenge)
    if deadline is not None and deadline <= moment:
        return _(
            "The deadline for questions about this challenge was %(deadline)s. No more questions are taken."
        ) % {"deadline": format_moment(deadline, now=moment)}
    opens, ended = _phases_around(challenge.participant, "opens_questions", moment)
    if opens is not None:
        return _("Questions about this challenge can be asked from %(start)s.") % {
            "start": _starts(opens, moment)
        }
    if ended:
        return _("The round's period for questions is over. No more questions are taken.")
    return _("Questions about this challenge cannot be asked now.")


def _phases_around(
    participant: Participant, opens: str, moment: datetime.datetime
) -> tuple[datetime.datetime | None, bool]:
    """Of the participant's round's phases that open something (`opens`, a Phase.OPENS_FLAGS name): when the
    next one starts after `moment` (None if none does), and whether one has ended by then (prefetched)."""
    phases = [phase for phase in participant.round.phases.all() if getattr(phase, opens)]
    starts = min(
        (phase.starts_at for phase in phases if phase.starts_at and phase.starts_at > moment), default=None
    )
    return starts, any(phase.ends_at and phase.ends_at <= moment for phase in phases)


def _starts(start: datetime.datetime, moment: datetime.datetime) -> str:
    """When a phase starts, as a reason says it: the date, and its time of day when it has one."""
    return format_moment(start, now=moment, with_time=not is_whole_day(start))


def can_ask_question(user, challenge: Challenge, now: datetime.datetime) -> bool:
    """Any signed-in person, while the challenge takes questions."""
    return user.is_authenticated and takes_questions_at(challenge, now)


def can_answer_questions(user, challenge: Challenge) -> bool:
    """The challenge's staff answer and publish (and moderators may)."""
    return challenge.is_public and (is_challenge_staff(user, challenge) or is_moderator(user))


def can_view_question(user, question: Question) -> bool:
    """A published question is public; one waiting is seen by the asker and those who answer."""
    if question.status == Question.Status.PUBLISHED:
        return question.challenge.is_public
    return (user.is_authenticated and question.asked_by_id == user.pk) or can_answer_questions(
        user, question.challenge
    )


def can_follow_challenge(user, challenge: Challenge) -> bool:
    return user.is_authenticated and challenge.is_public


def get_challenge_for_user(user, pk: int, queryset=None) -> Challenge:
    """The challenge if `user` may see it; 404 for everyone else (a draft does not exist to outsiders). The
    instance serves this request only, so its deadlines are asked for once (`remember_deadlines`)."""
    queryset = Challenge.objects.all() if queryset is None else queryset
    challenge = queryset.filter(pk=pk).first()
    if challenge is None or not can_view_challenge(user, challenge):
        raise Http404("No such challenge.")
    return remember_deadlines(challenge)


def participants_writing_for(user, now: datetime.datetime) -> list[Participant]:
    """The Gnist participants `user` may start a challenge for at `now` (staff of one, phase open)."""
    from municipalities.models import Phase

    mine = approved_municipality_ids(user)
    if not mine:
        return []
    candidates = (
        Participant.objects.gnist()
        .filter(
            municipalities__in=mine,
            round__phases__in=Phase.objects.filter(opens_challenges=True).open_at(now),
        )
        .distinct()
        .select_related("round")
        .prefetch_related("round__phases", "municipalities")
        .order_by("-round__number", "display_name")
    )
    return [participant for participant in candidates if can_start_challenge(user, participant, now)]


# ----------------------------------------------------------------------------------------------------
# Questions and answers


# Functions `(challenge) -> datetime | None` giving a challenge's competition deadlines: the solutions app
# registers its competition's question and offer deadlines here (challenges never import solutions).
DeadlineProvider = Callable[[Challenge], datetime.datetime | None]
_question_deadlines: list[DeadlineProvider] = []
_offer_deadlines: list[DeadlineProvider] = []

# Suppliers need at least this long between the last published answer or clarification and the offer
# deadline to take it into account; a later answer should make the municipality extend the deadline.
OFFER_DEADLINE_MARGIN = datetime.timedelta(days=6)


def register_question_deadline(provider: DeadlineProvider) -> None:
    """Register `provider(challenge) -> deadline or None` (call from AppConfig.ready)."""
    _question_deadlines.append(provider)


def unregister_question_deadline(provider: DeadlineProvider) -> None:
    _question_deadlines.remove(provider)


def register_offer_deadline(provider: DeadlineProvider) -> None:
    """Register `provider(challenge) -> offer deadline or None` (call from AppConfig.ready)."""
    _offer_deadlines.append(provider)


def unregister_offer_deadline(provider: DeadlineProvider) -> None:
    _offer_deadlines.remove(provider)


def remember_deadlines(challenge: Challenge) -> Challenge:
    """Ask the providers about `challenge` once per kind from now on: a page asks for its deadlines in several
    predicates, and a provider may query. For an instance fetched for one request (`get_challenge_for_user`),
    never for one kept across changes of the deadlines."""
    challenge._deadlines = {}
    return challenge


def _earliest(kind: str, providers: list[DeadlineProvider], challenge: Challenge) -> datetime.datetime | None:
    remembered = getattr(challenge, "_deadlines", None)
    if remembered is not None and kind in remembered:
        return remembered[kind]
    earliest = min((deadline for provider in providers if (deadline := provider(challenge))), default=None)
    if remembered is not None:
        remembered[kind] = earliest
    return earliest


def question_deadline(challenge: Challenge) -> datetime.datetime | None:
    """When questions about `challenge` close before its phase does: the earliest registered deadline, or
    None (no competition yet)."""
    return _earliest("question", _question_deadlines, challenge)


def offer_deadline(challenge: Challenge) -> datetime.datetime | None:
    """When offers for `challenge`'s competition are due: the earliest registered deadline, or None."""
    return _earliest("offer", _offer_deadlines, challenge)


def answered_too_close_to_offer_deadline(
    challenge: Challenge, answered_at: datetime.datetime | None, now: datetime.datetime
) -> bool:
    """The last answer or clarification (published at `answered_at`) came less than OFFER_DEADLINE_MARGIN
    before the offer deadline, which is still ahead: the deadline should be extended. Measured against the
    deadline as it is now, so extending it ends the warning and moving it closer starts one."""
    if answered_at is None:
        return False
    deadline = offer_deadline(challenge)
    return deadline is not None and now < deadline and deadline - answered_at < OFFER_DEADLINE_MARGIN


def can_see_offer_deadline_warning(
    user, challenge: Challenge, answered_at: datetime.datetime | None, now: datetime.datetime
) -> bool:
    """Those who answer (its staff and moderators) are told to extend the offer deadline; suppliers and
    visitors never see the warning."""
    return can_answer_questions(user, challenge) and answered_too_close_to_offer_deadline(
        challenge, answered_at, now
    )


def can_answer_question(user, question: Question) -> bool:
    """Answer (rephrased or not) and publish, or decline, a question still waiting."""
    return question.status == Question.Status.ASKED and can_answer_questions(user, question.challenge)


def can_publish_clarification(user, challenge: Challenge) -> bool:
    """Staff (and moderators) publish clarifications of their own on a public challenge."""
    return can_answer_questions(user, challenge)


def get_question_for_user(user, pk: int, queryset=None) -> Question:
    """The question if `user` may see it (published, the asker's own, or one they answer); else 404."""
    queryset = Question.objects.all() if queryset is None else queryset
    question = queryset.filter(pk=pk).first()
    if question is None or not can_view_question(user, question):
        raise Http404("No such question.")
    return question
