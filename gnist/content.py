"""Long-form pages (About, accessibility, privacy) whose body is written per language in its own template."""

from django.conf import settings

from gnist.languages import active_language


def content_templates(name: str) -> list[str]:
    """Template names for `name` in the active language, falling back to the default language (bokmål).

    Prose this long is written in full per language rather than cut into gettext strings; `{% include %}`
    renders the first template of the list that exists.
    """
    language = active_language()
    names = [f"gnist/content/{name}.{language}.html"]
    if language != settings.LANGUAGE_CODE:
        names.append(f"gnist/content/{name}.{settings.LANGUAGE_CODE}.html")
    return names
