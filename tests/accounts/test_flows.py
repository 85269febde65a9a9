"""Sign-up, e-mail verification, sign-in, password reset and sign-out through allauth's own views."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-better-passphrase"


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def link_in(message, pattern):
    match = re.search(rf"https?://[^/\s]+(/\S*{pattern}\S*/)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, captured, email="ny@example.no"):
    with captured(execute=True):
        return client.post(
            reverse("account_signup"),
            {"email": email, "name": "Ola Nordmann", "password1": PASSWORD, "password2": PASSWORD},
        )


def test_sign_up_creates_unverified_user_and_sends_one_verification_email(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="ny@example.no")
    assert user.name == "Ola Nordmann"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("ny@example.no", False)
    ]
    assert [message.to for message in mail.outbox] == [["ny@example.no"]]
    assert "/konto/confirm-email/" in mail.outbox[0].body
    assert signed_in_user_id(client) is None


def test_sign_up_with_errors_shows_error_summary_linked_to_fields(client):
    response = client.post(
        "/en/konto/signup/", {"email": "not-an-address", "name": "", "password1": "x", "password2": "y"}
    )

    assert response.status_code == 200
    html = response.text
    summary = re.search(r"<ds-error-summary.*?</ds-error-summary>", html, re.S).group(0)
    assert re.findall(r'href="#(id_\w+)"', summary)[:2] == ["id_email", "id_name"]
    assert 'aria-invalid="true"' in re.search(r"<input[^>]*id=\"id_email\"[^>]*>", html).group(0)
    assert 'id="id_email_error"' in html
    assert User.objects.count() == 0


def test_sign_in_is_refused_before_the_email_is_verified(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    client.logout()

    response = sign_in(client, "ny@example.no")

    assert response.status_code == 302
    assert response["Location"] == "/en/konto/confirm-email/"
    assert signed_in_user_id(client) is None


def test_verification_link_confirms_the_address_and_signs_in(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    url = link_in(mail.outbox[0], "confirm-email")

    page = client.get(url)
    assert page.status_code == 200
    assert EmailAddress.objects.get(email="ny@example.no").verified is False  # GET only shows the button

    response = client.post(url)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ny@example.no").verified is True
    assert signed_in_user_id(client) == str(User.objects.get(email="ny@example.no").pk)


def test_sign_in_by_email_with_verified_address(client, verified_user):
    response = sign_in(client, "KARI@example.no")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert signed_in_user_id(client) == str(verified_user.pk)


def test_sign_in_with_wrong_password_shows_error_summary(client, verified_user):
    response = sign_in(client, verified_user.email, "wrong-password")

    assert response.status_code == 200
    assert re.search(r'<ds-error-summary[^>]*>.*<a href="#id_login">', response.text, re.S)
    assert signed_in_user_id(client) is None


# allauth refuses sign-in after 10 failures a minute from one client address (and 5 per e-mail address).
FAILURES_PER_ADDRESS = 10
PROXY = "10.0.0.2"


def fail_sign_ins_from(client, forwarded_for: str) -> None:
    """Exhaust one address's failure limit, each try with another e-mail (not to hit the per-e-mail limit)."""
    for n in range(FAILURES_PER_ADDRESS):
        client.post(
            "/en/konto/login/",
            {"login": f"guess{n}@example.no", "password": "wrong-password"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )


def sign_in_through_proxy(client, email, forwarded_for: str):
    return client.post(
        "/en/konto/login/",
        {"login": email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_sign_in_limit_is_per_client_behind_a_proxy(client, verified_user, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    fail_sign_ins_from(client, "203.0.113.7")

    blocked = sign_in_through_proxy(client, verified_user.email, "203.0.113.7")
    other_client = sign_in_through_proxy(client, verified_user.email, "198.51.100.4")

    assert "Too many failed login attempts. Try again later." in blocked.text
    assert other_client.status_code == 302
    assert signed_in_user_id(client) == str(verified_user.pk)


def test_sign_in_limit_cannot_be_escaped_with_a_forged_forwarded_for(client, verified_user, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    fail_sign_ins_from(client, "203.0.113.7")

    # The client writes its own X-Forwarded-For; our proxy appends the address it really came from.
    response = sign_in_through_proxy(client, verified_user.email, "198.51.100.4, 203.0.113.7")

    assert "Too many failed login attempts. Try again later." in response.text
    assert signed_in_user_id(client) is None


def test_password_reset_by_email_and_from_key(client, verified_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": verified_user.email})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[verified_user.email]]

    key_url = link_in(mail.outbox[0], "password/reset/key")
    form_page = client.get(key_url, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    assert 'id="id_password1"' in form_page.text

    response = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password(NEW_PASSWORD) is True


def test_logout_by_get_only_asks_for_confirmation(client, verified_user):
    sign_in(client, verified_user.email)

    page = client.get(reverse("account_logout"))

    assert page.status_code == 200
    assert f'action="{reverse("account_logout")}"' in page.text
    assert signed_in_user_id(client) == str(verified_user.pk)


def test_logout_by_post_signs_out(client, verified_user):
    sign_in(client, verified_user.email)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_account_emails_name_the_site_gnist_and_link_to_the_site_url(
    client, verified_user, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://gnist.example.no"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_reset_password"), {"email": verified_user.email}, HTTP_HOST="127.0.0.1:8300"
        )

    body = mail.outbox[0].body
    assert body.startswith("Hei fra Gnist!")
    assert "127.0.0.1" not in body
    assert re.search(r"https://gnist\.example\.no/konto/password/reset/key/\S+", body)
    assert "Takk for at du bruker Gnist!\ngnist.example.no" in body
