"""The site's own error pages (gnist/urls.py names them as Django's handlers, and settings the CSRF one).

Each renders in the language of the URL with the site's header, menu and footer, says what happened and what
the person can do next. None says why a page is missing: a 404 is how outsiders are kept from learning what
exists (style.md rule 11), so every 404 reads the same. None is cached (the page cache keeps only 200s).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


class ExplainedPermissionDenied(PermissionDenied):
    """A 403 whose message is written for the person (through gettext): the 403 page shows it. A plain
    PermissionDenied's message is for developers and stays off the page."""


def _came_from(request: HttpRequest) -> str:
    """The page of this site the person came from, if the browser said so (and it is not this one)."""
    referer = request.headers.get("referer", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return "" if referer == request.build_absolute_uri() else referer


def _render(request: HttpRequest, template: str, status: int, context: dict | None = None) -> HttpResponse:
    return render(request, template, {"came_from": _came_from(request), **(context or {})}, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The request itself may be what is wrong (a host not allowed): then the page without the layout's parts.
    return _safely(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    reason = str(exception) if isinstance(exception, ExplainedPermissionDenied) else ""
    return _render(request, "403.html", 403, {"reason": reason})


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, Resolver404):
        # No page has this address in any language: each language's link leads to its front page instead of
        # back here (translate_url leaves an address it cannot resolve as it is).
        return _render(request, "404.html", 404, {"language_links": _front_page_links()})
    return _render(request, "404.html", 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _safely(request, "500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token: an old page, or a browser that keeps no cookies."""
    return _render(request, "403_csrf.html", 403, {"no_cookie": reason == REASON_NO_CSRF_COOKIE})


def _safely(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """The page with the full layout if it can be had; else, when what failed is what the layout needs (the
    database, the session, the request), the same page without the person's links and the menu, rendered
    without the request: no context processor, no database (base.html shows only what needs neither)."""
    try:
        return _render(request, template, status)
    except Exception:
        logger.warning("The %s page could not be shown with the site's layout", status, exc_info=True)
        return HttpResponse(loader.render_to_string(template), status=status)


def _front_page_links() -> list[dict]:
    home = reverse("home")
    return [
        {"code": code, "name": get_language_info(code)["name_local"], "url": translate_url(home, code)}
        for code, _name in settings.LANGUAGES
    ]
