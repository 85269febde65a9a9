"""The programme's review: the queue of challenges waiting to be published, and on a challenge's page
"Publish" and "Ask for changes" (moderators only; both through `challenges.services`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from challenges import permissions, services
from challenges.forms import ChangesRequestForm
from challenges.models import Challenge
from challenges.views import challenge_crumb
from gnist.errors import ExplainedPermissionDenied


@require_GET
def review_list(request):
    if not permissions.is_moderator(request.user):
        raise Http404("No such page.")
    challenges = Challenge.objects.in_review().select_related("participant__round").order_by("submitted_at")
    return render(
        request,
        "challenges/review_list.html",
        {"challenges": challenges, "breadcrumbs": [{"label": _("Challenges waiting for review"), "url": ""}]},
    )


def _with_queue_link(text: str) -> str:
    """A message after a review, with the way back to the queue: the challenge's page no longer leads there
    once it has left review."""
    return format_html(
        '{} <a class="ds-link" href="{}">{}</a>',
        text,
        reverse("challenges:review_list"),
        _("Back to the challenges waiting for review"),
    )


def _for_moderator(request, pk) -> Challenge:
    """The challenge if the person moderates: 404 to outsiders, 403 with the reason to others who may read it
    (its own staff while it is in review, anyone once it is published)."""
    queryset = Challenge.objects.select_related("participant__round").prefetch_related(
        "participant__municipalities"
    )
    challenge = permissions.get_challenge_for_user(request.user, pk, queryset)
    if permissions.is_moderator(request.user):
        return challenge
    if challenge.status == Challenge.Status.IN_REVIEW and permissions.is_challenge_staff(
        request.user, challenge
    ):
        raise ExplainedPermissionDenied(
            _(
                "The programme is reviewing this challenge: it publishes it or asks your team for changes, "
                "and you get an e-mail either way."
            )
        )
    raise ExplainedPermissionDenied(
        _("Only the programme reviews challenges: it publishes them or asks their municipality for changes.")
    )


@require_POST
@login_required
def challenge_publish(request, pk):
    challenge = _for_moderator(request, pk)
    try:
        services.publish_challenge(challenge, actor=request.user)
    except services.ChallengeError as error:
        messages.error(request, _with_queue_link(str(error)))
    else:
        messages.success(
            request, _with_queue_link(_("The challenge is published; the municipality is told by e-mail."))
        )
    return redirect(challenge)


@require_http_methods(["GET", "POST"])
@login_required
def challenge_request_changes(request, pk):
    challenge = _for_moderator(request, pk)
    form = ChangesRequestForm(request.POST or None, prefix="changes")
    if request.method == "POST" and form.is_valid():
        try:
            services.request_changes(challenge, actor=request.user, comment=form.cleaned_data["comment"])
        except services.ChallengeError as error:
            messages.error(request, _with_queue_link(str(error)))
        else:
            messages.success(request, _with_queue_link(_("The municipality is asked for changes by e-mail.")))
        return redirect(challenge)
    return render(
        request,
        "challenges/request_changes.html",
        {
            "challenge": challenge,
            "form": form,
            "can_review": permissions.can_review_challenge(request.user, challenge),
            "breadcrumbs": [
                {"label": _("Challenges waiting for review"), "url": reverse("challenges:review_list")},
                challenge_crumb(challenge),
                {"label": _("Ask for changes"), "url": ""},
            ],
        },
    )
