"""The form renderer writes the plain inputs and textareas in Python, byte for byte as Django's templates."""

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
        for name in ["email", "hidden", "number", "password", "text", "textarea", "url"]
    ]


@pytest.mark.parametrize("widget_class", WIDGETS)
def test_form_renderer_writes_what_djangos_templates_write(widget_class):
    templates, python = DjangoTemplates(), FormRenderer()
    for value, attrs, name in itertools.product(VALUES, ATTRS, ["field", "a<b"]):
        widget = widget_class(dict(attrs))

        expected = widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=templates)

        assert widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=python) == expected


def test_form_renderer_leaves_other_widgets_to_their_templates():
    widget = forms.Select(choices=[("a", "<A>")])

    assert widget.render("kind", "a", renderer=FormRenderer()) == widget.render(
        "kind", "a", renderer=DjangoTemplates()
    )
