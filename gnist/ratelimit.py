"""A small fixed-window rate limit on the cache, for actions that send e-mail to other people."""

import contextlib

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address for per-address limits: allauth's rule, so its sign-in limits and ours agree.

    Behind `ALLAUTH_TRUSTED_PROXY_COUNT` = n proxies it is the n-th X-Forwarded-For entry from the right (the
    address our outermost proxy saw); entries further left are the client's own writing and ignored. Without
    proxies it is REMOTE_ADDR. Never read REMOTE_ADDR directly.
    """
    return get_adapter(request).get_client_ip(request)


DAY = 24 * 60 * 60  # seconds


def allow(key: str, *, limit: int, period: int, cost: int = 1) -> bool:
    """Count `cost` attempts at `key`; False, counting nothing, when they would pass `limit` within `period`
    seconds (a refused attempt sends nothing, so it does not use up what is left)."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, cost, timeout=period):
        count = cost
    else:
        try:
            count = cache.incr(cache_key, cost)
        except ValueError:  # The window expired between add and incr: this attempt opens a new one.
            cache.add(cache_key, cost, timeout=period)
            count = cost
    if count <= limit:
        return True
    with contextlib.suppress(ValueError):  # The window expired meanwhile: nothing left to give back.
        cache.decr(cache_key, cost)
    return False


def allow_daily(action: str, actor, *, limit: int, cost: int = 1) -> bool:
    """The daily cap on e-mails a person makes the portal send to others (`action`: what kind, e.g.
    "team-invite"): `cost` more are allowed while `limit` is not passed within 24 hours."""
    return allow(f"{action}:{actor.pk}", limit=limit, period=DAY, cost=cost)
