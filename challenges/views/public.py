"""What everyone reads: a challenge's page (drafts only for its staff and moderators)."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from challenges import images, permissions
from challenges.forms import ChangesRequestForm
from challenges.models import Challenge, ChallengeEvent, Question
from challenges.similar import similar_challenges
from challenges.views import questions
from municipalities.models import Municipality


def challenge_queryset():
    """A challenge with everything its page shows, in a constant number of queries: the challenge with its
    participant, round and stored similar challenges, then eight prefetches."""
    return Challenge.objects.select_related("participant__round", "similar_list").prefetch_related(
        "participant__round__phases",
        Prefetch("participant__municipalities", queryset=Municipality.objects.select_related("county")),
        "themes",
        "goals",
        "images",
        "attachments",
        Prefetch("questions", queryset=Question.objects.published(), to_attr="published_questions"),
        Prefetch(
            "events",
            queryset=ChallengeEvent.objects.filter(action=ChallengeEvent.Action.EDITED),
            to_attr="public_changes",
        ),
    )


@require_GET
def challenge_detail(request, pk: int):
    challenge = permissions.get_challenge_for_user(request.user, pk, challenge_queryset())
    now = timezone.now()
    user = request.user
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
            "can_edit": permissions.can_edit_challenge(user, challenge, now),
            "can_submit": permissions.can_submit_challenge(user, challenge, now),
            "can_review": permissions.can_review_challenge(user, challenge),
            "can_close": permissions.can_close_challenge(user, challenge),
            # The moderators' "Ask for changes" comment (challenges/_actions.html).
            "changes_form": ChangesRequestForm(prefix="changes"),
            # Similar challenges of other municipalities (templates/challenges/_similar.html).
            "similar": similar_challenges(challenge),
            **questions.section_context(request, challenge, now),
            **images.page_context(challenge),
            "breadcrumbs": [
                {"label": _("Challenges"), "url": reverse("challenges:catalogue")},
                {"label": challenge.title, "url": ""},
            ],
        },
    )
