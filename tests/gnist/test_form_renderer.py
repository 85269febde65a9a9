"""The form renderer writes the plain inputs, textareas and selects in Python, byte for byte as Django's
templates."""

import itertools

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from gnist.form_renderer import FormRenderer

WIDGETS = [
    forms.TextInput,
    forms.EmailInput,
    forms.NumberInput,
    forms.HiddenInput,
    forms.URLInput,
    forms.Textarea,
    lambda attrs: forms.PasswordInput(attrs, render_value=True),
]
VALUES = [
    None,
    "",
    "plain",
    "a<b>&\"'",
    mark_safe("<i>safe</i>"),
    0,
    12,
    3.5,
    "  \n",
    "\nfirst line",
    ("t", 1),
]
ATTRS = [
    {},
    {"class": "ds-input", "rows": 5, "required": True, "disabled": False, "placeholder": 'say "<hi>"'},
    {"maxlength": 200, "data-x": mark_safe("&amp;"), "title": gettext_lazy("Required"), "y": None},
]


def test_form_renderer_writes_the_plain_widgets_itself():
    renderer = FormRenderer()

    assert sorted(renderer.builders) == [
        f"django/forms/widgets/{name}.html"
        for name in ["email", "hidden", "number", "password", "select", "text", "textarea", "url"]
    ]


@pytest.mark.parametrize("widget_class", WIDGETS)
def test_form_renderer_writes_what_djangos_templates_write(widget_class):
    templates, python = DjangoTemplates(), FormRenderer()
    for value, attrs, name in itertools.product(VALUES, ATTRS, ["field", "a<b"]):
        widget = widget_class(dict(attrs))

        expected = widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=templates)

        assert widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=python) == expected


CHOICES = [
    [],
    [("a", "<A>")],
    [
        ("", "---------"),
        (1, "Én"),
        (2, 2000),
        ("x&y", mark_safe("<b>safe</b>")),
        (None, gettext_lazy("Required")),
    ],
    [("", "Any"), ("Group <1>", [("a", "A"), ("b", "B")]), (gettext_lazy("Needed"), [(3, "C")]), ("d", "D")],
]


@pytest.mark.parametrize("widget_class", [forms.Select, forms.SelectMultiple, forms.NullBooleanSelect])
def test_form_renderer_writes_selects_as_djangos_templates_do(widget_class):
    templates, python = DjangoTemplates(), FormRenderer()
    values = [None, "", "a", 1, "1", "x&y", True, False, "unknown"]
    if widget_class is forms.SelectMultiple:
        values += [["a", 3], ["b", "d"]]
    for choices, value, attrs in itertools.product(CHOICES, values, ATTRS):
        widget = widget_class(dict(attrs))
        if widget_class is not forms.NullBooleanSelect:
            widget.choices = choices

        expected = widget.render("field", value, attrs={"id": "id_field"}, renderer=templates)

        assert widget.render("field", value, attrs={"id": "id_field"}, renderer=python) == expected


class _OwnOption(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


def test_form_renderer_leaves_a_select_whose_options_have_their_own_template_to_the_templates():
    widget = _OwnOption(choices=[("a", "<A>")])

    assert widget.render("kind", "a", renderer=FormRenderer()) == widget.render(
        "kind", "a", renderer=DjangoTemplates()
    )


def test_form_renderer_leaves_other_widgets_to_their_templates():
    widget = forms.CheckboxSelectMultiple(choices=[("a", "<A>")])

    assert widget.render("kind", ["a"], renderer=FormRenderer()) == widget.render(
        "kind", ["a"], renderer=DjangoTemplates()
    )
