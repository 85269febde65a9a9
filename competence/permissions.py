"""Who may do what in the course. Reading is open to everyone; progress is per signed-in person."""

from municipalities.models import Membership


def can_track_progress(user) -> bool:
    return user.is_authenticated


def can_view_notebook_entry(user, entry) -> bool:
    """Only the author: not colleagues, not programme admins (privacy)."""
    return user.is_authenticated and entry.user_id == user.pk


def can_view_quiz_attempt(user, attempt) -> bool:
    return user.is_authenticated and attempt.user_id == user.pk


def can_share_with_team(user) -> bool:
    """Approved municipality staff can show their completion to their municipality's team."""
    return user.is_authenticated and Membership.objects.for_user(user).approved().exists()


def can_view_team(user, municipality) -> bool:
    """Approved admins of the municipality see which consenting colleagues completed which modules."""
    return (
        user.is_authenticated
        and Membership.objects.for_user(user).approved().admins().filter(municipality=municipality).exists()
    )
