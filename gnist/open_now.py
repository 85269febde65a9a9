"""Registry of the home page's "open now": each app tells what of its own runs now or starts next.

Apps register a provider `provider(now) -> list[Notice]` in `AppConfig.ready()`; the home page shows every
open notice, soonest deadline first, or when nothing is open, the one notice that starts soonest.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    text: str  # one sentence, e.g. "The application deadline for round 5 is 31 March at 12:00."
    url: str
    link_text: str
    is_open: bool  # running now; otherwise it starts later
    moment: datetime.datetime  # when it closes (open) or starts (not open yet)


Provider = Callable[[datetime.datetime], list[Notice]]
_providers: list[Provider] = []


def register_open_now(provider: Provider) -> None:
    """Register `provider(now) -> list[Notice]` (call from AppConfig.ready)."""
    _providers.append(provider)


def open_now(now: datetime.datetime) -> list[Notice]:
    """Every notice open at `now`, soonest deadline first; when none is, the one that starts soonest."""
    notices = [notice for provider in _providers for notice in provider(now)]
    running = [notice for notice in notices if notice.is_open]
    if running:
        return sorted(running, key=lambda notice: notice.moment)
    return sorted(notices, key=lambda notice: notice.moment)[:1]
