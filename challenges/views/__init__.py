from django.urls import reverse
from django.utils.translation import gettext as _

from challenges.models import Challenge


def challenge_crumb(challenge: Challenge) -> dict:
    """The breadcrumb of the challenge itself, leading to its page: its title carries the challenge's
    language, which base.html marks where it is not the page's (WCAG 3.1.2). A draft without a title yet is
    named by the interface, in the page's language."""
    if not challenge.title:
        return {"label": _("New challenge"), "url": challenge.get_absolute_url()}
    return {"label": challenge.title, "url": challenge.get_absolute_url(), "lang": challenge.language}


def staff_crumbs(challenge: Challenge | None, label: str) -> list[dict]:
    """The trail of the pages where a team writes its challenge: "Your challenges", the challenge (when there
    is one yet) and the page."""
    return [
        {"label": _("Your challenges"), "url": reverse("challenges:mine")},
        *([challenge_crumb(challenge)] if challenge else []),
        {"label": label, "url": ""},
    ]
