"""Messages that lead on to the part of the page they concern."""

from django.utils.html import format_html
from django.utils.safestring import SafeString


def with_link(text: str, url: str, label: str) -> SafeString:
    """`text` and a link to `url` after it. A page opens at its messages (base.html), so an action about a
    section lower down redirects to the page itself and its message links on to the section: a redirect to
    the section's #fragment would scroll past the message on a phone. The message storage keeps it safe."""
    return format_html('{} <a class="ds-link" href="{}">{}</a>', text, url, label)
