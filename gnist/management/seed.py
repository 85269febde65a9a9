"""The pieces `seed_demo` is made of: a context handed to every step, and the demo accounts step.

Each app adds its demo content as a function `seed_<something>(ctx: SeedContext)` and appends its dotted path
to `SEED_STEPS`, after the steps it builds on. Every step is idempotent: running it twice changes nothing.
"""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User

SEED_STEPS = [
    "municipalities.demo.seed_reference_data",
    "gnist.management.seed.seed_demo_accounts",
    "municipalities.demo.seed_demo_memberships",
    "municipalities.demo.seed_demo_round",
    "municipalities.demo.seed_scale",
    "competence.demo.seed_course",
]

DEMO_PASSWORD = "gnist-demo"

# key: (e-mail, name, is_staff and is_superuser)
DEMO_ACCOUNTS = {
    "admin": ("admin@gnist.test", "Programadministrator Demo", True),
    "kommune": ("kommune@gnist.test", "Kommuneansatt Demo", False),
    "leverandor": ("leverandor@gnist.test", "Leverandør Demo", False),
    "jury": ("jury@gnist.test", "Jurymedlem Demo", False),
    "deltaker": ("deltaker@gnist.test", "Kursdeltaker Demo", False),
}


@dataclass
class SeedContext:
    scale: int = 0
    demo_accounts: bool = False
    # The demo users by key (see DEMO_ACCOUNTS); empty when demo accounts were not allowed.
    users: dict[str, User] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def log(self, message: str) -> None:
        self.messages.append(message)


@transaction.atomic
def seed_demo_accounts(ctx: SeedContext) -> None:
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
