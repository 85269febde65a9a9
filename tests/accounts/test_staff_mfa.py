"""Staff must turn on two-factor authentication before they may use Django admin."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.accounts.conftest import PASSWORD, make_verified_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return make_verified_user(email="stab@example.no", is_staff=True, is_superuser=True)


def test_staff_without_totp_is_sent_from_admin_to_totp_activation(client, staff):
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_totp_can_use_admin(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert response.context["user"] == staff


def test_staff_mfa_is_not_required_when_the_setting_is_off(client, staff, settings):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    client.force_login(staff)

    response = client.get("/admin/")

    assert (response.status_code, response.context["user"]) == (200, staff)


def reauthenticate(client):
    """allauth wants the password again before two-factor settings change; a sign-in is not enough."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_totp_activation_reauthentication_logout_and_mfa_pages_stay_open_to_staff_without_totp(client, staff):
    sign_in(client, staff.email)
    first = client.get(reverse("mfa_activate_totp"))
    assert first.status_code == 302
    assert first["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(first["Location"])
    assert page.status_code == 200
    assert 'id="id_password"' in page.text
    reauthenticate(client)

    activation = client.get(reverse("mfa_activate_totp"))
    assert activation.status_code == 200
    # The QR code as a data: URI image (allowed by the CSP) and the secret as text.
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="[^"]+"', activation.text)
    secret = activation.context["form"].secret
    assert f'value="{secret}"' in activation.text
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200


def test_staff_can_activate_totp_and_then_use_admin(client, staff):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    sign_in(client, staff.email)
    reauthenticate(client)
    activation = client.get(reverse("mfa_activate_totp"))
    secret = activation.context["form"].secret
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))

    response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.status_code == 302
    admin = client.get("/admin/")
    assert (admin.status_code, admin.context["user"]) == (200, staff)


def test_anonymous_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    login = client.get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("account_login"))
