"""What everyone reads: a challenge's page (drafts only for its staff and moderators)."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from challenges import images, permissions
from challenges.forms import ChangesRequestForm
from challenges.models import (
    Challenge,
    ChallengeAttachment,
    ChallengeEvent,
    Follow,
    Question,
    SustainableDevelopmentGoal,
)
from challenges.similar import similar_challenges
from challenges.views import challenge_crumb, questions
from gnist.json_lists import instances, json_list
from municipalities.models import Municipality, Theme

# The short lists the page reads with the challenge's own row (gnist/json_lists.py): their plain fields.
NAMES = tuple(f"name_{code}" for code, _name in settings.LANGUAGES)  # a name per language (translation.py)
THEME_FIELDS = ("id", "slug", "order", *NAMES)
GOAL_FIELDS = ("id", "number", *NAMES)
ATTACHMENT_FIELDS = ("id", "name", "size")


def challenge_queryset(viewer=None):
    """A challenge with everything its page shows, in a constant number of queries: the challenge with its
    participant, round and stored similar challenges, its themes, goals and attachments (JSON lists, read
    by `page_lists`), then five prefetches. For a signed-in `viewer` the row also says whether they follow
    it and how many questions wait (shown only to those who answer them)."""
    queryset = Challenge.objects.annotate(
        theme_rows=json_list(Theme.objects.all(), parent="challenges", fields=THEME_FIELDS),
        goal_rows=json_list(
            SustainableDevelopmentGoal.objects.all(), parent="challenges", fields=GOAL_FIELDS
        ),
        attachment_rows=json_list(
            ChallengeAttachment.objects.all(), parent="challenge", fields=ATTACHMENT_FIELDS
        ),
    )
    if viewer is not None and viewer.is_authenticated:
        waiting = Question.objects.waiting().filter(challenge=OuterRef("pk")).order_by().values("challenge")
        queryset = queryset.annotate(
            viewer_follows=Exists(Follow.objects.filter(user=viewer, challenge=OuterRef("pk"))),
            waiting_count=Coalesce(Subquery(waiting.annotate(count=Count("pk")).values("count")), 0),
        )
    return queryset.select_related("participant__round", "similar_list").prefetch_related(
        "participant__round__phases",
        Prefetch("participant__municipalities", queryset=Municipality.objects.select_related("county")),
        "images",
        Prefetch("questions", queryset=Question.objects.published(), to_attr="published_questions"),
        Prefetch(
            "events",
            queryset=ChallengeEvent.objects.filter(action=ChallengeEvent.Action.EDITED),
            to_attr="public_changes",
        ),
    )


def page_lists(challenge: Challenge) -> dict:
    """The themes, goals and attachments `challenge_queryset` read with the challenge, in their models' order
    (attachments as uploaded)."""
    return {
        "themes": instances(Theme, challenge.theme_rows, order=("order", "slug")),
        "goals": instances(SustainableDevelopmentGoal, challenge.goal_rows, order=("number",)),
        "attachments": instances(ChallengeAttachment, challenge.attachment_rows, order=("id",)),
    }


@require_GET
def challenge_detail(request, pk: int):
    challenge = permissions.get_challenge_for_user(request.user, pk, challenge_queryset(request.user))
    now = timezone.now()
    user = request.user
    lists = page_lists(challenge)
    can_edit = permissions.can_edit_challenge(user, challenge, now)
    return render(
        request,
        "challenges/detail.html",
        {
            "challenge": challenge,
            "sections": [
                (Challenge._meta.get_field(name).verbose_name, getattr(challenge, name))
                for name in Challenge.SECTION_FIELDS
                if getattr(challenge, name).strip()
            ],
            "municipalities": list(challenge.participant.municipalities.all()),
            "can_edit": can_edit,
            # Why its staff cannot edit their unpublished challenge (challenges/_actions.html).
            "why_not_editable": (
                permissions.why_not_editable(user, challenge, now)
                if not (can_edit or challenge.is_public)
                else ""
            ),
            "can_submit": permissions.can_submit_challenge(user, challenge, now),
            "can_review": permissions.can_review_challenge(user, challenge),
            "can_close": permissions.can_close_challenge(user, challenge),
            # The moderators' "Ask for changes" comment (challenges/_actions.html).
            "changes_form": ChangesRequestForm(prefix="changes"),
            # Similar challenges of other municipalities (templates/challenges/_similar.html): a draft's too,
            # computed as its staff save it, for them to learn from.
            "similar": similar_challenges(challenge, lists["themes"]),
            **lists,
            # Questions and answers once the challenge is public (detail.html says so before).
            **(questions.section_context(request, challenge, now) if challenge.is_public else {}),
            **images.page_context(challenge),
            "breadcrumbs": [
                _parent_crumb(user, challenge),
                challenge_crumb(challenge),
            ],
        },
    )


def _parent_crumb(user, challenge: Challenge) -> dict:
    """Where the challenge is listed for this viewer: the catalogue lists only public ones, so a challenge
    that is not public leads its staff to "Your challenges" and anyone else who may see it (a moderator) to
    the review queue."""
    if challenge.is_public:
        return {"label": _("Challenges"), "url": reverse("challenges:catalogue")}
    if permissions.is_challenge_staff(user, challenge):
        return {"label": _("Your challenges"), "url": reverse("challenges:mine")}
    return {"label": _("Challenges waiting for review"), "url": reverse("challenges:review_list")}
