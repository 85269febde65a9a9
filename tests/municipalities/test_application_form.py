"""The application form's sections: co-applicant municipalities as checkboxes grouped by county, contact
labels, criteria as Markdown, every field through its section and back, where each section stands."""

import html
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from municipalities.forms import (
    SECTIONS,
    AnchoringSection,
    ChallengeSection,
    CoApplicantsSection,
    ContactsSection,
    CriteriaSection,
    municipality_choices_by_county,
)
from municipalities.models import Application, Municipality
from tests.factories import (
    ApplicationFactory,
    CountyFactory,
    CriterionFactory,
    MunicipalityFactory,
    RoundFactory,
)


def _render(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_co_applicants_are_grouped_by_county_in_norwegian_order(db):
    agder, oslo = CountyFactory(name="Agder"), CountyFactory(name="Oslo")
    MunicipalityFactory(name="Åseral", county=agder)
    MunicipalityFactory(name="Evje og Hornnes", county=agder)
    MunicipalityFactory(name="Oslo", county=oslo)

    assert [
        (county, [name for _pk, name in options]) for county, options in municipality_choices_by_county()
    ] == [
        ("Agder", ["Evje og Hornnes", "Åseral"]),
        ("Oslo", ["Oslo"]),
    ]


def test_co_applicant_picker_offers_todays_municipalities_by_todays_county(reference_data):
    groups = dict(municipality_choices_by_county())

    assert list(groups) == [
        "Agder",
        "Akershus",
        "Buskerud",
        "Finnmark",
        "Innlandet",
        "Møre og Romsdal",
        "Nordland",
        "Oslo",
        "Rogaland",
        "Telemark",
        "Troms",
        "Trøndelag",
        "Vestfold",
        "Vestland",
        "Østfold",
    ]
    assert sum(len(options) for options in groups.values()) == 357


def test_co_applicant_of_an_ended_structure_is_refused(reference_data):
    old_skjervoy = Municipality.objects.get(number="5427")
    form = CoApplicantsSection(data={"version": 1, "co_municipalities": [str(old_skjervoy.pk)]})

    assert (form.is_valid(), list(form.errors)) == (False, ["co_municipalities"])


def test_the_county_group_holding_a_chosen_municipality_is_open(db):
    agder, oslo = CountyFactory(name="Agder"), CountyFactory(name="Oslo")
    aseral = MunicipalityFactory(name="Åseral", county=agder)
    MunicipalityFactory(name="Oslo", county=oslo)
    form = CoApplicantsSection(initial={"co_municipalities": [aseral.pk], "version": 1})

    groups = re.findall(
        r'<details class="ds-details option-group"( open)?>\s*<summary>(\w+)</summary>', _render(form)
    )

    assert groups == [(" open", "Agder"), ("", "Oslo")]


def test_chosen_co_applicants_come_back_as_municipalities(db):
    aseral = MunicipalityFactory(name="Åseral")
    form = CoApplicantsSection(data={"version": 1, "co_municipalities": [str(aseral.pk)]})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["co_municipalities"] == [aseral]


def test_contact_person_labels_are_one_translatable_sentence(db):
    form = ContactsSection(initial={"version": 1})

    assert str(form.fields["contact_2_email"].label) == "E-post (kontaktperson 2)"


def test_criterion_description_is_sanitised_markdown_in_the_form(db):
    round_ = RoundFactory()
    CriterionFactory(
        round=round_,
        name="Endringsvilje",
        description=(
            "Vis **vilje**.<script>alert(1)</script> <img src=x onerror=alert(2)> "
            "[Les mer](javascript:alert(3)) eller [veilederen](https://gnist.example.no/veileder)."
        ),
    )
    form = CriteriaSection(round_=round_, initial={"version": 1})

    html = _render(form)

    help_text = re.search(
        r'<div data-field="description" id="id_answer_\d+_helptext">(.*?)</div>', html, re.S
    )
    assert help_text.group(1) == (
        '<p>Vis <strong>vilje</strong>.  <a rel="noopener">Les mer</a> eller '
        '<a href="https://gnist.example.no/veileder" rel="noopener">veilederen</a>.</p>'
    )


def test_every_applicant_field_goes_through_the_form_and_back(db):
    application = ApplicationFactory(
        question="Hvordan kan flere bo i sentrum?",
        description="Sentrum står tomt.",
        other_co_applicants="Agder fylkeskommune",
        political_anchoring="Vedtatt i kommunestyret.",
        administrative_anchoring="Rådmannen står bak.",
        county_anchoring=True,
        county_anchoring_by="Fylkesdirektøren",
        contacts=[{"name": "Stine Stab", "role": "Rådgiver", "email": "stine@example.no", "phone": "900"}],
    )
    data = {}
    for section in SECTIONS.values():
        form = section(data=section.initial_for(application), round_=application.round)
        assert form.is_valid(), form.errors
        data |= form.service_kwargs()["data"]

    assert data == {name: getattr(application, name) for name in Application.APPLICANT_FIELDS}


# --- the question rule's message ----------------------------------------------------------------------------


def test_question_rule_message_names_the_rule_in_the_language():
    form = ChallengeSection.__new__(ChallengeSection)
    form.cleaned_data = {"question": "Kan vi bli bedre?"}
    with pytest.raises(Exception) as error:
        form.clean_question()

    # The message is lazy: it is read in the language active where it is shown.
    with translation.override("en"):
        assert error.value.messages == [
            "Phrase the challenge as a question that starts with “How” and ends with a question mark."
        ]
    assert error.value.messages == [
        "Formuler utfordringen som et spørsmål som begynner med «Hvordan» og slutter med spørsmålstegn."
    ]


def test_empty_application_error_summary_names_its_field(db):
    form = AnchoringSection(data={"version": 1})

    summary = re.search(r"<ds-error-summary.*?</ds-error-summary>", _render(form), re.S).group(0)
    lines = [html.unescape(line) for line in re.findall(r"<li><a [^>]*>(.*?)</a></li>", summary)]

    # A draft may be empty but for this choice; a label that is a question takes no colon.
    assert lines == ["Er utfordringen forankret i fylkeskommunen? Feltet er påkrevet."]


# --- where each section stands, on the overview ----------------------------------------------------------


def test_each_section_says_where_it_stands(db):
    round_ = RoundFactory()
    CriterionFactory(round=round_, order=1)
    second = CriterionFactory(round=round_, order=2)
    empty = ApplicationFactory(round=round_, question="", description="", contacts=[])
    started = ApplicationFactory(
        round=round_,
        question="Vi vil ha flere innbyggere.",
        description="",
        political_anchoring="Vedtatt.",
        contacts=[{"name": "Stine Stab"}],
    )
    started.answers.create(criterion=second, text="Svar")
    complete = ApplicationFactory(
        round=round_,
        question="Hvordan kan flere bo i sentrum?",
        description="Sentrum står tomt.",
        contacts=[{"name": "Stine Stab", "email": "stine@example.no"}],
    )
    for criterion in round_.criteria.all():
        complete.answers.create(criterion=criterion, text="Svar")

    states = {
        name: [section.state(application, application.missing_by_part()) for section in SECTIONS.values()]
        for name, application in [("empty", empty), ("started", started), ("complete", complete)]
    }

    # The challenge, the answers and a contact are needed to submit; co-applicants and anchoring are not.
    assert states == {
        "empty": ["not_started", "not_started", "optional", "optional", "not_started"],
        "started": ["in_progress", "in_progress", "optional", "complete", "in_progress"],
        "complete": ["complete", "complete", "optional", "optional", "complete"],
    }
    assert complete.missing_for_submission() == []
