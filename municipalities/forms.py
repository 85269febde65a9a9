from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gnist.choices import KeyedChoices
from gnist.markdown import render_markdown
from gnist.pagecache import cached
from gnist.uploads import validate_pdf
from municipalities import reference
from municipalities.models import (
    Application,
    CoApplicant,
    Membership,
    Municipality,
    Participant,
    is_question,
    norwegian_key,
    sorted_by_name,
)


class MunicipalitySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


# ----------------------------------------------------------------------------------------------------
# Team access


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial="editor",
        widget=forms.RadioSelect,
        help_text=_("Administrators can also invite and remove colleagues and decide requests to join."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not on the field: a lazy plural filled in with `%` is translated there and then, which on the
        # class would be once, at import, in whatever language was active (nynorsk pages showed bokmål).
        self.fields["email"].help_text = ngettext(
            "They must sign in with this address to accept. The link works for %(days)s day.",
            "They must sign in with this address to accept. The link works for %(days)s days.",
            Membership.INVITATION_DAYS,
        ) % {"days": Membership.INVITATION_DAYS}


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


# End of team access.
# ----------------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------------
# Applications and selection

CONTACT_SLOTS = 2
CONTACT_PARTS = {
    "name": _("Name"),
    "role": _("Role"),
    "email": _("E-mail"),
    "phone": _("Phone"),
}


class ApplicationStartForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.none(), label=_("Apply for"))

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


def municipality_choices_by_county() -> KeyedChoices:
    """Today's municipalities grouped by today's counties, both in Norwegian order."""
    by_county: dict[str, list[Municipality]] = {}
    for municipality in Municipality.objects.current().select_related("county"):
        by_county.setdefault(municipality.county.name, []).append(municipality)
    return KeyedChoices(
        (county, [(m.pk, m.name) for m in sorted_by_name(by_county[county])])
        for county in sorted(by_county, key=norwegian_key)
    )


class ApplicationForm(forms.Form):
    """The application, driven by the round's criteria: one answer field per criterion."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    question = forms.CharField(
        label=_("The challenge as a question"),
        help_text=_("Start with “How” and end with a question mark."),
        max_length=300,
        required=False,
    )
    # Ids checked against the choices before any query: a huge number must not reach the database.
    themes = forms.TypedMultipleChoiceField(
        coerce=int, widget=forms.CheckboxSelectMultiple, required=False, label=_("Themes")
    )
    description = forms.CharField(
        label=_("Description of the challenge"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    # Checkboxes grouped by county (each county a collapsible group): a 356-row multi-select is unusable.
    co_municipalities = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Co-applicant municipalities"),
        help_text=_("Each co-applicant municipality confirms through its own staff."),
    )
    other_co_applicants = forms.CharField(
        label=_("Other co-applicants"),
        help_text=_("Other actors applying with you, one per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    political_anchoring = forms.CharField(
        label=_("Political anchoring"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    administrative_anchoring = forms.CharField(
        label=_("Administrative anchoring"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    county_anchoring = forms.TypedChoiceField(
        label=_("Is the challenge anchored with the county?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )
    county_anchoring_by = forms.CharField(label=_("With whom at the county?"), max_length=200, required=False)

    def __init__(self, *args, round_, criteria=None, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        themes = reference.themes() if themes is None else themes
        self.fields["themes"].choices = [(theme.pk, str(theme)) for theme in themes]
        # The same for everyone until the reference data changes (load_reference_data and the admin bump it).
        self.fields["co_municipalities"].choices = cached(
            "municipality-choices:keyed", municipality_choices_by_county, by_clock=False
        )
        self.criteria = list(round_.criteria.all()) if criteria is None else criteria
        for criterion in self.criteria:
            self.fields[f"answer_{criterion.pk}"] = forms.CharField(
                label=criterion.name,
                # Written by programme admins: sanitised Markdown (the form pack escapes any other help text).
                help_text=render_markdown(criterion.description),
                widget=forms.Textarea(attrs={"rows": 5}),
                required=False,
            )
        for slot in range(1, CONTACT_SLOTS + 1):
            for part, label in CONTACT_PARTS.items():
                field_class = forms.EmailField if part == "email" else forms.CharField
                self.fields[f"contact_{slot}_{part}"] = field_class(
                    label=_("%(part)s (contact person %(number)s)") % {"part": label, "number": slot},
                    required=False,
                    max_length=200,
                )

    @classmethod
    def for_application(cls, application: Application, data=None) -> "ApplicationForm":
        """The form editing `application`, read with its answers and chosen themes as JSON lists
        (`answer_rows`, `theme_rows`: views/applications.py) and its co-applicants prefetched; the round's
        criteria come with the round, the themes from the content cache: no query of its own."""
        answers = {row["criterion_id"]: row["text"] for row in application.answer_rows or ()}
        initial = cls.initial_for(
            application, theme_ids=[row["theme_id"] for row in application.theme_rows or ()], answers=answers
        )
        criteria = list(application.round.criteria.all())
        return cls(data, initial=initial, round_=application.round, criteria=criteria)

    @classmethod
    def initial_for(cls, application: Application, *, theme_ids=None, answers=None) -> dict:
        """The form's values from `application`; its themes and answers are read unless given (ids; texts by
        criterion id)."""
        if theme_ids is None:
            theme_ids = [theme.pk for theme in application.themes.all()]
        if answers is None:
            answers = {answer.criterion_id: answer.text for answer in application.answers.all()}
        initial = {name: getattr(application, name) for name in Application.APPLICANT_FIELDS}
        initial |= {
            "version": application.version,
            "themes": theme_ids,
            "co_municipalities": [co.municipality_id for co in application.co_applicants.all()],
            "county_anchoring": "yes" if application.county_anchoring else "no",
        }
        initial |= {f"answer_{criterion_id}": text for criterion_id, text in answers.items()}
        for slot, contact in enumerate(initial.pop("contacts")[:CONTACT_SLOTS], 1):
            initial |= {f"contact_{slot}_{part}": contact.get(part, "") for part in CONTACT_PARTS}
        return initial

    def clean_co_municipalities(self):
        return list(Municipality.objects.current().filter(pk__in=self.cleaned_data["co_municipalities"]))

    def clean_question(self):
        question = self.cleaned_data["question"].strip()
        if question and not is_question(question):
            raise ValidationError(
                _("Phrase the challenge as a question that starts with “How” and ends with a question mark."),
                code="not_question",
            )
        return question

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("county_anchoring") and not cleaned.get("county_anchoring_by", "").strip():
            self.add_error("county_anchoring_by", _("Say with whom at the county the challenge is anchored."))
        return cleaned

    def service_kwargs(self) -> dict:
        """The cleaned form as keyword arguments for `services.save_application`."""
        data = self.cleaned_data
        contacts = [
            {part: data.get(f"contact_{slot}_{part}", "").strip() for part in CONTACT_PARTS}
            for slot in range(1, CONTACT_SLOTS + 1)
        ]
        return {
            "version": data["version"],
            "data": {
                # The contacts are written in slots of their own (contact_<slot>_<part>), gathered above.
                **{name: data[name] for name in Application.APPLICANT_FIELDS if name != "contacts"},
                "contacts": [contact for contact in contacts if any(contact.values())],
            },
            "answers": {criterion.pk: data[f"answer_{criterion.pk}"] for criterion in self.criteria},
            "themes": data["themes"],
            "co_municipalities": data["co_municipalities"],
        }


class CoApplicantConfirmForm(forms.Form):
    """Which of the application's co-applicant rows the person confirms (the hidden value of its button)."""

    co_applicant = forms.ModelChoiceField(queryset=CoApplicant.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, co_applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_applicant"].queryset = co_applicants


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment (PDF)"), help_text=_("PDF only, at most 10 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_pdf(upload)
        return upload


class DecisionReasonForm(forms.Form):
    """The intermediate admin page of “reject”: the reason sent to the applicant."""

    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class FollowDecisionForm(DecisionReasonForm):
    """The intermediate admin page of “select as follow municipality of …”."""

    follows = forms.ChoiceField(label=_("Follows"))

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        participants = Participant.objects.gnist().filter(round=round_).order_by("display_name")
        applications = (
            Application.objects.for_round(round_)
            .filter(staged_decision=Application.Decision.SELECT)
            .select_related("municipality")
        )
        self.fields["follows"].choices = [
            (
                _("Staged Gnist applications"),
                [(f"a{application.pk}", application.municipality.name) for application in applications],
            ),
            (
                _("Announced Gnist municipalities"),
                [(f"p{participant.pk}", participant.display_name) for participant in participants],
            ),
        ]

    def follows_kwargs(self) -> dict:
        value = self.cleaned_data["follows"]
        if value.startswith("a"):
            return {"follows_application": Application.objects.get(pk=int(value[1:]))}
        return {"follows_participant": Participant.objects.get(pk=int(value[1:]))}


class AnnounceForm(forms.Form):
    """The intermediate admin page of “announce”: a second confirmation while applications are still taken."""

    confirm_open_phase = forms.BooleanField(required=False)

    def __init__(self, *args, open_until: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        if open_until:
            field = self.fields["confirm_open_phase"]
            field.required = True
            field.label = _("Announce now, although applications are taken until %(deadline)s") % {
                "deadline": open_until
            }
        else:
            del self.fields["confirm_open_phase"]


# End of applications and selection.
# ----------------------------------------------------------------------------------------------------
