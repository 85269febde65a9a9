"""Registry of the sections apps add to pages they do not own: the home page (`HOME`), the profile (`PROFILE`)
and the course's challenge canvas (`CANVAS`: the challenges app offers to start a draft from it, so the course
never imports challenges).

Each app registers a template and, when it needs data, a context provider `context(request) -> dict` in
`AppConfig.ready()`. The page includes its sections in registration order (the order of INSTALLED_APPS); a
section's template reads its data from `section` (`section.memberships`), so sections never clash.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

HOME = "home"
PROFILE = "profile"
CANVAS = "canvas"

ContextProvider = Callable[[HttpRequest], dict[str, Any]]
_sections: dict[str, list[tuple[str, ContextProvider | None]]] = defaultdict(list)


def register_section(page: str, template: str, context: ContextProvider | None = None) -> None:
    """Add `template` to `page`, with the data `context(request)` returns (call from AppConfig.ready)."""
    _sections[page].append((template, context))


def sections_for(page: str, request: HttpRequest) -> list[dict[str, Any]]:
    """`page`'s sections as {"template": …, **data} for `{% include section.template %}`."""
    return [
        {**(context(request) if context else {}), "template": template}
        for template, context in _sections[page]
    ]
