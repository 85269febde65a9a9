"""Who counts as programme staff: the one check behind every app's programme-wide predicates.

Apps name their predicates after what they allow (`can_decide_applications(user)`) and let this module say
what a programme-wide power takes, so the rule lives once.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings


def has_staff_mfa(user) -> bool:
    """Staff powers need two-factor authentication, in admin and on the site, when the setting says so.
    One query, remembered on the user object for the request: a page asks it for every staff predicate."""
    if not settings.GNIST_REQUIRE_STAFF_MFA:
        return True
    if not hasattr(user, "_has_mfa"):
        user._has_mfa = is_mfa_enabled(user)
    return user._has_mfa


def is_programme_staff(user, permission: str) -> bool:
    """An active staff member holding `permission` ("app_label.codename"), with two-factor authentication
    when required. A superuser holds every permission but still needs two-factor authentication."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(permission)
        and has_staff_mfa(user)
    )
