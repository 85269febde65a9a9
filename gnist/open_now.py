"""Registry of the home page's "open now": each app tells what of its own runs now or starts next.

Apps register a provider `provider(now, user) -> list[Notice]` in `AppConfig.ready()`; the home page shows
every open notice, soonest deadline first, or when nothing is open, the one notice that starts soonest. A
notice carries what the person looking may do now (or must do first), rendered by `gnist/_actions.html`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Action:
    """One thing a person can do now, shown where they look: a link, a POST button, or only a sentence."""

    label: str = ""  # the link or button text; empty for a status sentence alone
    url: str = ""
    text: str = ""  # a sentence before the link: a status, or why this step comes first
    post: bool = False  # a button that POSTs to `url` (e.g. asking to join a team)
    primary: bool = True  # the action itself; False for a first step (sign in, join a team)


@dataclass(frozen=True)
class Notice:
    text: str  # one sentence, e.g. "The application deadline for round 5 is 31 March at 12:00."
    url: str
    link_text: str
    is_open: bool  # running now; otherwise it starts later
    moment: datetime.datetime  # when it closes (open) or starts (not open yet)
    actions: tuple[Action, ...] = ()  # what the person looking can do about it now


Provider = Callable[[datetime.datetime, Any], list[Notice]]
_providers: list[Provider] = []


def register_open_now(provider: Provider) -> None:
    """Register `provider(now, user) -> list[Notice]` (call from AppConfig.ready)."""
    _providers.append(provider)


def open_now(now: datetime.datetime, user) -> list[Notice]:
    """Every notice open at `now` with `user`'s actions, soonest deadline first; when none is, the one that
    starts soonest."""
    notices = [notice for provider in _providers for notice in provider(now, user)]
    running = [notice for notice in notices if notice.is_open]
    if running:
        return sorted(running, key=lambda notice: notice.moment)
    return sorted(notices, key=lambda notice: notice.moment)[:1]
