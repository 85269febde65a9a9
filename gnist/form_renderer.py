"""The form renderer (settings.FORM_RENDERER): Django's, with its plain input, textarea and select widgets
written in Python. Through their templates (an include and a loop of filters each) a widget cost about half a
millisecond, a third of the application form's time, and a select one include per option (the challenge
catalogue's filters, with every municipality, took 5 ms); the text here is the templates' to the byte.

A widget whose template the project or an app overrides is rendered by the template as before.
"""

import html
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

_DJANGO_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"


def _stringformat(value) -> str:
    # `{{ value|stringformat:'s' }}`: the filter keeps a safe value safe; anything else is escaped.
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html: True is a bare attribute, False leaves it out.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_stringformat(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_stringformat(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _text(value) -> str:
    # `{{ value }}` in a template: localised, then escaped unless safe.
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


_OPTION = "django/forms/widgets/select_option.html"


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html with its options; None when an option has a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            parts.append(
                f'\n  <option value="{_stringformat(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = ["text", "email", "number", "hidden", "password", "url"]
_BUILDERS = {f"django/forms/widgets/{name}.html": _input for name in _INPUTS} | {
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}
# The templates the builders stand for: all must be Django's own for a builder to be used.
_SOURCES = [*_BUILDERS, _OPTION, "django/forms/widgets/input.html", "django/forms/widgets/attrs.html"]


class FormRenderer(DjangoTemplates):
    def __init__(self):
        super().__init__()
        overridden = {name for name in _SOURCES if not self._is_djangos(name)}
        if {"django/forms/widgets/input.html", "django/forms/widgets/attrs.html"} & overridden:
            self.builders = {}
        else:
            self.builders = {name: build for name, build in _BUILDERS.items() if name not in overridden}
            if _OPTION in overridden:
                self.builders.pop("django/forms/widgets/select.html", None)

    def _is_djangos(self, template_name: str) -> bool:
        origin = Path(self.get_template(template_name).origin.name).resolve()
        return origin.is_relative_to(_DJANGO_TEMPLATES)

    def render(self, template_name, context, request=None):
        build = self.builders.get(template_name)
        html = build(context["widget"]) if build is not None else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html
