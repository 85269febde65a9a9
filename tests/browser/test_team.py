"""A municipality admin invites a colleague, who signs in and accepts; every team page passes axe and the CSP
check in bokmål and nynorsk."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from gnist.models import OutgoingEmail
from municipalities.models import Membership
from tests.browser.harness import check_accessibility, sign_in
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory, verified_user

pytestmark = pytest.mark.browser


def in_language(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def check_in_both_languages(page, path_nb: str, path_nn: str) -> None:
    for path in (path_nb, path_nn):
        page.goto(path)
        check_accessibility(page)


@pytest.mark.journey
def test_admin_invites_a_colleague_who_accepts(page, transactional_db):
    municipality = MunicipalityFactory(name="Åseral", number="4224")
    admin = verified_user(email="kommune@example.no", name="Aud Admin")
    MembershipFactory(user=admin, municipality=municipality, role=Membership.Role.ADMIN)
    MembershipFactory(
        user=UserFactory(name="Vera Venter"), municipality=municipality, status=Membership.Status.PENDING
    )
    colleague = verified_user(email="kollega@example.no", name="Kai Kollega")
    team = {"number": municipality.number}

    sign_in(page, admin)
    check_in_both_languages(
        page,
        in_language("nb", "municipalities:team", **team),
        in_language("nn", "municipalities:team", **team),
    )

    # From the team page to the invitation form; an invalid address: the error summary is announced and links
    # to the field.
    page.goto(in_language("nb", "municipalities:team", **team))
    page.get_by_role("link", name="Inviter en kollega").click()
    page.wait_for_url(f"**{reverse('municipalities:team_invite', kwargs=team)}")
    check_accessibility(page)
    form = page.locator("main form")
    form.locator("input[name=invite-email]").fill("ikke-en-adresse")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("ds-error-summary a[href='#id_invite-email']").is_visible()
    check_accessibility(page)

    form = page.locator("main form")
    form.locator("input[name=invite-email]").fill("kollega@example.no")
    form.locator("input[name=invite-role][value=editor]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{reverse('municipalities:team', kwargs=team)}")
    assert page.get_by_text("En invitasjon er sendt til kollega@example.no.").is_visible()
    check_accessibility(page)

    email = OutgoingEmail.objects.get(to="kollega@example.no")
    assert (email.template, email.status) == ("team-invitation", OutgoingEmail.Status.SENT)
    # The stored body is blanked once sent (the link is a secret); read the message that went out.
    sent = next(message for message in mail.outbox if message.to == ["kollega@example.no"])
    link = urlsplit(re.search(r"https?://\S+/kommuner/invitasjon/\S+/", sent.body).group(0)).path
    token = link.rstrip("/").rsplit("/", 1)[1]

    # Signed out, the invitation asks the person to sign in first.
    page.context.clear_cookies()
    invitation_nn = in_language("nn", "municipalities:team_invitation_accept", token=token)
    check_in_both_languages(page, link, invitation_nn)
    assert page.get_by_role("link", name=re.compile("Logg inn|Sign in")).first.is_visible()

    # Before accepting, the colleague sees the municipality page's "ask to join" part.
    sign_in(page, colleague)
    check_in_both_languages(page, municipality.get_absolute_url(), f"/nn{municipality.get_absolute_url()}")
    page.goto(link)
    check_accessibility(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{reverse('municipalities:team', kwargs=team)}")
    check_accessibility(page)

    membership = Membership.objects.get(user=colleague)
    assert (membership.municipality, membership.status, membership.role, membership.decided_by) == (
        municipality,
        Membership.Status.APPROVED,
        Membership.Role.EDITOR,
        admin,
    )
    assert page.locator("main table").first.get_by_text("Kai Kollega").is_visible()
    page.goto(in_language("nn", "municipalities:team", **team))
    check_accessibility(page)


@pytest.mark.journey
def test_admin_invites_and_withdraws_from_the_team_page(page, transactional_db):
    municipality = MunicipalityFactory(name="Åseral", number="4224")
    admin = verified_user(email="kommune@example.no", name="Aud Admin")
    MembershipFactory(user=admin, municipality=municipality, role=Membership.Role.ADMIN)

    sign_in(page, admin)
    page.goto("/en/")
    page.get_by_role("link", name="My profile").click()
    page.get_by_role("link", name="Åseral").click()
    page.get_by_role("link", name="Invite a colleague").click()
    page.get_by_label("Your colleague's e-mail address").fill("kollega@example.no")
    page.get_by_role("button", name="Send invitation").click()

    invitations = page.locator("section", has=page.get_by_role("heading", name="Sent invitations"))
    assert invitations.get_by_role("cell", name="kollega@example.no").is_visible()
    check_accessibility(page)
    invitations.get_by_role("button", name=re.compile(r"^Withdraw\W+kollega@example\.no$")).click()

    assert page.get_by_text("The invitation to kollega@example.no has been withdrawn.").is_visible()
    assert page.get_by_text("No invitations are waiting to be accepted.").is_visible()
    check_accessibility(page)
    invitation = municipality.invitations.get()
    assert (invitation.email, invitation.withdrawn_by) == ("kollega@example.no", admin)
