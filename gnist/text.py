"""Plain-text helpers for what people type."""

import re

# A web or mail link in any form a mail client turns into one: with a scheme, starting with www., an e-mail
# address, or a bare domain with a top-level domain of letters (`example.com/path`).
URL_PATTERN = re.compile(
    r"""(?:\b(?:https?|ftp|mailto|javascript|data|file|tel|sms):|//)\S*
    | \bwww\.\S*
    | (?:[\w.+-]+@)?\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b(?:[/?#:]\S*)?""",
    re.IGNORECASE | re.VERBOSE,
)


def strip_urls(text: str) -> str:
    """`text` without links, for free text a person typed (a name) that an e-mail shows to someone else: the
    portal's e-mails must not carry a stranger's link. "Ola www.spam.no Nordmann" → "Ola Nordmann"."""
    return " ".join(URL_PATTERN.sub(" ", str(text)).split())
