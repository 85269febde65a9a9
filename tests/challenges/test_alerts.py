"""Alerts about new challenges (at once or a weekly digest), the settings page, and one-click unsubscribe
links (RFC 8058) that work without signing in."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from challenges import alerts, services, tasks
from challenges.models import AlertSettings, AlertSubscription, Challenge
from tests.factories import CountyFactory, MunicipalityFactory
from tests.helpers import ROLES, as_role


def sent() -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mail.outbox)


@pytest.fixture
def in_review(cast, complete_draft) -> Challenge:
    services.submit_challenge(complete_draft, actor=cast.staff)
    mail.outbox.clear()
    return complete_draft


def publish(challenge, cast, capture) -> None:
    with capture(execute=True), translation.override("en"):
        services.publish_challenge(challenge, actor=cast.programme_admin)


def test_publishing_alerts_subscribers_at_once_by_theme_or_county_once_each(
    cast, in_review, theme, django_capture_on_commit_callbacks
):
    county = cast.municipality.county
    alerts.save_alerts(cast.supplier, frequency="immediate", themes=[theme], counties=[county])
    alerts.save_alerts(cast.participant, frequency="immediate", themes=[], counties=[county])
    alerts.save_alerts(cast.juror, frequency="weekly", themes=[theme], counties=[])
    alerts.save_alerts(cast.other_supplier, frequency="immediate", themes=[], counties=[CountyFactory()])

    with translation.override("en"):
        publish(in_review, cast, django_capture_on_commit_callbacks)

    title = in_review.title
    assert sent() == [
        ("participant@example.no", f"New challenge: {title}"),
        ("staff@example.no", f"Published: {title}"),
        ("supplier@example.no", f"New challenge: {title}"),
    ]


def test_an_alert_carries_one_click_unsubscribe_headers(
    cast, in_review, theme, django_capture_on_commit_callbacks
):
    settings_ = alerts.save_alerts(cast.supplier, frequency="immediate", themes=[theme], counties=[])

    publish(in_review, cast, django_capture_on_commit_callbacks)

    message = next(message for message in mail.outbox if message.to == ["supplier@example.no"]).message()
    url = settings.SITE_URL + reverse("challenges:unsubscribe", args=[settings_.unsubscribe_token])
    assert (message["List-Unsubscribe"], message["List-Unsubscribe-Post"]) == (
        f"<{url}>",
        "List-Unsubscribe=One-Click",
    )


def test_the_alert_task_for_a_vanished_challenge_does_nothing(cast):
    tasks.send_challenge_alerts.delay(challenge_id=987654)

    assert mail.outbox == []


def test_the_weekly_digest_run_twice_sends_one_email(
    cast, in_review, theme, django_capture_on_commit_callbacks
):
    alerts.save_alerts(cast.supplier, frequency="weekly", themes=[theme], counties=[])
    publish(in_review, cast, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        tasks.send_weekly_digests.delay()
        tasks.send_weekly_digests.delay()

    assert sent() == [("supplier@example.no", "One new challenge on Gnist this week")]
    assert in_review.title in mail.outbox[0].body
    assert mail.outbox[0].message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_next_weeks_digest_holds_only_what_is_new(
    cast, in_review, theme, django_capture_on_commit_callbacks
):
    alerts.save_alerts(cast.supplier, frequency="weekly", themes=[theme], counties=[])
    publish(in_review, cast, django_capture_on_commit_callbacks)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.send_weekly_digests(now=now) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.send_weekly_digests(now=now + datetime.timedelta(days=7)) == 0

    assert AlertSettings.objects.get(user=cast.supplier).last_digest_at == now + datetime.timedelta(days=7)


def test_the_digest_is_scheduled_weekly():
    entry = settings.CELERY_BEAT_SCHEDULE["challenge-alert-digests"]

    assert (entry["task"], entry["schedule"].day_of_week) == ("challenges.tasks.send_weekly_digests", {1})


# --- the settings page --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_alert_settings_page_per_role(client, cast, role):
    as_role(client, role)

    response = client.get(reverse("challenges:alerts"))

    assert response.status_code == (302 if role == "anonymous" else 200)


def test_saving_alert_settings_makes_the_subscriptions_exactly_those_chosen(client, cast, theme):
    first, second = MunicipalityFactory().county, MunicipalityFactory().county
    alerts.save_alerts(cast.supplier, frequency="immediate", themes=[], counties=[first])
    as_role(client, "supplier")

    response = client.post(
        reverse("challenges:alerts"), {"themes": [theme.pk], "counties": [second.pk], "frequency": "weekly"}
    )

    assert response.status_code == 302
    assert set(AlertSubscription.objects.filter(user=cast.supplier).values_list("theme", "county")) == {
        (theme.pk, None),
        (None, second.pk),
    }
    assert AlertSettings.objects.get(user=cast.supplier).frequency == "weekly"


def test_invalid_alert_settings_show_the_error_summary_and_change_nothing(client, cast, theme):
    as_role(client, "supplier")

    response = client.post(reverse("challenges:alerts"), {"themes": [theme.pk], "frequency": "hourly"})

    assert response.status_code == 200
    assert "ds-error-summary" in response.text
    assert AlertSubscription.objects.filter(user=cast.supplier).count() == 0


# --- unsubscribing without signing in --------------------------------------------------------------------


def test_the_unsubscribe_link_shows_a_page_with_a_button_and_changes_nothing(client, cast, theme):
    settings_ = alerts.save_alerts(cast.supplier, frequency="immediate", themes=[theme], counties=[])

    response = client.get(f"/en{reverse('challenges:unsubscribe', args=[settings_.unsubscribe_token])}")

    assert response.status_code == 200
    assert "Stop all e-mails about new challenges?" in response.text
    assert AlertSubscription.objects.filter(user=cast.supplier).count() == 1


def test_one_click_post_unsubscribes_without_signing_in_or_csrf(cast, theme):
    settings_ = alerts.save_alerts(cast.supplier, frequency="immediate", themes=[theme], counties=[])
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("challenges:unsubscribe", args=[settings_.unsubscribe_token]),
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    assert AlertSubscription.objects.filter(user=cast.supplier).count() == 0


def test_an_unknown_unsubscribe_token_is_404(client, cast):
    response = client.post(reverse("challenges:unsubscribe", args=["not-a-token"]))

    assert response.status_code == 404


def test_the_answer_email_unfollows_in_one_click(cast, published, django_capture_on_commit_callbacks):
    services.follow_challenge(published, actor=cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_clarification(published, actor=cast.staff, text="Frister", answer="1. mars.")
    header = mail.outbox[-1].message()["List-Unsubscribe"]

    url = published.get_absolute_url()
    response = Client(enforce_csrf_checks=True).post(urlsplit(header.strip("<>")).path)

    assert response.status_code == 200
    assert published.follows.count() == 0
    assert f'<a class="ds-link" href="{url}">' in response.text  # a way back to the challenge


def test_the_profile_lists_followed_challenges_and_links_to_alerts(client, cast, published):
    services.follow_challenge(published, actor=cast.supplier)
    as_role(client, "supplier")

    page = client.get("/en/profil/").text

    assert (published.title in page, f'href="{reverse("challenges:alerts")}"' in page) == (True, True)
    assert "You have no alerts about new challenges." in page
