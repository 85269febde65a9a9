"""Municipality staff write a challenge and send it for review; a programme admin publishes it from the
challenge's page. Every page on the way passes axe and the CSP check, the invalid form's error summary too."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from municipalities.models import Membership, Phase
from tests.browser.harness import check_accessibility, sign_in
from tests.factories import (
    MembershipFactory,
    ParticipantFactory,
    PhaseFactory,
    RoundFactory,
    ThemeFactory,
    verified_user,
)

pytestmark = pytest.mark.browser
SECRET = generate_totp_secret()


@pytest.fixture
def setup(transactional_db):
    now = timezone.now()
    round_ = RoundFactory(number=906, title="Utfordringsrunde")
    PhaseFactory(
        round=round_,
        order=1,
        kind=Phase.Kind.CHALLENGES,
        opens_challenges=True,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=30),
    )
    staff = verified_user(email="stab@example.no", name="Stine Stab")
    membership = MembershipFactory(user=staff, role=Membership.Role.ADMIN, municipality__name="Gnistvik")
    ParticipantFactory(round=round_, municipalities=[membership.municipality], display_name="Gnistvik")
    ThemeFactory(slug="bolig", name="Bolig")
    admin = verified_user(email="admin@example.no", name="Pia Program", is_staff=True, is_superuser=True)
    TOTP.activate(admin, SECRET)
    return staff, admin


@pytest.mark.journey
def test_write_send_for_review_and_publish(page, live_server, setup):
    staff, admin = setup
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
    counter = next(yield_hotp_counters_from_time())
    page.locator("input[name=code]").fill(format_hotp_value(hotp_value(SECRET, counter)))
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
