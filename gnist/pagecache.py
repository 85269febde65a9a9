"""The content cache: anonymous pages, and what every page computes, kept until public content changes.

One content version lives in the cache. Every cached value is stored with the version it was computed under,
and is used only while that version is current: services, the admin and the loading commands call
`bump_content_version()` after a write that changes what a public page shows, and everything cached goes stale
at once. Phases open and close by the clock, so nothing is kept past the next such moment either (apps tell it
through `register_next_change`), nor past `GNIST_CONTENT_CACHE_SECONDS`.

The page cache is two middleware, like Django's per-site cache, but ours instead of it because Django's keys
on the request headers a response varies on (Cookie too, so every visitor holding a CSRF cookie gets an entry
of their own), would cache a signed-in person's page unless it says "private", and forgets only by timeout.
Ours keys on the URL and the language, caches only for a visitor who is not signed in and has no message
waiting, and stores only a plain 200 that sets no cookie, used no CSRF token and showed no message.
"""

import datetime
import functools
import hashlib
import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import split_header_value

VERSION_KEY = "gnist:content-version"
# Headers a cached page may vary on: the key covers the language, and only visitors who are not signed in
# share an entry. A response that varies on anything else is not stored.
_SAFE_VARY = {"cookie", "accept-language"}

NextChange = Callable[[datetime.datetime], datetime.datetime | None]
_next_change_providers: list[NextChange] = []


def register_next_change(provider: NextChange) -> None:
    """Register `provider(now)`: the next moment a public page changes by itself (from AppConfig.ready)."""
    _next_change_providers.append(provider)


def _enabled() -> bool:
    return settings.GNIST_CONTENT_CACHE_SECONDS > 0


def content_version() -> int:
    """The current content version; a new one (never used before) when the cache has lost it."""
    version = cache.get(VERSION_KEY)
    return version if version is not None else _start_version()


def _start_version() -> int:
    # A clock value, not 1: entries left from before the version key was evicted can never match it.
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    return cache.get(VERSION_KEY)


def bump_content_version() -> None:
    """Make everything cached stale, once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set: any fresh version does
        _start_version()


def _next_change(version: int) -> datetime.datetime | None:
    """The soonest moment a provider names, computed once per content version and until that moment."""
    now = timezone.now()
    key = "gnist:content:next-change"
    entry = cache.get(key)
    if entry is None or entry[0] != version or (entry[1] is not None and entry[1] <= now):
        moments = [moment for provider in _next_change_providers if (moment := provider(now)) is not None]
        entry = (version, min(moments, default=None))
        cache.set(key, entry, settings.GNIST_CONTENT_CACHE_SECONDS)
    return entry[1]


def _store(key: str, version: int, value: Any, *, by_clock: bool = True) -> tuple:
    """Keep `value` until the next change by the clock (unless `by_clock` is off), at most the setting; the
    entry names that moment too, so the site's own clock (`timezone.now`) decides, not only the cache's."""
    now = timezone.now()
    until = now + datetime.timedelta(seconds=settings.GNIST_CONTENT_CACHE_SECONDS)
    change = _next_change(version) if by_clock else None
    if change is not None and change < until:
        until = change
    entry = (version, until, value)
    cache.set(key, entry, max(1, math.ceil((until - now).total_seconds())))
    return entry


def _current(entry, version: int) -> bool:
    return entry is not None and entry[0] == version and timezone.now() < entry[1]


# What `cached` read or computed is kept in this process too, as the same (version, until, value) entry: while
# the shared cache's version is the entry's, a page asks the shared cache for the version only (one small GET)
# and unpickles nothing. The values are shared by the requests this process serves, so they are read, never
# changed (model instances, lists, choices). Cleared when full: there are a few dozen names.
_local: dict[str, tuple] = {}
_LOCAL_LIMIT = 256


def cached(name: str, compute: Callable[[], Any], *, by_clock: bool = True) -> Any:
    """`compute()`, kept under the content version (`name` names the language if the value depends on it).
    `by_clock=False` for a value no phase opening or closing changes (reference data): it is then kept
    without asking when the next phase changes, a query on an empty cache."""
    if not _enabled():
        return compute()
    key = f"gnist:content:{name}"
    local = _local.get(key)
    if local is not None:
        version = content_version()
        if _current(local, version):
            return local[2]
        entry = cache.get(key)  # perhaps another process has computed it for this version
    else:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or _start_version()
        entry = found.get(key)
    if not _current(entry, version):
        entry = _store(key, version, compute(), by_clock=by_clock)
    if len(_local) >= _LOCAL_LIMIT:
        _local.clear()
    _local[key] = entry
    return entry[2]


def bump_after_admin_writes(admin_view):
    """Wrap `AdminSite.admin_view` so that every admin write (a POST answered by a redirect: a save, a delete,
    an action) bumps the content version: the admin edits what the public pages show."""

    def wrap(view, cacheable=False):
        @functools.wraps(view)
        def bumping_view(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.method == "POST" and response.status_code in (301, 302, 303):
                bump_content_version()
            return response

        return admin_view(bumping_view, cacheable)

    return wrap


# --- the page cache -----------------------------------------------------------------------------------------


def _page_key(request: HttpRequest) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{url}\n{request.LANGUAGE_CODE}".encode()).hexdigest()
    return f"gnist:page:{digest}"


def _shareable_request(request: HttpRequest) -> bool:
    """A GET or HEAD by a visitor who is not signed in and has no message waiting to be shown."""
    messages = getattr(request, "_messages", None)
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not (messages is not None and len(messages))
    )


def _shareable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain 200 the same for every visitor: no cookie set, no CSRF token or message used, no odd Vary."""
    messages = getattr(request, "_messages", None)
    cache_control = response.get("Cache-Control", "").lower()
    vary = {header.lower() for header in split_header_value(response.get("Vary", ""))}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not (messages is not None and (messages.used or len(messages)))
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and vary <= _SAFE_VARY
    )


class FetchPageMiddleware:
    """Last in MIDDLEWARE: answers a shareable request from the cache when its page is there and current."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _enabled() and _shareable_request(request):
            key = _page_key(request)
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or _start_version()
            entry = found.get(key)
            if _current(entry, version):
                status, headers, content = entry[2]
                response = HttpResponse(content, status=status)
                for header, value in headers:
                    response[header] = value
                return response
            request._page_cache = (key, version)
        return self.get_response(request)


class StorePageMiddleware:
    """Before the session middleware: stores the finished response of a shareable request, if shareable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        pending = getattr(request, "_page_cache", None)
        if pending and request.method == "GET" and _shareable_response(request, response):
            key, version = pending
            _store(key, version, (response.status_code, list(response.items()), response.content))
        return response
