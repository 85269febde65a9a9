"""Registry of the sections apps add to other apps' pages: the home page (`HOME`), the profile (`PROFILE`),
a round's page (`ROUND`), a municipality's page (`MUNICIPALITY`) and the course's challenge canvas (`CANVAS`:
the challenges app offers to start a draft from it, so the course never imports challenges).

Each app registers a template and, when it needs data, a context provider in `AppConfig.ready()`: for HOME
and PROFILE `context(request) -> dict`; for a page about one thing (ROUND, MUNICIPALITY)
`context(request, subject)`, where the subject is the round or the municipality the page shows. The page
includes its sections in registration order (the order of INSTALLED_APPS); a section's template reads its
data from `section` (`section.memberships`), so sections never clash. This is how a page shows what a later
app adds (the challenges of a round) without importing that app.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

HOME = "home"
PROFILE = "profile"
CANVAS = "canvas"
ROUND = "round"
MUNICIPALITY = "municipality"

ContextProvider = Callable[..., dict[str, Any]]
_sections: dict[str, list[tuple[str, ContextProvider | None]]] = defaultdict(list)


def register_section(page: str, template: str, context: ContextProvider | None = None) -> None:
    """Add `template` to `page`, with the data `context(request[, subject])` returns (call from
    AppConfig.ready)."""
    _sections[page].append((template, context))


def sections_for(page: str, request: HttpRequest, *subject: Any) -> list[dict[str, Any]]:
    """`page`'s sections as {"template": …, **data} for `{% include section.template %}`; `subject` is the
    round or municipality of a ROUND or MUNICIPALITY page."""
    return [
        {**(context(request, *subject) if context else {}), "template": template}
        for template, context in _sections[page]
    ]
