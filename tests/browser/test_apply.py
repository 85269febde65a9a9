"""Municipality staff find the application form from the home page by its visible labels, without typing a
URL: signed out, "Sign in to apply" brings them back to the form; a draft is continued, not started again."""

import datetime
import re

import pytest
from django.utils import timezone

from municipalities.models import Application, Membership
from tests.browser.harness import check_accessibility
from tests.factories import (
    PASSWORD,
    CriterionFactory,
    MembershipFactory,
    MunicipalityFactory,
    PhaseFactory,
    RoundFactory,
    verified_user,
)

pytestmark = pytest.mark.browser


@pytest.mark.journey
def test_staff_go_from_the_home_page_to_the_application_form(page, transactional_db):
    municipality = MunicipalityFactory(name="Åseral", number="4224")
    staff = verified_user(email="kommune@example.no", name="Aud Admin")
    MembershipFactory(user=staff, municipality=municipality, role=Membership.Role.ADMIN)
    round_ = RoundFactory(number=905, title="Gnist 905")
    now = timezone.now()
    PhaseFactory(
        round=round_,
        applications=True,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=30),
    )
    CriterionFactory(round=round_, order=1, name="Endringsvilje")

    page.goto("/en/")
    check_accessibility(page)
    page.get_by_role("link", name="Sign in to apply").click()
    page.locator("main input[name=login]").fill(staff.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Sign in$", re.IGNORECASE)).click()

    # Back where they were going: the form that starts the application.
    page.wait_for_url("**/en/soknader/runder/905/ny/")
    check_accessibility(page)
    page.get_by_label("Apply for").select_option(label="Åseral")
    page.get_by_role("button", name="Start the application").click()
    page.wait_for_url("**/rediger/")
    check_accessibility(page)

    # Back on the home page, the draft is continued rather than started again.
    page.goto("/en/")
    page.get_by_role("link", name="Continue the application").click()
    page.wait_for_url("**/rediger/")
    application = Application.objects.get()
    assert (application.round, application.municipality, application.status) == (
        round_,
        municipality,
        Application.Status.DRAFT,
    )

    # The overview leads to each part of the application; none is started yet.
    check_accessibility(page)
    page.get_by_role("link", name="The challenge", exact=True).click()
    page.wait_for_url("**/rediger/utfordringen/")
    check_accessibility(page)
