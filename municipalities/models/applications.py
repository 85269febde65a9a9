# ruff: noqa: RUF001, RUF002 -- Norwegian text uses the en dash on purpose.
"""Applications to a round and the programme's selection: themes, answers, assessments and the audit trail.

`Theme` lives here, in the shared app, because applications now and challenges later both use it.
Only `municipalities.services` writes `Application.status` and the staged decision.
"""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gnist.fields import actor_field
from gnist.models import PrivatePdf
from municipalities.models.programme import (
    Criterion,
    Municipality,
    Participant,
    Round,
    join_names,
    norwegian_key,
)

QUESTION_PATTERN = re.compile(r"^(hvordan|korleis|how)\s.*\S.*\?$", re.IGNORECASE | re.DOTALL)


def is_question(text: str) -> bool:
    """A challenge is phrased as a question: "Hvordan …?" (bokmål), "Korleis …?" (nynorsk) or "How …?"."""
    return bool(QUESTION_PATTERN.match(text.strip()))


class Theme(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name


class ApplicationQuerySet(models.QuerySet):
    def for_round(self, round_: Round):
        return self.filter(round=round_)

    def drafts(self):
        return self.filter(status=Application.Status.DRAFT)

    def submitted(self):
        """Every application that was sent in (whatever the programme decided since)."""
        return self.exclude(status=Application.Status.DRAFT)

    def staged(self):
        return self.exclude(staged_decision="")

    def for_municipalities(self, municipalities):
        """Applications where the municipalities apply, as main applicant or as co-applicant."""
        return self.filter(
            Q(municipality__in=municipalities) | Q(co_applicants__municipality__in=municipalities)
        )

    def with_average_score(self):
        return self.annotate(average_score=models.Avg("assessments__score"))


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected as Gnist municipality")
        FOLLOW = "follow", _("Invited as follow municipality")
        REJECTED = "rejected", _("Not selected")

    class Decision(models.TextChoices):
        """A decision the programme stages privately; announcing it makes it the status."""

        SHORTLIST = "shortlisted", _("Shortlist")
        SELECT = "selected", _("Select as Gnist municipality")
        FOLLOW = "follow", _("Select as follow municipality")
        REJECT = "rejected", _("Reject")

    # What the applicant writes on the application itself (besides the themes, the co-applicant municipalities
    # and the answers per criterion): the form, the save service, the admin and the export read this list.
    APPLICANT_FIELDS = (
        "question",
        "description",
        "other_co_applicants",
        "political_anchoring",
        "administrative_anchoring",
        "county_anchoring",
        "county_anchoring_by",
        "contacts",
    )

    round = models.ForeignKey(Round, models.PROTECT, related_name="applications", verbose_name=_("round"))
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="applications", verbose_name=_("main applicant")
    )
    co_municipalities = models.ManyToManyField(
        Municipality,
        through="CoApplicant",
        related_name="co_applications",
        blank=True,
        verbose_name=_("co-applicant municipalities"),
    )
    other_co_applicants = models.TextField(
        _("other co-applicants"), blank=True, help_text=_("Other actors applying with you, one per line.")
    )
    # The challenge outline
    question = models.CharField(
        _("challenge as a question"),
        max_length=300,
        blank=True,
        help_text=_("A question that starts with “How” and ends with a question mark."),
    )
    themes = models.ManyToManyField(Theme, related_name="applications", blank=True, verbose_name=_("themes"))
    description = models.TextField(_("description of the challenge"), blank=True)
    # Anchoring
    political_anchoring = models.TextField(_("political anchoring"), blank=True)
    administrative_anchoring = models.TextField(_("administrative anchoring"), blank=True)
    county_anchoring = models.BooleanField(_("anchored with the county"), default=False)
    county_anchoring_by = models.CharField(_("anchored with whom at the county"), max_length=200, blank=True)
    # [{"name", "role", "email", "phone"}, …]
    contacts = models.JSONField(_("contact persons"), default=list, blank=True)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    # The staged decision: private to programme admins until announced.
    staged_decision = models.CharField(
        _("staged decision"), max_length=12, choices=Decision.choices, blank=True
    )
    staged_follows_participant = models.ForeignKey(
        Participant,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staged: follows participant"),
    )
    staged_follows_application = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staged: follows application"),
    )
    staged_reason = models.TextField(_("staged reason"), blank=True)
    staged_at = models.DateTimeField(_("staged at"), null=True, blank=True)
    staged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staged by"),
    )
    # The announced outcome
    decision_reason = models.TextField(_("reason given"), blank=True)
    participant = models.ForeignKey(
        Participant,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("participant"),
    )
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = actor_field(_("created by"), related_name="applications_created", blank=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = actor_field(_("submitted by"), related_name="applications_submitted")
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "municipality"], name="one_application_per_round"),
        ]

    # What the applicant wrote, blanked by the round purge in applications that were not selected (with the
    # answers per criterion); each is blanked to its field's default.
    PURGED_FIELDS = (
        "other_co_applicants",
        "question",
        "description",
        "political_anchoring",
        "administrative_anchoring",
        "county_anchoring_by",
        "contacts",
    )
    # What a contact entry holds about the person; their role in the project says nothing about them.
    CONTACT_PERSONAL_KEYS = ("name", "email", "phone")

    def __str__(self):
        return f"{self.municipality} – {self.round}" if self.round_id else str(self.municipality)

    def get_absolute_url(self):
        return reverse("municipalities:application_detail", kwargs={"pk": self.pk})

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.SELECTED, self.Status.FOLLOW, self.Status.REJECTED)

    @property
    def applicant_names(self) -> str:
        """E.g. "Åseral", or "Åseral, Bygland og Valle" when joint (uses prefetched co-applicants, or their
        names read as a JSON list with the row: `co_applicant_rows`, views/applications.py)."""
        if hasattr(self, "co_applicant_rows"):
            rows = self.co_applicant_rows or ()
            names = sorted((row["municipality__name"] for row in rows), key=norwegian_key)
        else:
            names = [co.municipality.name for co in self.co_applicants.all()]
        return join_names([self.municipality.name, *names])

    def outline_text(self) -> str:
        return f"{self.question}\n{self.description}"

    @property
    def has_contact_person(self) -> bool:
        """At least one contact person with a name and an e-mail address."""
        return any(contact.get("name") and contact.get("email") for contact in self.contacts)

    def missing_for_submission(self, answers: dict[int, str] | None = None) -> list[str]:
        """What must be filled in before the application can be sent (uses prefetched answers/criteria)."""
        return [item for items in self.missing_by_part(answers).values() for item in items]

    def missing_by_part(self, answers: dict[int, str] | None = None) -> dict[str, list[str]]:
        """`missing_for_submission` by the part of the application it belongs to ("challenge", "criteria",
        "contacts"; `forms.ApplicationSection.part`), parts with nothing missing left out."""
        if answers is None:
            answers = {answer.criterion_id: answer.text for answer in self.answers.all()}
        missing = {"challenge": [], "criteria": [], "contacts": []}
        if not is_question(self.question):
            missing["challenge"].append(
                str(_("The challenge as a question that starts with “How” and ends with a question mark"))
            )
        if not self.description.strip():
            missing["challenge"].append(str(_("The description of the challenge")))
        for criterion in self.round.criteria.all():
            if not answers.get(criterion.pk, "").strip():
                missing["criteria"].append(
                    str(_("An answer to “%(criterion)s”") % {"criterion": criterion.name})
                )
        if not self.has_contact_person:
            missing["contacts"].append(str(_("A contact person with name and e-mail")))
        return {part: items for part, items in missing.items() if items}


class CoApplicant(models.Model):
    """A municipality applying jointly; its own approved staff confirm that it takes part."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="co_applicants", verbose_name=_("application")
    )
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="co_applicant_rows", verbose_name=_("municipality")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = actor_field(_("confirmed by"))

    class Meta:
        verbose_name = _("co-applicant")
        verbose_name_plural = _("co-applicants")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "municipality"], name="one_coapplicant_row")
        ]

    def __str__(self):
        return str(self.municipality)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class CriterionAnswer(models.Model):
    application = models.ForeignKey(
        Application, models.CASCADE, related_name="answers", verbose_name=_("application")
    )
    criterion = models.ForeignKey(
        Criterion, models.CASCADE, related_name="answers", verbose_name=_("criterion")
    )
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="one_answer_per_criterion")
        ]

    def __str__(self):
        return str(self.criterion)


def attachment_path(attachment, filename: str) -> str:
    # Never the person's file name in the path: it is kept in `name` and given back on download.
    return f"applications/{attachment.application_id}/{timezone.now():%Y%m%d%H%M%S%f}.pdf"


class ApplicationAttachment(PrivatePdf):
    MAX_PER_APPLICATION = 10

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    file = PrivatePdf.file_field(upload_to=attachment_path)

    class Meta(PrivatePdf.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse(
            "municipalities:application_attachment", kwargs={"pk": self.application_id, "attachment": self.pk}
        )

    def get_delete_url(self) -> str:
        return reverse(
            "municipalities:application_attachment_delete",
            kwargs={"pk": self.application_id, "attachment": self.pk},
        )


class Assessment(models.Model):
    """One assessor's score (1–5) and note for one criterion of one application."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="assessments", verbose_name=_("application")
    )
    criterion = models.ForeignKey(
        Criterion, models.CASCADE, related_name="assessments", verbose_name=_("criterion")
    )
    # The score outlives the assessor's account (NULL then); NULLs are distinct, so the unique constraint
    # below still lets several former assessors' scores stand.
    assessor = actor_field(_("assessor"), related_name="assessments", blank=False)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("note"), blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["criterion__order", "assessor__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessor", "application", "criterion"], name="one_assessment_per_assessor"
            ),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="assessment_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class SelectionLogEntry(models.Model):
    """The audit trail: who did what to which application, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        SAVED = "saved", _("Saved")
        SUBMITTED = "submitted", _("Submitted")
        REVISED = "revised", _("Revised")
        CONFIRMED = "confirmed", _("Co-application confirmed")
        ATTACHED = "attached", _("Attachment added")
        DETACHED = "detached", _("Attachment removed")
        STAGED = "staged", _("Decision staged")
        ANNOUNCED = "announced", _("Decision announced")
        PURGED = "purged", _("Round data purged")

    round = models.ForeignKey(Round, models.CASCADE, related_name="selection_log", verbose_name=_("round"))
    application = models.ForeignKey(
        Application, models.CASCADE, related_name="log", verbose_name=_("application")
    )
    actor = actor_field(_("by"), blank=False)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    details = models.TextField(_("details"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("selection log entry")
        verbose_name_plural = _("selection log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


def contact_entries_of(emails: set[str]):
    """(application, entry) for every contact entry whose e-mail is one of `emails` (lower-cased).

    JSON is not searchable alike on SQLite and PostgreSQL, so the entries are matched here; only export and
    account deletion ask, and they read just the contacts.
    """
    applications = (
        Application.objects.exclude(contacts=[])
        .select_related("round", "municipality")
        .only("contacts", "round__number", "municipality__name")
        .order_by("pk")
    )
    for application in applications.iterator(chunk_size=500):
        for entry in application.contacts:
            if isinstance(entry, dict) and str(entry.get("email", "")).strip().lower() in emails:
                yield application, entry


def export_applications(user) -> dict:
    """The person's own part in applications, for the personal-data download.

    - `activity`: the selection-log entries of the person's own actions (created, saved, submitted, confirmed,
      attachments; for programme staff also staged and announced decisions, with the reason they wrote);
    - `created` / `submitted`: which applications the person started or sent in, and when;
    - `contact_entries`: the entries naming the person as a contact (matched on their verified e-mails).
    The application's text is the team's joint, current document, not the person's own words (colleagues
    may have rewritten it, even after the person left the team), so it is not included; nor are other
    people's names, e-mails or phones.
    """
    from accounts.personal_data import verified_emails

    activity = (
        SelectionLogEntry.objects.filter(actor=user)
        .select_related("round", "application__municipality")
        .order_by("at", "pk")
    )
    applications = (
        Application.objects.filter(Q(created_by=user) | Q(submitted_by=user))
        .select_related("round", "municipality")
        .order_by("created_at", "pk")
    )
    return {
        "activity": [
            {
                "round": entry.round.number,
                "municipality": entry.application.municipality.name,
                "action": entry.action,
                "details": entry.details,
                "at": entry.at.isoformat(),
            }
            for entry in activity
        ],
        "created": [
            {
                "round": application.round.number,
                "municipality": application.municipality.name,
                "at": application.created_at.isoformat(),
            }
            for application in applications
            if application.created_by_id == user.pk
        ],
        "submitted": [
            {
                "round": application.round.number,
                "municipality": application.municipality.name,
                "at": application.submitted_at.isoformat() if application.submitted_at else None,
            }
            for application in applications
            if application.submitted_by_id == user.pk
        ],
        "contact_entries": [
            {
                "round": application.round.number,
                "municipality": application.municipality.name,
                "contact": {key: entry.get(key, "") for key in ("name", "role", "email", "phone")},
            }
            for application, entry in contact_entries_of(verified_emails(user))
        ],
    }
