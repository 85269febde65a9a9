"""The certificate PDF: WeasyPrint with its own print stylesheet, the Inter font and an inline QR code.

The URL fetcher serves only our own static files (found by the staticfiles finders); any other address,
including file: and data:, is refused, so a certificate can never make WeasyPrint fetch anything else.
"""

import io
import logging
import mimetypes
from urllib.parse import unquote, urlsplit

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from competence.models import Certificate

# WeasyPrint logs every rendering step and fontTools every subset at INFO: noise in the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

STATIC_PREFIX = "/" + settings.STATIC_URL.strip("/") + "/"
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("font/woff", ".woff")


class StaticOnlyFetcher(URLFetcher):
    """Fetch `<SITE_URL>/static/<path>` from the static files on disk; refuse everything else."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin != settings.SITE_URL or not parts.path.startswith(STATIC_PREFIX):
            raise ValueError(f"Only our own static files may be fetched, not {url}")
        relative = unquote(parts.path.removeprefix(STATIC_PREFIX))
        if ".." in relative.split("/"):
            raise ValueError(f"Refusing {url}")
        path = finders.find(relative)
        if not path:
            raise ValueError(f"No static file {relative}")
        with open(path, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def qr_svg(url: str) -> str:
    """The QR code for `url` as inline SVG markup (no file, no fetch)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def render_certificate_html(certificate: Certificate) -> str:
    return render_to_string(
        "competence/certificate_pdf.html",
        {
            "certificate": certificate,
            "verification_url": certificate.verification_url,
            "qr_svg": qr_svg(certificate.verification_url),
            "static_prefix": settings.SITE_URL + STATIC_PREFIX,
        },
    )


def render_certificate_pdf(certificate: Certificate) -> bytes:
    html = HTML(
        string=render_certificate_html(certificate),
        base_url=settings.SITE_URL + "/",
        url_fetcher=StaticOnlyFetcher(),
    )
    return html.write_pdf()
