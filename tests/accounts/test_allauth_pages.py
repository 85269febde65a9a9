"""Every allauth page renders in our layout: Designsystemet markup, ordered headings, no inline code."""

import itertools
import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import translation

from tests.accounts.conftest import PASSWORD, make_verified_user, sign_in

pytestmark = pytest.mark.django_db


def assert_our_layout(html):
    assert '<header class="site-header">' in html
    assert '<a class="ds-skip-link" href="#main">' in html
    assert re.search(r"<title>\s*\S.*\u2013 Gnist</title>", html, re.S)
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels.count(1) == 1
    assert levels[0] == 1
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, f"heading level jumps from h{previous} to h{current}"
    assert re.search(r"<h1 class=\"ds-heading\"", html)
    assert " style=" not in html
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    for field in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' not in field:
            assert 'class="ds-input"' in field, field


ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_entrance_pages_use_our_layout(client, name):
    with translation.override("en"):
        response = client.get(reverse(name))

    assert response.status_code == 200
    assert_our_layout(response.text)


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("name", ["account_login", "account_signup"])
def test_entrance_page_links_are_designsystemet_links(client, name):
    html = main_of(client.get(reverse(name)).text)

    links = re.findall(r"<a\s[^>]*>", html)
    assert len(links) >= 1
    assert [link for link in links if 'class="ds-link"' not in link] == []


def test_sign_in_offers_forgot_password_after_the_password_field(client):
    with translation.override("en"):
        html = main_of(client.get(reverse("account_login")).text)
        forgot = f'<a class="ds-link" href="{reverse("account_reset_password")}">Forgot your password?</a>'

    assert "id_password_helptext" not in html
    assert html.index('name="password"') < html.index(forgot)


def test_email_confirmation_page_uses_our_layout(client):
    user = make_verified_user(email="ny@example.no")
    address = EmailAddress.objects.create(user=user, email="ny2@example.no", verified=False)

    response = client.get(reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key]))

    assert response.status_code == 200
    assert_our_layout(response.text)
    assert "ny2@example.no" in response.text


MANAGE_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
]


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_account_pages_use_our_layout_with_profile_breadcrumb(client, name):
    user = make_verified_user(email="kari@example.no")
    sign_in(client, user.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    with translation.override("en"):
        response = client.get(reverse(name))
        profile_url = reverse("accounts:profile")

    assert response.status_code == 200
    assert_our_layout(response.text)
    crumbs = re.search(r'<nav class="ds-breadcrumbs.*?</nav>', response.text, re.S).group(0)
    assert f'<a class="ds-link" href="{profile_url}">' in crumbs


def test_mfa_pages_with_totp_enabled_use_our_layout(client):
    user = make_verified_user(email="kari@example.no")
    sign_in(client, user.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)

    for name in [
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_our_layout(response.text)


def test_mfa_code_is_asked_at_sign_in_in_our_layout(client):
    user = make_verified_user(email="kari@example.no")
    TOTP.activate(user, generate_totp_secret())

    response = sign_in(client, user.email)
    assert response.status_code == 302
    with translation.override("en"):
        assert response["Location"] == reverse("mfa_authenticate")

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert_our_layout(page.text)
    assert 'id="id_code"' in page.text

    wrong = client.post(response["Location"], {"code": "000000"})
    assert re.search(r'<ds-error-summary[^>]*>.*<a href="#id_code">', wrong.text, re.S)
    assert 'aria-describedby="id_code_error"' in re.search(
        r'<input[^>]*id="id_code"[^>]*>', wrong.text
    ).group(0)


def test_empty_signup_error_summary_names_each_field(client):
    response = client.post(reverse("account_signup"), {})

    summary = re.search(r"<ds-error-summary.*?</ds-error-summary>", response.text, re.S).group(0)
    assert re.findall(r"<li><a [^>]*>(.*?)</a></li>", summary) == [
        "E-post: Feltet er påkrevet.",
        "Navn: Feltet er påkrevet.",
        "Passord: Feltet er påkrevet.",
        "Passord (gjenta): Feltet er påkrevet.",
    ]
