"""Sign up, open the verification e-mail, confirm, and arrive signed in — in the browser."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from gnist.models import OutgoingEmail
from tests.browser.harness import check_accessibility

pytestmark = pytest.mark.browser


@pytest.mark.journey
def test_sign_up_verify_and_arrive_signed_in(page, live_server):
    page.goto(reverse("account_signup"))
    check_accessibility(page)
    form = page.locator("main form")
    form.locator("input[name=email]").fill("ingrid@example.no")
    form.locator("input[name=name]").fill("Ingrid Kommune")
    form.locator("input[name=password1]").fill("fjell-og-fjord-2024")
    form.locator("input[name=password2]").fill("fjell-og-fjord-2024")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{reverse('account_email_verification_sent')}")
    check_accessibility(page)

    email = OutgoingEmail.objects.get(to="ingrid@example.no")
    assert (email.template, email.status) == ("account/email_confirmation_signup", OutgoingEmail.Status.SENT)
    assert [m.to for m in mail.outbox] == [["ingrid@example.no"]]
    assert email.body_text == ""  # sent: the verification link is no longer stored
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(urlsplit(link).path)
    check_accessibility(page)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"**{reverse('accounts:profile')}")
    # Signed in: the header offers to sign out, and the profile shows who.
    assert page.locator(f"header form[action='{reverse('account_logout')}'] button").is_visible()
    assert page.locator("main").get_by_text("ingrid@example.no", exact=True).is_visible()
    check_accessibility(page)
