"""The programme's review queue: challenges waiting to be published (moderators only)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from challenges import permissions
from challenges.models import Challenge


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
