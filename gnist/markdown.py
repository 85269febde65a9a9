"""Markdown from people and programme admins, rendered to HTML and sanitised to a small, safe subset.

nh3 (ammonia) keeps only the tags and attributes below, drops `javascript:` and other schemes, adds
rel="noopener" to links, and images are kept only when they come from our own static or media files — or, when
the caller passes `images`, only when their address is one of those (a challenge allows only its own uploads).
"""

import functools
import posixpath
import re
from collections.abc import Collection
from functools import partial
from urllib.parse import unquote, urlsplit

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup", "sub",
    "dl", "dt", "dd", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"scope"},
    "ol": {"start"},
}
EXTENSIONS = ["tables", "sane_lists", "def_list", "abbr"]
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _own_prefixes() -> tuple[str, ...]:
    return tuple("/" + url.strip("/") + "/" for url in (settings.STATIC_URL, settings.MEDIA_URL))


def _is_own_file(url: str) -> bool:
    """A path on this host under our static or media URL once decoded and normalised, as a browser would:
    `/static/%2e%2e/x` is `/x`. Backslashes (read as `/` by browsers) and double encoding are refused."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return False
    path = unquote(parts.path)
    if "\\" in path or "%" in path:
        return False
    return posixpath.normpath(path).startswith(_own_prefixes())


def _filter_attribute(
    element: str, attribute: str, value: str, *, images: Collection[str] | None = None
) -> str | None:
    if element == "img" and attribute == "src":
        allowed = _is_own_file(value) if images is None else value in images
        return value if allowed else None
    return value


def render_markdown(text: str, *, images: Collection[str] | None = None) -> SafeString:
    """Markdown → sanitised HTML. Headings start at h2: the page's own title is the only h1.

    `images`: the exact image addresses allowed (anything else is dropped); None allows our own static and
    media files."""
    if images is None:
        return _render_remembered(text or "", _own_prefixes())
    return _render_remembered_with(text or "", frozenset(images))


# The same texts (criteria, lessons, rounds, a challenge's sections) are rendered on every request; a Markdown
# parser costs ~1 ms. The result depends only on the text and what images are allowed.
@functools.lru_cache(maxsize=512)
def _render_remembered(text: str, own_prefixes: tuple[str, ...]) -> SafeString:
    return _render(text, None)


@functools.lru_cache(maxsize=512)
def _render_remembered_with(text: str, images: frozenset[str]) -> SafeString:
    return _render(text, images)


def _render(text: str, images: Collection[str] | None) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
        attribute_filter=partial(_filter_attribute, images=images),
    )
    return mark_safe(_IMG_WITHOUT_SRC.sub("", clean))
