"""Template helpers for the account pages allauth renders inside our layout."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The label of each allauth page in the breadcrumbs; pages not listed fall back to "Account".
PAGE_LABELS = {
    "account_login": _("Sign in"),
    "account_signup": _("Create account"),
    "account_logout": _("Sign out"),
    "account_inactive": _("Account inactive"),
    "account_email": _("E-mail addresses"),
    "account_email_verification_sent": _("Verify your e-mail address"),
    "account_confirm_email": _("Confirm e-mail address"),
    "account_change_password": _("Change password"),
    "account_set_password": _("Set password"),
    "account_reset_password": _("Reset password"),
    "account_reset_password_done": _("Reset password"),
    "account_reset_password_from_key": _("Choose a new password"),
    "account_reset_password_from_key_done": _("Password changed"),
    "account_reauthenticate": _("Confirm it is you"),
    "mfa_index": _("Two-factor authentication"),
    "mfa_activate_totp": _("Activate authenticator app"),
    "mfa_deactivate_totp": _("Deactivate authenticator app"),
    "mfa_view_recovery_codes": _("Recovery codes"),
    "mfa_generate_recovery_codes": _("Recovery codes"),
    "mfa_authenticate": _("Two-factor authentication"),
    "mfa_reauthenticate": _("Confirm it is you"),
}

# Pages reached while signing in: they have no "My profile" parent even if a session exists.
ENTRANCE_PAGES = {"account_login", "account_signup", "mfa_authenticate", "account_reset_password"}


@register.simple_tag(takes_context=True)
def account_breadcrumbs(context):
    """Breadcrumbs for an allauth page: My profile (when signed in) and the page itself."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match else None
    crumbs = []
    user = context.get("user")
    if user is not None and user.is_authenticated and url_name not in ENTRANCE_PAGES:
        crumbs.append({"label": _("My profile"), "url": reverse("accounts:profile")})
    crumbs.append({"label": PAGE_LABELS.get(url_name, _("Account")), "url": ""})
    return crumbs
