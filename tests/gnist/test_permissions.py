"""`is_programme_staff`: active staff holding the permission, with two-factor authentication if required."""

from django.contrib.auth.models import AnonymousUser

from gnist.permissions import is_programme_staff
from tests.factories import UserFactory, programme_staff

PERMISSION = "municipalities.view_application"


def test_is_programme_staff_with_the_permission_and_mfa(db):
    assert is_programme_staff(programme_staff(PERMISSION), PERMISSION) is True


def test_is_programme_staff_not_when_inactive(db):
    user = programme_staff(PERMISSION, is_active=False)

    assert is_programme_staff(user, PERMISSION) is False


def test_is_programme_staff_not_without_is_staff(db):
    user = programme_staff(PERMISSION)
    user.is_staff = False

    assert is_programme_staff(user, PERMISSION) is False


def test_is_programme_staff_not_with_another_permission(db):
    user = programme_staff("municipalities.change_membership")

    assert is_programme_staff(user, PERMISSION) is False


def test_is_programme_staff_not_without_mfa(db):
    assert is_programme_staff(programme_staff(PERMISSION, mfa=False), PERMISSION) is False


def test_is_programme_staff_without_mfa_when_the_setting_is_off(db, settings):
    settings.GNIST_REQUIRE_STAFF_MFA = False

    assert is_programme_staff(programme_staff(PERMISSION, mfa=False), PERMISSION) is True


def test_is_programme_staff_not_for_a_superuser_without_mfa(db):
    superuser = UserFactory(is_staff=True, is_superuser=True)

    assert (superuser.has_perm(PERMISSION), is_programme_staff(superuser, PERMISSION)) == (True, False)


def test_is_programme_staff_for_a_superuser_with_mfa(cast):
    assert is_programme_staff(cast.programme_admin, PERMISSION) is True


def test_is_programme_staff_not_for_anonymous():
    assert is_programme_staff(AnonymousUser(), PERMISSION) is False
