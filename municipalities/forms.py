import hashlib
import json

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


class ApplicationSection(forms.Form):
    """One part of the application with its own page and save (`SECTIONS`, in the order they are filled in).

    A save is measured against what the person opened: the application's `version` and `seen`, a digest of
    this part as it was then. A colleague's save of another part changes the version but not this part, so the
    view saves again on top of it (`unchanged_in`); only a save that overtook this part is stale.

    Subclasses name their `slug` (the URL), `title`, the `fields` they hold and say from `read` what the
    application holds of them, in the form's terms; `service_kwargs` hands the cleaned part to
    `services.save_application`, which writes only the parts it is given.
    """

    slug = ""
    part = ""  # its key in Application.missing_by_part
    title = ""
    intro = ""
    do_not_call_in_templates = True  # a page shows the class's title and intro
    # Needed to submit (Application.missing_for_submission): empty, it is "not started" rather than optional.
    required = False
    # The lists of `views.applications._ROWS` that `read` takes from the application's row (beside the
    # co-applicants, which every page reads).
    rows: tuple[str, ...] = ()

    version = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_

    @classmethod
    def read(cls, application: Application) -> dict:
        """This part's values in the application, as the form's initial values."""
        raise NotImplementedError

    @classmethod
    def digest(cls, values: dict) -> str:
        encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()[:32]

    @classmethod
    def initial_for(cls, application: Application) -> dict:
        values = cls.read(application)
        return values | {"version": application.version, "seen": cls.digest(values)}

    @classmethod
    def for_application(cls, application: Application, data=None) -> "ApplicationSection":
        """The part of `application` (read as `views.applications` reads it for this part: no query here)."""
        return cls(data, initial=cls.initial_for(application), round_=application.round)

    def unchanged_in(self, current: Application) -> bool:
        """Whether the stored application `current` holds this part as the person opened it."""
        return self.digest(self.read(current)) == self.cleaned_data.get("seen")

    @classmethod
    def state(cls, application: Application, missing: dict[str, list[str]]) -> str:
        """Where the part stands, for the overview: one of `STATES`. A part needed to submit is complete when
        `missing` (Application.missing_by_part, where the rules live) names nothing of it; an optional one
        once anything is filled in."""
        empty = cls.is_empty(cls.read(application))
        if not cls.required:
            return "optional" if empty else "complete"
        if cls.part not in missing:
            return "complete"
        return "not_started" if empty else "in_progress"

    @classmethod
    def is_empty(cls, values: dict) -> bool:
        return not any(value for value in values.values())

    @classmethod
    def applies_to(cls, application: Application) -> bool:
        """Whether the application has this part (every part but the criteria, which need the round to have
        some)."""
        return True

    def text_names(self) -> list[str]:
        """The text fields a stale save compares, in the form's order."""
        return [
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField) and name != "seen"
        ]

    def service_kwargs(self) -> dict:
        """The cleaned part as keyword arguments for `services.save_application`."""
        data = self.cleaned_data
        return {
            "version": data["version"],
            "data": {name: data[name] for name in self.fields if name in Application.APPLICANT_FIELDS},
        }


# What the overview says of each part.
STATES = {
    "complete": (_("Completed"), "success"),
    "in_progress": (_("In progress"), "warning"),
    "not_started": (_("Not started"), "neutral"),
    "optional": (_("Optional"), "neutral"),
}


class ChallengeSection(ApplicationSection):
    slug = "utfordringen"
    part = "challenge"
    title = _("The challenge")
    intro = _("Describe the challenge you want help with, and phrase it as one question.")
    required = True
    rows = ("theme_rows",)

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(theme.pk, str(theme)) for theme in reference.themes()]

    @classmethod
    def read(cls, application):
        # The chosen themes as a JSON list in the application's row where the view read them so.
        if hasattr(application, "theme_rows"):
            theme_ids = [row["theme_id"] for row in application.theme_rows or ()]
        else:
            theme_ids = [theme.pk for theme in application.themes.all()]
        return {
            "question": application.question,
            "themes": sorted(theme_ids),
            "description": application.description,
        }

    def clean_question(self):
        question = self.cleaned_data["question"].strip()
        if question and not is_question(question):
            raise ValidationError(
                _("Phrase the challenge as a question that starts with “How” and ends with a question mark."),
                code="not_question",
            )
        return question

    def service_kwargs(self):
        return super().service_kwargs() | {"themes": self.cleaned_data["themes"]}


class CriteriaSection(ApplicationSection):
    """One answer field per criterion of the round."""

    slug = "kriterier"
    part = "criteria"
    title = _("Answers to the criteria")
    intro = _("The programme assesses every application by these criteria. Answer each of them.")
    required = True
    rows = ("answer_rows",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(self.round.criteria.all())
        for criterion in self.criteria:
            self.fields[f"answer_{criterion.pk}"] = forms.CharField(
                label=criterion.name,
                # Written by programme admins: sanitised Markdown (the form pack escapes any other help text).
                help_text=render_markdown(criterion.description),
                widget=forms.Textarea(attrs={"rows": 5}),
                required=False,
            )

    @classmethod
    def read(cls, application):
        # The answers as a JSON list in the application's row where the view read them so.
        if hasattr(application, "answer_rows"):
            answers = {row["criterion_id"]: row["text"] for row in application.answer_rows or ()}
        else:
            answers = {answer.criterion_id: answer.text for answer in application.answers.all()}
        return {
            f"answer_{criterion.pk}": answers.get(criterion.pk, "")
            for criterion in application.round.criteria.all()
        }

    @classmethod
    def is_empty(cls, values):
        return not any(text.strip() for text in values.values())

    @classmethod
    def applies_to(cls, application):
        return bool(application.round.criteria.all())

    def service_kwargs(self):
        answers = {criterion.pk: self.cleaned_data[f"answer_{criterion.pk}"] for criterion in self.criteria}
        return super().service_kwargs() | {"answers": answers}


class CoApplicantsSection(ApplicationSection):
    slug = "medsokere"
    part = "co_applicants"
    title = _("Co-applicants")
    intro = _(
        "Municipalities can apply together. We e-mail the administrators of each municipality you choose, "
        "and its own staff confirm that it applies with you. You can save without choosing any."
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same for everyone until the reference data changes (load_reference_data and the admin bump it).
        self.fields["co_municipalities"].choices = cached(
            "municipality-choices:keyed", municipality_choices_by_county, by_clock=False
        )

    @classmethod
    def read(cls, application):
        # The co-applicants as a JSON list in the application's row where the view read them so.
        if hasattr(application, "co_applicant_rows"):
            chosen = [row["municipality_id"] for row in application.co_applicant_rows or ()]
        else:
            chosen = [co.municipality_id for co in application.co_applicants.all()]
        return {
            "co_municipalities": sorted(chosen),
            "other_co_applicants": application.other_co_applicants,
        }

    def clean_co_municipalities(self):
        return list(Municipality.objects.current().filter(pk__in=self.cleaned_data["co_municipalities"]))

    def service_kwargs(self):
        return super().service_kwargs() | {"co_municipalities": self.cleaned_data["co_municipalities"]}


class AnchoringSection(ApplicationSection):
    slug = "forankring"
    part = "anchoring"
    title = _("Anchoring")
    intro = _("Tell us who in the municipality and the county stands behind the challenge.")

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

    @classmethod
    def read(cls, application):
        return {
            "political_anchoring": application.political_anchoring,
            "administrative_anchoring": application.administrative_anchoring,
            "county_anchoring": "yes" if application.county_anchoring else "no",
            "county_anchoring_by": application.county_anchoring_by,
        }

    @classmethod
    def is_empty(cls, values):
        return not (
            values["political_anchoring"].strip()
            or values["administrative_anchoring"].strip()
            or values["county_anchoring"] == "yes"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("county_anchoring") and not cleaned.get("county_anchoring_by", "").strip():
            self.add_error("county_anchoring_by", _("Say with whom at the county the challenge is anchored."))
        return cleaned


class ContactsSection(ApplicationSection):
    slug = "kontaktpersoner"
    part = "contacts"
    title = _("Contact persons")
    intro = _(
        "Who the programme contacts about the application. At least one needs a name and an e-mail address."
    )
    required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for slot in range(1, CONTACT_SLOTS + 1):
            for part, label in CONTACT_PARTS.items():
                field_class = forms.EmailField if part == "email" else forms.CharField
                self.fields[f"contact_{slot}_{part}"] = field_class(
                    label=_("%(part)s (contact person %(number)s)") % {"part": label, "number": slot},
                    required=False,
                    max_length=200,
                )

    @classmethod
    def read(cls, application):
        contacts = list(application.contacts[:CONTACT_SLOTS])
        contacts += [{}] * (CONTACT_SLOTS - len(contacts))
        return {
            f"contact_{slot}_{part}": contact.get(part, "")
            for slot, contact in enumerate(contacts, 1)
            for part in CONTACT_PARTS
        }

    def service_kwargs(self):
        data = self.cleaned_data
        contacts = [
            {part: data[f"contact_{slot}_{part}"].strip() for part in CONTACT_PARTS}
            for slot in range(1, CONTACT_SLOTS + 1)
        ]
        contacts = [contact for contact in contacts if any(contact.values())]
        return {"version": data["version"], "data": {"contacts": contacts}}


# The application's parts in the order they are filled in (their pages link on to the next).
SECTIONS = {
    section.slug: section
    for section in (ChallengeSection, CriteriaSection, CoApplicantsSection, AnchoringSection, ContactsSection)
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
