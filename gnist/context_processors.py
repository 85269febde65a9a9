from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info
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
    path = request.get_full_path()
    menu = []
    for label, url_name, fragment in MAIN_MENU:
        url = reverse(url_name)
        menu.append(
            {"label": label, "url": url + fragment, "current": not fragment and request.path.startswith(url)}
        )
    return {
        "main_menu": menu,
        "language_links": [
            {"code": code, "name": get_language_info(code)["name_local"], "url": translate_url(path, code)}
            for code, _name in settings.LANGUAGES
        ],
    }
