"""The challenges app's forms: start, write and review a challenge, upload its images and attachments, ask and
answer questions about a published one (and clarify it), and a person's alerts about new challenges.

The text fields come from the model (`Challenge.TEXT_FIELDS`: labels, lengths and widgets), so a field added
there appears here; this module adds what guides a municipality while writing.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from challenges.images import prepare_image
from challenges.models import AlertSettings, Challenge, ChallengeImage, SustainableDevelopmentGoal
from gnist.uploads import validate_pdf
from municipalities.models import County, Participant, Theme, is_question

MARKDOWN_HINT = _("You can use Markdown: **bold**, lists starting with “-”, and links.")

# What each part of the challenge should say, for those writing it the first time.
HELP_TEXTS = {
    "title": _(
        "Phrase the challenge as an open question that starts with “Hvordan”, “Korleis” or “How” and ends "
        "with a question mark, without a ready-made solution in it."
    ),
    "summary": _("Two or three sentences shown in the catalogue: what the challenge is and for whom."),
    "background": _("What the situation is today, what you have tried, and what makes your place special."),
    "needs": _(
        "What you need a solution to do, what you can build on locally, and the premises it must meet."
    ),
    "target_groups": _("Who the challenge concerns: residents, users, businesses. Who is seldom heard?"),
    "anchoring_political": _("Decisions, plans or politicians that support working on the challenge."),
    "anchoring_administrative": _("Who in the organisation owns the challenge and will carry a solution."),
    "anchoring_county": _("How the county takes part or supports the work, if it does."),
    "partners": _("Businesses, organisations and citizens taking part, and what they bring."),
    "sustainability_social": _("What a solution should mean for people: inclusion, health, participation."),
    "sustainability_economic": _("Costs, savings and value creation you aim for."),
    "sustainability_environmental": _("Emissions, land, nature and resources a solution should spare."),
    "transfer_value": _("What other municipalities could learn from or reuse of a solution."),
    "contact_name": _("Suppliers and others can contact this person about the challenge."),
}


class ChallengeStartForm(forms.Form):
    """Which Gnist participant the new challenge is for (only asked when the person is staff of several)."""

    # Checked against the choices before anything else: a junk or huge id never reaches the database.
    participant = forms.TypedChoiceField(
        coerce=int,
        label=_("Write a challenge for"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the municipalities listed.")},
    )

    def __init__(self, *args, participants: list[Participant], **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = {participant.pk: participant for participant in participants}
        field = self.fields["participant"]
        field.choices = [(p.pk, f"{p.display_name} ({p.round})") for p in participants]
        if len(participants) == 1:
            field.initial = participants[0].pk
            field.widget = forms.HiddenInput()

    def clean_participant(self) -> Participant:
        return self.participants[self.cleaned_data["participant"]]


# The edit form's parts, in the page's order, each under its heading: a long form on a phone needs them to
# find one's place. Every field of `ChallengeForm` is in exactly one part (tests/challenges/test_writing.py).
FORM_SECTIONS = (
    (_("The challenge"), ("title", "summary", "language")),
    (_("Background and needs"), ("background", "needs", "target_groups")),
    (_("Anchoring"), ("anchoring_political", "anchoring_administrative", "anchoring_county")),
    (
        _("Partners and sustainability"),
        ("partners", "sustainability_social", "sustainability_economic", "sustainability_environmental"),
    ),
    (_("Transfer value"), ("transfer_value",)),
    (_("Themes and goals"), ("themes", "goals")),
    (_("Contact"), ("contact_name", "contact_role", "contact_email", "contact_phone")),
)


class ChallengeForm(forms.Form):
    """The challenge's texts, language, themes and UN goals, with the version the person started from. Its
    fields are grouped in fieldsets (`FORM_SECTIONS`); the page holds the <form> and its buttons."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Challenge, fields=[*Challenge.TEXT_FIELDS, "language"]))
        for name in Challenge.SECTION_FIELDS:
            self.fields[name].widget.attrs["rows"] = 5
            self.fields[name].help_text = f"{HELP_TEXTS[name]} {MARKDOWN_HINT}"
        self.fields["summary"].widget.attrs["rows"] = 3
        for name in ("title", "summary", "contact_name"):
            self.fields[name].help_text = HELP_TEXTS[name]
        # A draft may be saved half-written: sending it for review checks what is missing.
        self.fields["summary"].required = False
        self.fields["title"].error_messages["required"] = _(
            "Give the challenge a title, phrased as a question."
        )
        self.fields["contact_email"].error_messages["invalid"] = _(
            "Enter the contact person's e-mail address, like name@kommune.no."
        )
        # Ids checked against the choices before any query: a huge number must not reach the database.
        self.fields["themes"] = forms.TypedMultipleChoiceField(
            label=_("Themes"),
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(theme.pk, str(theme)) for theme in Theme.objects.all()],
            help_text=_("Choose the themes the challenge is about: people follow themes to find it."),
        )
        self.fields["goals"] = forms.TypedMultipleChoiceField(
            label=_("UN sustainable development goals"),
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(goal.pk, str(goal)) for goal in SustainableDevelopmentGoal.objects.all()],
            help_text=_("The goals a solution would contribute to. Choose the few that matter most."),
        )
        self.order_fields(["version", *(name for _legend, names in FORM_SECTIONS for name in names)])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has its token
        self.helper.render_unmentioned_fields = True  # a field added to the model but to no part still shows
        self.helper.layout = Layout("version", *(Fieldset(legend, *names) for legend, names in FORM_SECTIONS))

    @classmethod
    def initial_for(cls, challenge: Challenge) -> dict:
        return {
            **{name: getattr(challenge, name) for name in Challenge.TEXT_FIELDS},
            "language": challenge.language,
            "version": challenge.version,
            "themes": [theme.pk for theme in challenge.themes.all()],
            "goals": [goal.pk for goal in challenge.goals.all()],
        }

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not is_question(title):
            raise ValidationError(
                _(
                    "Phrase the title as a question that starts with “Hvordan”, “Korleis” or “How” and ends "
                    "with a question mark."
                ),
                code="not_question",
            )
        return title

    def service_kwargs(self) -> dict:
        """The cleaned form as keyword arguments for `services.save_challenge`."""
        data = self.cleaned_data
        return {
            "version": data["version"],
            "data": {name: data[name] for name in [*Challenge.TEXT_FIELDS, "language"]},
            "themes": Theme.objects.filter(pk__in=data["themes"]),
            "goals": SustainableDevelopmentGoal.objects.filter(pk__in=data["goals"]),
        }


class ChangesRequestForm(forms.Form):
    """A moderator's comment when sending a challenge back (on the site and in the admin)."""

    comment = forms.CharField(
        label=_("What should be changed"),
        help_text=_("Sent to the municipality by e-mail and shown on the challenge until it is sent again."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": _("Say what should be changed: the comment is sent to the municipality.")
        },
    )


# The upload forms on a challenge's images and attachments page (templates/challenges/_files_form.html).


class ImageForm(forms.Form):
    """An image with its alternative text; `cleaned_data["file"]` is the re-encoded `PreparedImage`."""

    file = forms.FileField(
        label=_("Image"),
        help_text=_("JPEG, PNG or WebP, at most 8 MB. Location and camera details are removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=ChallengeImage._meta.get_field("alt_text").max_length,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=ChallengeImage._meta.get_field("caption").max_length,
        required=False,
        help_text=_("Shown under the image, for everyone (optional)."),
    )

    def clean_file(self):
        return prepare_image(self.cleaned_data["file"])


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment (PDF)"),
        help_text=_("PDF only, at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_pdf(upload)
        return upload


class AlertSettingsForm(forms.Form):
    """A person's alerts about new challenges: which themes and counties, and how often."""

    # Choices checked in Python (not by id lookups in the database), so a junk id is a form error.
    themes = forms.TypedMultipleChoiceField(
        label=_("Themes"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    counties = forms.TypedMultipleChoiceField(
        label=_("Counties"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=AlertSettings.Frequency.choices,
        widget=forms.RadioSelect,
        initial=AlertSettings.Frequency.IMMEDIATE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {theme.pk: theme for theme in Theme.objects.all()}
        self.counties = {county.pk: county for county in County.objects.current().order_by("name")}
        self.fields["themes"].choices = [(pk, str(theme)) for pk, theme in self.themes.items()]
        self.fields["counties"].choices = [(pk, county.name) for pk, county in self.counties.items()]

    def clean_themes(self) -> list[Theme]:
        return [self.themes[pk] for pk in self.cleaned_data["themes"]]

    def clean_counties(self) -> list[County]:
        return [self.counties[pk] for pk in self.cleaned_data["counties"]]


# ----------------------------------------------------------------------------------------------------
# Questions and answers

MAX_QUESTION = 4000
MAX_ANSWER = 10000


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The municipality may rephrase it. Questions and answers are published for everyone, without "
            "your name."
        ),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Question as published"),
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Rephrase it if it names the asker or their company, or to make it clearer. The original is kept "
            "privately."
        ),
    )
    answer = forms.CharField(
        label=_("Answer"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 8})
    )


class ClarificationForm(forms.Form):
    text = forms.CharField(
        label=_("What it is about"),
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A heading, or the question you expect suppliers to have."),
    )
    answer = forms.CharField(
        label=_("Clarification"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 8})
    )


class DeclineForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the asker (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why it will not be published, e.g. that it is answered already."),
    )
