"""Who holds programme-wide powers over applications and teams: staff with the permission and two-factor
authentication (`is_programme_admin`, `can_decide_applications`)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from municipalities import permissions
from municipalities.models import Application
from tests.factories import ApplicationFactory, UserFactory


@pytest.fixture
def draft(cast):
    return ApplicationFactory(
        municipality=cast.municipality, status=Application.Status.DRAFT, created_by=cast.staff
    )


@pytest.fixture
def admin_without_totp(db):
    return UserFactory(email="no-totp@example.no", is_staff=True, is_superuser=True)


def _other_pages(cast):
    """An application and a team page of a municipality the programme admin is no member of."""
    application = ApplicationFactory(municipality=cast.other_municipality, created_by=cast.other_staff)
    team = reverse("municipalities:team", kwargs={"number": cast.other_municipality.number})
    return [application.get_absolute_url(), team]


def test_programme_admin_without_totp_gets_404_on_other_applications_and_teams(
    client, cast, admin_without_totp
):
    urls = _other_pages(cast)
    client.force_login(admin_without_totp)

    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert permissions.is_programme_admin(admin_without_totp) is False
    assert permissions.can_decide_applications(admin_without_totp) is False


def test_programme_admin_with_totp_sees_other_applications_and_teams(client, cast, admin_without_totp):
    urls = _other_pages(cast)
    TOTP.activate(admin_without_totp, generate_totp_secret())
    client.force_login(admin_without_totp)

    responses = [client.get(url) for url in urls]

    assert [response.status_code for response in responses] == [200, 200]
    assert "Andrestad" in responses[1].text
    assert permissions.can_decide_applications(admin_without_totp) is True


def test_programme_admin_without_totp_keeps_powers_when_mfa_is_not_required(
    client, cast, admin_without_totp, settings
):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    urls = _other_pages(cast)
    client.force_login(admin_without_totp)

    responses = [client.get(url) for url in urls]

    assert [response.status_code for response in responses] == [200, 200]
    assert "Andrestad" in responses[1].text


def test_inactive_programme_admin_may_not_decide(cast):
    cast.programme_admin.is_active = False

    assert permissions.can_decide_applications(cast.programme_admin) is False
    assert permissions.is_programme_admin(cast.programme_admin) is False


def test_staff_without_programme_permissions_cannot_open_applications(client, cast, draft):
    """Being staff is not enough (the old `visible_to` showed staff everything; it is gone, unused)."""
    clerk = UserFactory(email="clerk@example.no", is_staff=True)
    TOTP.activate(clerk, generate_totp_secret())
    client.force_login(clerk)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert hasattr(Application.objects, "visible_to") is False
