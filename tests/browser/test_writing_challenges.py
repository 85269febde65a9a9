"""Municipality staff write a challenge and send it for review; a programme admin publishes it from the
challenge's page. Every page on the way passes axe and the CSP check, the invalid form's error summary too."""

import pytest
from django.urls import reverse

from challenges.models import Challenge
from tests.browser.harness import check_accessibility, sign_in, totp_code

pytestmark = pytest.mark.browser


@pytest.mark.journey
def test_write_send_for_review_and_publish(page, live_server, open_round):
    staff, admin = open_round.staff, open_round.admin
    sign_in(page, staff)

    page.goto(reverse("challenges:mine"))
    check_accessibility(page)
    page.locator(f"main a[href='{reverse('challenges:start')}']").click()
    page.wait_for_load_state()
    check_accessibility(page)
    page.locator("main form button[type=submit]").press("Enter")
    page.wait_for_load_state()
    challenge = Challenge.objects.get()

    # A title that is no question: the error summary links to the field, and the text typed is kept.
    check_accessibility(page)
    page.locator("input[name=title]").fill("Boliger i sentrum")
    page.locator("textarea[name=background]").fill("Sentrum står tomt om kvelden.")
    page.locator("button[name=save]").press("Enter")
    page.wait_for_load_state()
    assert page.locator("ds-error-summary a[href='#id_title']").is_visible()
    assert page.locator("textarea[name=background]").input_value() == "Sentrum står tomt om kvelden."
    check_accessibility(page)

    page.locator("input[name=title]").fill("Hvordan kan flere bo i sentrum?")
    page.locator("textarea[name=summary]").fill("Gnistvik vil ha liv i sentrum.")
    page.locator("textarea[name=needs]").fill("Nye boformer.")
    page.locator("input[name=themes]").first.check()
    page.locator("button[name=submit]").press("Enter")
    page.wait_for_url(f"**{reverse('challenges:submit', kwargs={'pk': challenge.pk})}")
    check_accessibility(page)
    page.locator("main form button[type=submit]").press("Enter")
    page.wait_for_load_state()
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.IN_REVIEW
    check_accessibility(page)

    # The programme admin signs in with a TOTP code and publishes from the challenge's page.
    page.context.clear_cookies()
    sign_in(page, admin)
    page.locator("input[name=code]").fill(totp_code(open_round.totp_secret))
    page.locator("main form button[type=submit][data-variant=primary]").click()
    page.wait_for_load_state()
    page.goto(challenge.get_absolute_url())
    check_accessibility(page)
    page.locator(f"form[action='{reverse('challenges:publish', kwargs={'pk': challenge.pk})}'] button").press(
        "Enter"
    )
    page.wait_for_load_state()
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PUBLISHED
    check_accessibility(page)
