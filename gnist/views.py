from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gnist.content import content_templates
from gnist.languages import active_language
from gnist.open_now import open_now
from gnist.pagecache import cached
from gnist.sections import HOME, sections_for


def home(request):
    """The programme's front page: what is open now and the sections the apps add (gnist.sections)."""
    now = timezone.now()
    if request.user.is_authenticated:
        notices = open_now(now, request.user)  # with the person's own actions
    else:
        # Every visitor who is not signed in sees the same notices and first steps: once per language.
        notices = cached(f"open-now:{active_language()}", lambda: open_now(now, request.user))
    context = {"open_now": notices, "sections": sections_for(HOME, request)}
    return render(request, "gnist/home.html", context)


def _content_page(request, name: str, title: str):
    """Render a long-form page: one shell around the body of `name` in the active language."""
    context = {
        "title": title,
        "body_templates": content_templates(name),
        "breadcrumbs": [{"label": title, "url": reverse(name)}],
    }
    return render(request, "gnist/statement.html", context)


def about(request):
    return _content_page(request, "about", _("About Gnist"))


def accessibility(request):
    return _content_page(request, "accessibility", _("Accessibility statement"))


def privacy(request):
    return _content_page(request, "privacy", _("Privacy statement"))
