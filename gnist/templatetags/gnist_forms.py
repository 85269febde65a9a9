"""Tags of our Designsystemet crispy pack (templates/designsystemet/) that are cheaper in Python."""

import html

from crispy_forms.templatetags.crispy_forms_field import (
    is_checkbox,
    is_checkboxselectmultiple,
    is_radioselect,
)
from django import template
from django.conf import settings
from django.utils.functional import Promise
from django.utils.html import strip_spaces_between_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _escape(value) -> str:
    # django.utils.html.conditional_escape without its lazy-string wrapper, which cost more than the escaping.
    if isinstance(value, Promise):  # a lazy string may stand for a safe one (password validators' help)
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _option_parts(name: str, option: dict) -> tuple[str, str]:
    """One radio button or checkbox in a ds-field with its label, in two parts: the input's tag up to where
    ` checked` goes, and the rest. An option's HTML is the same chosen or not but for that attribute, which
    Django's widgets add last."""
    attrs = option["attrs"]
    # As Django's widgets write them: True is a bare attribute, False leaves it out; the pack sets the class.
    extra = "".join(
        f" {key}" if value is True else f' {key}="{_escape(value)}"'
        for key, value in attrs.items()
        if value is not False and key not in ("class", "checked")
    )
    return (
        f'<div class="ds-field"><input type="{_escape(option["type"])}" class="ds-input" name="{name}"'
        f' value="{_escape(option["value"])}"{extra}',
        f'><label class="ds-label" for="{_escape(attrs.get("id", ""))}">'
        f"{_escape(option['label'])}</label></div>",
    )


def _frozen(choices) -> tuple:
    """Choices (grouped or not) as a key: values and labels, lazy labels in the active language."""
    return tuple(
        (value, _frozen(label) if isinstance(label, (list, tuple)) else str(label))
        for value, label in choices
    )


# Each radio or checkbox field's options without the choice, by field, attributes and choices: the HTML of
# the 357 municipalities on the application form took ~1.5 ms a request to build and ~0.1 ms to reuse.
_OPTION_PARTS: dict[tuple, list] = {}
_OPTION_PARTS_LIMIT = 200


@register.simple_tag
def choice_groups(field) -> list[tuple]:
    """The radio buttons or checkboxes of `field` as (group label or None, the options' HTML, whether one of
    them is chosen), in the order and with the ids, attributes and values of crispy's `optgroups` filter and
    Django's widgets. Built from the options' parts kept per process (`_OPTION_PARTS`); the choice is added
    per request."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    key = (
        type(widget),
        field.html_name,
        tuple(sorted((name, str(value)) for name, value in {**widget.attrs, **attrs}.items())),
        getattr(field.field.choices, "key", None) or _frozen(field.field.choices),
    )
    groups = _OPTION_PARTS.get(key)
    if groups is None:
        name = _escape(field.html_name)
        groups = [
            (group, [(str(option["value"]), *_option_parts(name, option)) for option in options])
            for group, options, _index in widget.optgroups(field.html_name, [], attrs)
        ]
        if len(_OPTION_PARTS) >= _OPTION_PARTS_LIMIT:
            _OPTION_PARTS.clear()
        _OPTION_PARTS[key] = groups
    chosen = set(widget.format_value(field.value()))
    rendered = []
    for group, options in groups:
        html = [f"{start} checked{end}" if value in chosen else start + end for value, start, end in options]
        rendered.append((group, mark_safe("".join(html)), any(value in chosen for value, _s, _e in options)))
    return rendered


def _widget(field) -> str:
    """`{% crispy_field field %}` without attributes: each widget gets its CSS class converted as crispy does
    (CRISPY_CLASS_CONVERTERS), then the bound field renders through Django's widget templates."""
    widget = field.field.widget
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    for each in getattr(widget, "widgets", [getattr(widget, "widget", widget)]):
        class_name = each.__class__.__name__.lower()
        class_name = converters.get(class_name, class_name)
        css_class = each.attrs.get("class", "")
        if not css_class:
            css_class = class_name
        elif class_name not in css_class:
            css_class += f" {class_name}"
        each.attrs["class"] = css_class
    return str(field)


def _required_tag() -> str:
    return f'<span class="ds-tag" data-color="warning" data-size="sm">{_escape(gettext("Required"))}</span>\n'


def _help_text(field_id: str, help_text) -> str:
    tag = "div" if "<ul" in help_text or "<p" in help_text else "p"  # sanitised Markdown has block elements
    return f'<{tag} data-field="description" id="{field_id}_helptext">{_escape(help_text)}</{tag}>'


def _field_errors(field_id: str, errors) -> str:
    if not errors:
        return ""
    messages = "<br>".join(_escape(error) for error in errors)
    return (
        f'<div class="ds-validation-message" data-field="validation" id="{field_id}_error">{messages}</div>'
    )


@register.simple_tag(takes_context=True)
def field_shell(
    context, *, field_id, label, help_text, errors, required, choice, widget="", field=None, show_label=None
) -> str:
    """One Designsystemet field: label, description, input, validation message. Used by the crispy pack
    (field.html passes a bound `field`) and allauth's field element (it passes the input's HTML as `widget`).
    The ids `<field_id>_helptext` and `<field_id>_error` are the ones Django puts in aria-describedby.
    Built here, not as a template with three includes: a form of 20 fields spent a third of its time there.
    It writes the same bytes as the template it replaced, line breaks too (callers may not be spaceless).
    """
    field_id = _escape(field_id)
    wrapper_class = context.get("wrapper_class")
    control = _escape(widget) if widget else _widget(field)
    parts = ["\n", f'<div class="ds-field{f" {_escape(wrapper_class)}" if wrapper_class else ""}">\n  ']
    parts.append(control if choice else "")
    parts.append("\n  ")
    if label:
        sr_only = " ds-sr-only" if show_label is False else ""
        tag = f" {_required_tag()}" if required else ""
        parts.append(f'<label class="ds-label{sr_only}" for="{field_id}">{_escape(label)}{tag}</label>')
    parts.append("\n  ")
    if help_text:
        parts.append(_help_text(field_id, help_text) + "\n")
    parts.append("\n  ")
    parts.append("" if choice else control)
    parts.append("\n  ")
    parts.append(_field_errors(field_id, errors) + "\n")
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def ds_field(context, field) -> str:
    """One field of the pack (designsystemet/field.html, and each field of a form): hidden as is, choices and
    fieldset widgets through their templates, every other field in the shell. Built here, not as a template
    included per field: the form pack's loop spent its time in the include and `{% spaceless %}`. Ends with
    the line break the template had."""
    if field.is_hidden:
        html = str(field)
    elif is_radioselect(field) or is_checkboxselectmultiple(field):
        html = context.template.engine.get_template(
            "designsystemet/layout/radio_checkbox_select.html"
        ).render(context)
    elif field.use_fieldset:
        html = context.template.engine.get_template("designsystemet/layout/fieldset_widget.html").render(
            context
        )
    else:
        html = field_shell(
            context,
            field=field,
            field_id=field.auto_id,
            label=field.label,
            help_text=field.help_text,
            errors=field.errors,
            required=field.field.required,
            choice=is_checkbox(field),
            show_label=context.get("form_show_labels", ""),
        )
    return mark_safe(strip_spaces_between_tags(html.strip()) + "\n")
