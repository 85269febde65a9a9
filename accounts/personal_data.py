"""What the accounts app holds about a person, and how a person's account is deleted.

Other apps register what they hold with `gnist.personal_data.register_exporter`. Data that must outlive the
account (e.g. submitted offers, published answers) is not deleted with it: its app registers an anonymiser
(`gnist.personal_data.register_anonymiser`), which detaches the person from that data (clears the foreign key,
replaces names) before the user row is deleted. Everything else goes with the user through on_delete=CASCADE.
"""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.db import transaction

from gnist import personal_data
from gnist.pagecache import bump_content_version


def export_account(user) -> dict[str, Any]:
    """The account itself: identity, dates, e-mail addresses and whether two-factor authentication is on."""
    return {
        "email": user.email,
        "name": user.name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": is_mfa_enabled(user),
    }


def verified_emails(user) -> set[str]:
    """The person's own addresses (lower-cased): the account's and every verified one; unverified addresses
    may belong to someone else, so nothing is matched on them."""
    emails = set(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    return {email.strip().lower() for email in emails | {user.email} if email}


def can_delete_account(user) -> bool:
    """The last active superuser may not delete themselves: nobody would be left to run the site."""
    if not user.is_superuser:
        return True
    return get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()


def delete_account(user) -> None:
    """Delete a person's account.

    1. Run every registered anonymiser, so data that must be kept no longer points to the person.
    2. Delete the user; their e-mail addresses, authenticators and other owned rows cascade.
    """
    with transaction.atomic():
        personal_data.anonymise(user)
        user.delete()
        bump_content_version()  # e.g. their certificate's public verification page is gone
