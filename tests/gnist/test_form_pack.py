"""Our Designsystemet crispy-forms pack: field markup, ids matching aria-describedby, error summary."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.template import Context, RequestContext, Template
from django.utils import translation


class SampleForm(forms.Form):
    title = forms.CharField(label="Title", help_text="Phrase it as a question.")
    email = forms.EmailField(label="E-mail")
    nickname = forms.CharField(label="Nickname", required=False)
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "Alpha"), ("b", "Beta")], widget=forms.RadioSelect, help_text="Pick one."
    )
    themes = forms.MultipleChoiceField(
        label="Themes", choices=[("x", "X-ray"), ("y", "Yankee")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree")

    def clean(self):
        super().clean()
        raise forms.ValidationError("Something is wrong with the form as a whole.")


def render(form, template="{% load crispy_forms_tags %}{{ form|crispy }}"):
    with translation.override("en"):
        return Template(template).render(Context({"form": form}))


def tag(html, element_id):
    """The opening tag of the element with id `element_id`."""
    match = re.search(rf'<[a-z-]+[^>]*\sid="{element_id}"[^>]*>', html)
    assert match, f"no element with id {element_id}"
    return match.group(0)


def test_help_text_is_escaped_unless_marked_safe():
    # Help texts can come from admins (criteria, course canvases): only sanitised, marked-safe HTML passes.
    form = SampleForm()
    form.fields["title"].help_text = "Use <b>bold</b> & <script>x</script>"

    assert (
        '<p data-field="description" id="id_title_helptext">'
        "Use &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>"
    ) in render(form)


def test_valid_field_markup_has_label_description_and_no_error():
    html = render(SampleForm())
    assert '<label class="ds-label" for="id_title">Title' in html
    assert '<p data-field="description" id="id_title_helptext">Phrase it as a question.</p>' in html
    title = tag(html, "id_title")
    assert 'class="ds-input"' in title
    assert 'aria-describedby="id_title_helptext"' in title
    assert "aria-invalid" not in title
    assert "ds-error-summary" not in html
    assert 'id="id_title_error"' not in html


def test_required_fields_are_marked_in_the_label_and_optional_ones_are_not():
    html = render(SampleForm())
    required = '<span class="ds-tag" data-color="warning" data-size="sm">Required</span>'
    assert re.search(rf'<label class="ds-label" for="id_email">E-mail {re.escape(required)}</label>', html)
    assert '<label class="ds-label" for="id_nickname">Nickname</label>' in html


def test_invalid_form_links_each_error_from_the_summary_to_its_field():
    form = SampleForm(data={"title": "", "email": "not-an-e-mail", "nickname": "", "kind": "", "themes": []})
    html = render(form)

    summary = re.search(r"<ds-error-summary[^>]*>(.*?)</ds-error-summary>", html, re.S)
    assert summary
    assert "<h2" in summary.group(1)
    assert "To continue, correct the following:" in summary.group(1)
    links = re.findall(r'<a href="#([^"]+)">', summary.group(1))
    # Non-field errors link to the first field; then each invalid field in form order.
    assert links == ["id_title", "id_title", "id_email", "id_kind_0", "id_themes_0", "id_agree"]
    # The summary comes before every field.
    assert html.index("<ds-error-summary") < html.index('id="id_title"')


def test_invalid_field_is_described_by_its_error_message():
    form = SampleForm(data={"title": "", "email": "not-an-e-mail"})
    html = render(form)
    title = tag(html, "id_title")
    assert 'aria-invalid="true"' in title
    assert 'aria-describedby="id_title_helptext id_title_error"' in title
    assert (
        tag(html, "id_title_error")
        == '<div class="ds-validation-message" data-field="validation" id="id_title_error">'
    )
    email = tag(html, "id_email")
    assert 'aria-describedby="id_email_error"' in email
    assert html.count('id="id_email_error"') == 1
    with translation.override("en"):
        assert 'id="id_email_error">Enter a valid email address.</div>' in html


def test_radio_group_renders_a_fieldset_with_legend_and_one_field_per_option():
    form = SampleForm(data={"kind": ""})
    html = render(form)
    fieldset = re.search(
        r'<fieldset class="ds-fieldset" aria-describedby="id_kind_helptext id_kind_error">(.*?)</fieldset>',
        html,
        re.S,
    )
    assert fieldset
    inner = fieldset.group(1)
    assert re.search(
        r'<legend class="ds-label">Kind <span class="ds-tag"[^>]*>Required</span></legend>', inner
    )
    assert '<p data-field="description" id="id_kind_helptext">Pick one.</p>' in inner
    assert inner.count('<div class="ds-field">') == 2
    assert re.findall(r'<input type="radio" class="ds-input" name="kind" value="(\w)"', inner) == ["a", "b"]
    assert '<label class="ds-label" for="id_kind_0">Alpha</label>' in inner
    assert 'aria-invalid="true"' in tag(inner, "id_kind_0")
    assert tag(inner, "id_kind_error").startswith('<div class="ds-validation-message"')


def test_checkbox_group_renders_a_fieldset_and_keeps_checked_options():
    form = SampleForm(data={"themes": ["y"]})
    html = render(form)
    assert re.search(r'<fieldset class="ds-fieldset"[^>]*>\s*<legend class="ds-label">Themes', html)
    assert "checked" in tag(html, "id_themes_1")
    assert "checked" not in tag(html, "id_themes_0")


class PlacesForm(forms.Form):
    places = forms.MultipleChoiceField(
        label="Places",
        choices=[("North", [("1", "Alta"), ("2", "Bodø")]), ("South", [("3", "Åseral & Co")])],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    answer = forms.ChoiceField(
        label="Answer",
        choices=[("yes", translation.gettext_lazy("Yes")), ("no", translation.gettext_lazy("No"))],
        widget=forms.RadioSelect,
    )


def test_options_kept_for_reuse_carry_each_forms_own_choice_and_errors():
    """Options are built once per field and choices (gnist_forms.choice_groups) and reused by later forms:
    what one form has chosen, or its errors, must not show on another's."""
    chosen = render(PlacesForm(data={"places": ["2"], "answer": "yes"}))
    with_errors = render(PlacesForm(data={"places": ["3"], "answer": ""}))
    empty = render(PlacesForm())

    assert ("checked" in tag(chosen, "id_places_0_1"), "checked" in tag(chosen, "id_answer_0")) == (
        True,
        True,
    )
    assert [bool(re.search(r"\schecked", tag(empty, f"id_places_{i}"))) for i in ("0_0", "0_1", "1_0")] == [
        False,
        False,
        False,
    ]
    assert "aria-invalid" not in tag(chosen, "id_answer_0")
    assert 'aria-invalid="true"' in tag(with_errors, "id_answer_0")
    assert "checked" in tag(with_errors, "id_places_1_0") and "checked" not in tag(
        with_errors, "id_places_0_1"
    )
    # A group opens where something in it is chosen; a label is escaped.
    assert re.findall(r"<details[^>]*>\s*<summary>(\w+)", chosen) == ["North", "South"]
    assert re.findall(r"<details[^>]*open[^>]*>\s*<summary>(\w+)", chosen) == ["North"]
    assert re.findall(r"<details[^>]*open[^>]*>\s*<summary>(\w+)", empty) == []
    assert '<label class="ds-label" for="id_places_1_0">Åseral &amp; Co</label>' in empty


def test_options_kept_for_reuse_follow_the_language_of_their_labels():
    english = render(PlacesForm())
    with translation.override("nb"):
        norwegian = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
            Context({"form": PlacesForm()})
        )

    assert ('for="id_answer_0">Yes</label>' in english, 'for="id_answer_0">Ja</label>' in norwegian) == (
        True,
        True,
    )


def test_keyed_choices_validate_and_render_as_the_same_plain_list():
    from gnist.choices import KeyedChoices

    plain, keyed = PlacesForm(data={"places": ["3"], "answer": "no"}), PlacesForm(data={"places": ["3"]})
    keyed.data = {"places": ["3"], "answer": "no"}
    keyed.fields["places"].choices = KeyedChoices(plain.fields["places"].choices)

    assert (plain.is_valid(), keyed.is_valid(), keyed.cleaned_data["places"]) == (True, True, ["3"])
    assert render(keyed) == render(plain)
    other = KeyedChoices([("North", [("1", "Alta")])])
    assert (other.key != keyed.fields["places"].choices.key, len(other)) == (True, 1)


def test_single_checkbox_puts_the_input_before_its_label():
    html = render(SampleForm())
    agree = re.search(
        r'<div class="ds-field">\s*(<input[^>]*id="id_agree"[^>]*>)\s*'
        r'<label class="ds-label" for="id_agree">I agree',
        html,
    )
    assert agree
    assert 'type="checkbox"' in agree.group(1)
    assert 'class="ds-input"' in agree.group(1)


def test_crispy_tag_with_layout_renders_form_fieldset_legend_and_submit_button():
    form = SampleForm(data={})
    form.helper = FormHelper()
    form.helper.layout = Layout(Fieldset("About you", "title", "email"), Submit("save", "Save"))
    html = render(form, "{% load crispy_forms_tags %}{% crispy form %}")
    assert re.search(r'<form\s+method="post"[^>]*novalidate>', html)
    assert re.search(
        r'<fieldset class="ds-fieldset"\s*>\s*<legend class="ds-heading" data-size="xs">About you</legend>',
        html,
    )
    assert re.search(
        r'<button class="ds-button" data-variant="primary" type="submit" name="save" value="Save"', html
    )
    assert html.index("<ds-error-summary") < html.index("<fieldset")


def test_crispy_tag_puts_the_csrf_token_in_a_post_form_rendered_for_a_request(rf):
    request = rf.get("/")
    form = SampleForm()
    form.helper = FormHelper()
    with translation.override("en"):
        html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
            RequestContext(request, {"form": form})
        )
    token = re.search(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token
    assert len(token.group(1)) == 64
