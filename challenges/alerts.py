"""Alerts about new published challenges: subscriptions to themes and counties, each person's settings (at
once or a weekly digest), the sending of both, and one-click unsubscribing by the token in every alert.

`publish_challenge` calls `queue_new_challenge` explicitly (no signals); the weekly digest is a beat task
(`challenges.tasks.send_weekly_digests`). Each e-mail has its own idempotency key, so a retried task or a
second run never sends twice.
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from challenges import emails
from challenges.models import AlertSettings, AlertSubscription, Challenge, Follow
from municipalities.models import County, Theme

logger = logging.getLogger(__name__)

# A digest covers a week; a run under six days after the last (a retry, a second beat) sends nothing.
DIGEST_PERIOD = datetime.timedelta(days=7)
DIGEST_MIN_GAP = datetime.timedelta(days=6)


def settings_for(user) -> AlertSettings:
    """The person's alert settings, made with the defaults (at once) the first time."""
    try:
        with transaction.atomic():
            alert_settings, _created = AlertSettings.objects.get_or_create(user=user)
    except IntegrityError:  # A parallel request made them first.
        alert_settings = AlertSettings.objects.get(user=user)
    return alert_settings


def settings_by_token(token: str) -> AlertSettings | None:
    """The settings an unsubscribe link belongs to, or None for an unknown token."""
    return AlertSettings.objects.select_related("user").filter(unsubscribe_token=token).first()


def save_alerts(
    user, *, frequency: str, themes: Iterable[Theme], counties: Iterable[County]
) -> AlertSettings:
    """Make the person's subscriptions exactly `themes` and `counties`; set how often they are e-mailed."""
    theme_ids = {theme.pk for theme in themes}
    county_ids = {county.pk for county in counties}
    with transaction.atomic():
        alert_settings = settings_for(user)
        AlertSettings.objects.filter(pk=alert_settings.pk).update(frequency=frequency)
        alert_settings.frequency = frequency
        mine = AlertSubscription.objects.filter(user=user)
        mine.filter(theme__isnull=False).exclude(theme__in=theme_ids).delete()
        mine.filter(county__isnull=False).exclude(county__in=county_ids).delete()
        AlertSubscription.objects.bulk_create(
            [AlertSubscription(user=user, theme_id=pk) for pk in sorted(theme_ids)]
            + [AlertSubscription(user=user, county_id=pk) for pk in sorted(county_ids)],
            ignore_conflicts=True,
        )
    return alert_settings


def unsubscribe(alert_settings: AlertSettings) -> int:
    """Stop every alert of the token's owner (the one-click link); return how many were stopped."""
    count, _deleted = AlertSubscription.objects.filter(user=alert_settings.user_id).delete()
    logger.info("User %s unsubscribed from %s alert(s) by link.", alert_settings.user_id, count)
    return count


def unfollow(alert_settings: AlertSettings, challenge_id: int) -> int:
    """Stop following one challenge (the link in the e-mails about its answers)."""
    count, _deleted = Follow.objects.filter(user=alert_settings.user_id, challenge=challenge_id).delete()
    return count


def unsubscribe_url(alert_settings: AlertSettings) -> str:
    return django_settings.SITE_URL + reverse(
        "challenges:unsubscribe", kwargs={"token": alert_settings.unsubscribe_token}
    )


def unfollow_url(alert_settings: AlertSettings, challenge: Challenge) -> str:
    return django_settings.SITE_URL + reverse(
        "challenges:unsubscribe_follow",
        kwargs={"token": alert_settings.unsubscribe_token, "challenge": challenge.pk},
    )


# --- sending ----------------------------------------------------------------------------------------------


def queue_new_challenge(challenge: Challenge) -> None:
    """After the publishing commits, e-mail the people whose alerts match `challenge` (those who chose at
    once; the others get it in their digest)."""
    from challenges.tasks import send_challenge_alerts  # The task module imports this one.

    send_challenge_alerts.delay_on_commit(challenge_id=challenge.pk)


def subscribers_of(challenge: Challenge) -> QuerySet:
    """Active people with an alert for one of the challenge's themes or its municipalities' counties."""
    theme_ids = list(challenge.themes.values_list("pk", flat=True))
    county_ids = list(challenge.participant.municipalities.values_list("county", flat=True))
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(challenge_alerts__theme__in=theme_ids) | Q(challenge_alerts__county__in=county_ids))
        .distinct()
        .order_by("pk")
    )


def send_challenge_alerts(challenge: Challenge) -> int:
    """E-mail each subscriber who chose alerts at once, once per challenge; return how many were queued."""
    if not challenge.is_public:
        return 0
    people = subscribers_of(challenge).filter(
        Q(alert_settings__isnull=True) | Q(alert_settings__frequency=AlertSettings.Frequency.IMMEDIATE)
    )
    count = 0
    for person in people:
        emails.send_challenge_alert(challenge, settings_for(person))
        count += 1
    return count


def new_challenges_for(user, *, since: datetime.datetime, until: datetime.datetime) -> list[Challenge]:
    """The challenges published in (since, until] that match the person's alerts, oldest first."""
    subscriptions = list(AlertSubscription.objects.filter(user=user).values_list("theme", "county"))
    theme_ids = [theme for theme, _county in subscriptions if theme]
    county_ids = [county for _theme, county in subscriptions if county]
    if not subscriptions:
        return []
    return list(
        Challenge.objects.published()
        .filter(published_at__gt=since, published_at__lte=until)
        .filter(Q(themes__in=theme_ids) | Q(participant__municipalities__county__in=county_ids))
        .select_related("participant")
        .distinct()
        .order_by("published_at", "pk")
    )


def send_weekly_digests(*, now: datetime.datetime) -> int:
    """E-mail each weekly subscriber the matching challenges published since their last digest.

    Steps, per person due (no digest in the last six days): claim the week with a conditional update of
    `last_digest_at` (a second run or worker finds it claimed and skips); gather the new matching challenges;
    queue one e-mail when there are any, keyed by the week's start. Returns how many digests were queued.
    """
    due = (
        AlertSettings.objects.filter(frequency=AlertSettings.Frequency.WEEKLY, user__is_active=True)
        .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_MIN_GAP))
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for alert_settings in due:
        previous = alert_settings.last_digest_at
        since = previous or now - DIGEST_PERIOD
        with transaction.atomic():
            claim = AlertSettings.objects.filter(pk=alert_settings.pk)
            claim = claim.filter(last_digest_at=previous) if previous else claim.filter(last_digest_at=None)
            if not claim.update(last_digest_at=now):
                continue
            challenges = new_challenges_for(alert_settings.user, since=since, until=now)
            if challenges:
                emails.send_alert_digest(alert_settings, challenges, since=since)
                sent += 1
    logger.info("Queued %s weekly challenge digest(s).", sent)
    return sent
