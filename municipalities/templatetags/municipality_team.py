"""`{% team_section municipality membership %}`: the municipality page's "Team" part, for the person looking
at it, with their membership of it (None if they have none)."""

from django import template

from municipalities import permissions
from municipalities.models import Membership

register = template.Library()


@register.inclusion_tag("municipalities/team/_section.html", takes_context=True)
def team_section(context, municipality, membership):
    """Join, waiting, or a link to the team page."""
    user = context["request"].user
    approved = membership is not None and membership.status == Membership.Status.APPROVED
    return {
        "municipality": municipality,
        "user": user,
        "request": context["request"],
        "membership": membership,
        "csrf_token": context.get("csrf_token"),
        "awaiting_approval": membership is not None and membership.status == Membership.Status.PENDING,
        "can_view_team": approved or permissions.is_programme_admin(user),
        "can_request": user.is_authenticated
        and not approved
        and (membership is None or membership.status in Membership.REJOINABLE),
        # Declined, removed or left: said before the offer to ask again.
        "was_on_or_asked": membership is not None and membership.status in Membership.REJOINABLE,
    }
