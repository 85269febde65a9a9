"""Apply → submit as municipality staff, stage and announce as programme admin in Django admin; the public
round page names the Gnist municipality; the staff pages pass axe and the CSP check in bokmål and nynorsk."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Application, Membership, Participant
from tests.browser.harness import check_accessibility, sign_in, totp_code
from tests.factories import (
    CriterionFactory,
    MembershipFactory,
    PhaseFactory,
    RoundFactory,
    verified_user,
)

pytestmark = pytest.mark.browser
SECRET = generate_totp_secret()


@pytest.fixture
def setup(transactional_db):
    now = timezone.now()
    round_ = RoundFactory(
        number=905, title="Gnist testrunde", title_nn="Gnist testrunde", title_en="Gnist test round"
    )
    PhaseFactory(
        round=round_,
        order=1,
        applications=True,
        starts_at=now - datetime.timedelta(days=10),
        ends_at=now + datetime.timedelta(days=30),
    )
    for order, (nb, nn) in enumerate(
        [("Endringsvilje", "Endringsvilje"), ("Overføringsverdi", "Overføringsverdi")], 1
    ):
        CriterionFactory(round=round_, order=order, name_nb=nb, name_nn=nn, name_en=nb)
    staff = verified_user(email="stab@example.no", name="Stine Stab")
    membership = MembershipFactory(user=staff, role=Membership.Role.ADMIN, municipality__name="Gnistvik")
    admin = verified_user(email="admin@example.no", name="Pia Program", is_staff=True, is_superuser=True)
    TOTP.activate(admin, SECRET)
    return round_, staff, membership.municipality, admin


def test_apply_select_announce_and_publish(page, live_server, setup):
    round_, staff, _municipality, admin = setup
    sign_in(page, staff)

    page.goto(reverse("municipalities:application_list"))
    check_accessibility(page)
    page.get_by_role("link", name=f"Søk til runde {round_.number}", exact=False).click()
    check_accessibility(page)
    page.get_by_label("Søk på vegne av").select_option(label="Gnistvik")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # The overview lists the parts; each has its own page, and "Lagre og gå videre" leads on to the next.
    check_accessibility(page)
    page.get_by_role("link", name="Utfordringen", exact=True).click()
    check_accessibility(page)
    page.get_by_label("Utfordringen formulert som et spørsmål").fill("Hvordan kan flere bo i sentrum?")
    page.get_by_label("Beskrivelse av utfordringen").fill("Sentrum står tomt.")
    continue_ = page.get_by_role("button", name="Lagre og gå videre")
    continue_.click()
    page.get_by_label("Endringsvilje").fill("Vi vil endre oss.")
    page.get_by_label("Overføringsverdi").fill("Andre kan bruke det.")
    check_accessibility(page)
    continue_.click()
    page.get_by_role("heading", name="Medsøkere").wait_for()
    check_accessibility(page)
    continue_.click()  # no co-applicants
    page.get_by_role("heading", name="Forankring").wait_for()
    check_accessibility(page)
    continue_.click()
    page.locator("input[name=contact_1_name]").fill("Stine Stab")
    page.locator("input[name=contact_1_email]").fill("stab@example.no")
    check_accessibility(page)
    continue_.click()
    page.get_by_role("heading", name="Vedlegg").wait_for()
    check_accessibility(page)
    page.get_by_role("link", name="Gå til oversikten").click()
    page.get_by_role("link", name="Gå til innsending").click()
    check_accessibility(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED
    check_accessibility(page)
    page.goto(f"/nn{application.get_absolute_url()}")
    check_accessibility(page)
    page.goto(f"/nn{reverse('municipalities:application_edit', kwargs={'pk': application.pk})}")
    check_accessibility(page)
    page.get_by_role("link", name="Medsøkjarar", exact=True).click()
    check_accessibility(page)

    # The programme admin signs in with password and a TOTP code (two-factor authentication is required).
    page.context.clear_cookies()
    sign_in(page, admin)
    page.locator("input[name=code]").fill(totp_code(SECRET))
    page.locator("main form button[type=submit][data-variant=primary]").click()
    page.wait_for_load_state()
    page.goto("/admin/municipalities/application/")
    page.locator(f"input[name=_selected_action][value='{application.pk}']").check()
    page.locator("select[name=action]").select_option("select_gnist")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert (application.staged_decision, application.status) == ("selected", "submitted")
    assert Participant.objects.count() == 0

    # The application phase is still open: announcing asks a second time (in English: its text is new).
    page.goto("/en/admin/municipalities/application/")
    page.locator(f"input[name=_selected_action][value='{application.pk}']").check()
    page.locator("select[name=action]").select_option("announce")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Announce before the deadline").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    page.get_by_label("Announce now, although applications are taken until", exact=False).check()
    page.get_by_role("button", name="Announce before the deadline").click()
    page.wait_for_load_state()

    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED
    page.goto(round_.get_absolute_url())
    assert "Gnistvik" in page.locator("main").inner_text()
    check_accessibility(page)
