"""The demo accounts step of `seed_demo`: one sign-in per role with a known password."""

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User

DEMO_PASSWORD = "gnist-demo"

# key: (e-mail, name, is_staff and is_superuser)
DEMO_ACCOUNTS = {
    "admin": ("admin@gnist.test", "Programadministrator Demo", True),
    "kommune": ("kommune@gnist.test", "Kommuneansatt Demo", False),
    "leverandor": ("leverandor@gnist.test", "Leverandør Demo", False),
    "jury": ("jury@gnist.test", "Jurymedlem Demo", False),
    "deltaker": ("deltaker@gnist.test", "Kursdeltaker Demo", False),
}


@transaction.atomic
def seed_demo_accounts(ctx) -> None:
    """One sign-in per role with a known password: only for development and demos."""
    if not ctx.demo_accounts:
        ctx.log(
            "Demo accounts skipped: they have a published password, so they are only created when DEBUG "
            "is on or with --allow-demo-accounts."
        )
        return
    for key, (email, name, is_admin) in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": name, "is_staff": is_admin, "is_superuser": is_admin}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        ctx.users[key] = user
    ctx.log(f"Demo accounts ready ({len(DEMO_ACCOUNTS)}), password “{DEMO_PASSWORD}”.")
