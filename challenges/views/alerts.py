"""Alerts about new challenges: the person's settings page (themes, counties, at once or weekly) and the
one-click unsubscribe links from the e-mails, which work without signing in (the token is the key).

The unsubscribe URLs take GET (a page with a button) and POST (RFC 8058 one-click from the mail client: no
session, no CSRF token, only the token in the URL)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from challenges import alerts
from challenges.forms import AlertSettingsForm
from challenges.models import AlertSettings, AlertSubscription, Challenge


def profile_section(request) -> dict:
    """The profile's "Challenges you follow and alerts" (registered in gnist.sections)."""
    user = request.user
    return {
        "follows": list(
            Challenge.objects.published()
            .filter(follows__user=user)
            .order_by("title")
            .only("pk", "title", "language")
        ),
        "alert_count": AlertSubscription.objects.filter(user=user).count(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def alert_settings(request):
    user = request.user
    current = AlertSettings.objects.filter(user=user).first()
    subscriptions = list(AlertSubscription.objects.filter(user=user).values_list("theme", "county"))
    initial = {
        "themes": [theme for theme, _county in subscriptions if theme],
        "counties": [county for _theme, county in subscriptions if county],
        "frequency": current.frequency if current else AlertSettings.Frequency.IMMEDIATE,
    }
    form = AlertSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        alerts.save_alerts(user, **form.cleaned_data)
        messages.success(request, _("Your alerts are saved."))
        return redirect("challenges:alerts")
    return render(
        request,
        "challenges/alerts.html",
        {
            "form": form,
            "breadcrumbs": [
                {"label": _("Profile"), "url": reverse("accounts:profile")},
                {"label": _("Alerts about new challenges"), "url": ""},
            ],
        },
    )


def _settings_or_404(token: str) -> AlertSettings:
    alert_settings = alerts.settings_by_token(token)
    if alert_settings is None:
        raise Http404("No such link.")
    return alert_settings


@csrf_exempt  # RFC 8058: the mail client POSTs with nothing but the URL; the token in it is the key.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Stop every alert about new challenges."""
    alert_settings = _settings_or_404(token)
    done = request.method == "POST"
    if done:
        alerts.unsubscribe(alert_settings)
    return render(
        request,
        "challenges/unsubscribe.html",
        {"done": done, "challenge": None, "breadcrumbs": [{"label": _("Stop alerts"), "url": ""}]},
    )


@csrf_exempt  # As above: one click from the e-mail about a followed challenge's answers.
@require_http_methods(["GET", "POST"])
def unsubscribe_follow(request, token: str, challenge: int):
    """Stop following one challenge."""
    alert_settings = _settings_or_404(token)
    followed = Challenge.objects.filter(pk=challenge).only("pk", "title", "language").first()
    if followed is None:
        raise Http404("No such challenge.")
    done = request.method == "POST"
    if done:
        alerts.unfollow(alert_settings, followed.pk)
    return render(
        request,
        "challenges/unsubscribe.html",
        {"done": done, "challenge": followed, "breadcrumbs": [{"label": _("Stop following"), "url": ""}]},
    )
