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


def _option(name: str, option: dict) -> str:
    attrs = option["attrs"]
    # As Django's widgets write them: True is a bare attribute, False leaves it out; the pack sets the class.
    extra = "".join(
        f" {key}" if value is True else f' {key}="{_escape(value)}"'
        for key, value in attrs.items()
        if value is not False and key != "class"
    )
    return (
        f'<div class="ds-field"><input type="{_escape(option["type"])}" class="ds-input" name="{name}"'
        f' value="{_escape(option["value"])}"{extra}>'
        f'<label class="ds-label" for="{_escape(attrs.get("id", ""))}">{_escape(option["label"])}</label>'
        "</div>"
    )


@register.simple_tag
def choice_options(field, options) -> str:
    """The radio buttons or checkboxes of one group of `field|optgroups`, each a ds-field with its label.
    Built here, not by an include per option: the 357 municipalities of the application form took 100 ms."""
    name = _escape(field.html_name)
    return mark_safe("".join(_option(name, option) for option in options))


@register.filter
def any_checked(options) -> bool:
    """Whether one of a group's options is chosen (the group is then shown open)."""
    return any(option["attrs"].get("checked") for option in options)


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
