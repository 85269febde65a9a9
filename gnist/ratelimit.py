"""A small fixed-window rate limit on the cache, for actions that send e-mail to other people."""

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


def allow(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt at `key`; False once more than `limit` were made within `period` seconds."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=period):
        return True
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # The window expired between add and incr: this attempt opens a new one.
        cache.add(cache_key, 1, timeout=period)
        return True
