"""Gzip for the pages that hold no secret."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


class PublicPageGZipMiddleware(GZipMiddleware):
    """Gzip HTML sent to a visitor without a session, unless the page carries a CSRF token.

    BREACH reads a secret out of a compressed page by reflecting guesses beside it and watching the size.
    A page for someone with no session (no one signed in) that renders no token (it sets no CSRF cookie)
    holds nothing to read, so it is compressed; signed-in pages and forms are not (the proxy must not
    compress them either; see README.md). WhiteNoise compresses the static files at collectstatic.
    """

    def process_response(self, request, response):
        if (
            response.get("Content-Type", "").startswith("text/html")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and settings.CSRF_COOKIE_NAME not in response.cookies
        ):
            return super().process_response(request, response)
        return response
