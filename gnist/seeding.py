"""Registry of `seed_demo`'s steps: each app registers its steps in `AppConfig.ready()`.

A step is `step(ctx: SeedContext) -> None`, registered under a name with the names of the steps it builds on
(`after`); `seed_demo` runs them so that every step comes after those. Every step is idempotent: running it
twice changes nothing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from typing import Any

from django.conf import settings


@dataclass
class SeedContext:
    demo_accounts: bool = False
    # The demo users by key (e.g. "admin", "kommune"); empty when demo accounts were not allowed.
    users: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def log(self, message: str) -> None:
        self.messages.append(message)


SeedStep = Callable[[SeedContext], None]
_steps: dict[str, tuple[SeedStep, tuple[str, ...]]] = {}


def register_seed_step(name: str, step: SeedStep, *, after: tuple[str, ...] = ()) -> None:
    """Register `step` under `name`, to run after the steps named in `after` (call from AppConfig.ready)."""
    _steps[name] = (step, after)


def seed_steps() -> list[SeedStep]:
    """The registered steps, each after the ones it builds on; a step after an unknown one fails loudly."""
    graph = {name: after for name, (_step, after) in _steps.items()}
    unknown = {before for after in graph.values() for before in after} - graph.keys()
    if unknown:
        raise LookupError(f"Seed steps run after steps nobody registered: {sorted(unknown)}")
    return [_steps[name][0] for name in TopologicalSorter(graph).static_order()]


@contextmanager
def acting_as_programme() -> Iterator[None]:
    """The demo admin decides and publishes as the programme did. Its staff powers need two-factor
    authentication when DEBUG is off (`GNIST_REQUIRE_STAFF_MFA`), which guards sign-ins; a seed step signs
    nobody in, and the demo admin has no authenticator, so the requirement is lifted while the step acts as
    the programme, and only then."""
    required = settings.GNIST_REQUIRE_STAFF_MFA
    settings.GNIST_REQUIRE_STAFF_MFA = False
    try:
        yield
    finally:
        settings.GNIST_REQUIRE_STAFF_MFA = required
