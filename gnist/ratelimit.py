"""A small fixed-window rate limit on the cache, for actions that send e-mail to other people."""

from django.core.cache import cache


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
