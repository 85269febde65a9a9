import functools

from django.conf import settings
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

# The programme's parts, in the order the programme presents them. Parts whose own pages are not built yet
# point to their description on the About page.
MAIN_MENU = [
    (_("Competence"), "competence:course", ""),
    (_("Challenges"), "challenges:catalogue", ""),
    (_("Solutions"), "about", "#losninger"),
    (_("Municipalities and rounds"), "municipalities:round_list", ""),
    (_("Reports"), "about", "#rapporter"),
]


def site(request):
    """The main menu and language links that keep the current page."""
    language, prefix = get_language(), get_script_prefix()
    return {
        "main_menu": [
            {"label": label, "url": url + fragment, "current": not fragment and request.path.startswith(url)}
            for label, url, fragment in _menu(language, prefix)
        ],
        "language_links": _language_links(request.get_full_path(), language, prefix),
    }


def _language_links(full_path: str, language: str, script_prefix: str) -> list[dict]:
    # translate_url keeps the query string as it is: only the path is translated (and remembered, if short).
    path, mark, query = full_path.partition("?")
    links = _translated(path, language, script_prefix) if len(path) <= 200 else _translate(path)
    return [{**link, "url": link["url"] + mark + query} for link in links] if mark else links


# Every page asks for these; the URLs depend only on the language and the script prefix (and for the language
# links the path), so they are worked out once each rather than resolved and reversed on every request.
@functools.lru_cache(maxsize=16)
def _menu(language: str, script_prefix: str) -> list[tuple]:
    return [(label, reverse(url_name), fragment) for label, url_name, fragment in MAIN_MENU]


@functools.lru_cache(maxsize=512)
def _translated(path: str, language: str, script_prefix: str) -> list[dict]:
    return _translate(path)


def _translate(path: str) -> list[dict]:
    return [
        {"code": code, "name": get_language_info(code)["name_local"], "url": translate_url(path, code)}
        for code, _name in settings.LANGUAGES
    ]
