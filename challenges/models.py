"""Gnist utfordringer: the challenges Gnist municipalities publish, the public questions and answers about
them, and the people who follow them.

Only `challenges.services` writes `Challenge.status` and `Question.status`.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gnist.fields import actor_field
from gnist.models import PrivatePdf
from gnist.storage import get_private_storage
from municipalities.models import County, Participant, Theme


class SustainableDevelopmentGoal(models.Model):
    """One of the UN's 17 sustainable development goals (reference data, names per language)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class ChallengeQuerySet(models.QuerySet):
    def published(self):
        """What everyone may read: published challenges and those closed after publishing."""
        return self.filter(status__in=Challenge.PUBLIC_STATUSES)

    def for_municipalities(self, municipality_ids):
        return self.filter(participant__municipalities__in=municipality_ids).distinct()

    def for_round(self, round_):
        return self.filter(participant__round=round_)

    def in_review(self):
        return self.filter(status=Challenge.Status.IN_REVIEW)


class Challenge(models.Model):
    """A Gnist participant's challenge: written by its staff, reviewed by the programme, then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CLOSED)
    # The states in which the participant's staff may edit the text.
    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED)
    # The long texts, in the order the page shows them: Markdown written by the municipality's staff.
    SECTION_FIELDS = (
        "background",
        "needs",
        "target_groups",
        "anchoring_political",
        "anchoring_administrative",
        "anchoring_county",
        "partners",
        "sustainability_social",
        "sustainability_economic",
        "sustainability_environmental",
        "transfer_value",
    )
    # Everything the staff write (forms, services, the stale-save comparison and the change log read this).
    TEXT_FIELDS = (
        "title",
        "summary",
        *SECTION_FIELDS,
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
    )
    # What the search weighs: title (A) > summary (B) > the sections (C).
    SEARCH_WEIGHTS = {"title": "A", "summary": "B", **dict.fromkeys(SECTION_FIELDS, "C")}
    # What similar challenges are compared on (challenges/similar.py), by weight: what the challenge is about.
    # Anchoring, partners, sustainability and transfer value say how the work is organised: alike everywhere.
    SIMILARITY_WEIGHTS = {"title": 3, "summary": 2, "background": 1, "needs": 1, "target_groups": 1}

    participant = models.ForeignKey(
        Participant, models.PROTECT, related_name="challenges", verbose_name=_("participant")
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="nb",
        help_text=_("The language the challenge is written in."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("Phrase the challenge as a question: “Hvordan …?”")
    )
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Two or three sentences shown in the catalogue.")
    )
    background = models.TextField(_("background and local context"), blank=True)
    needs = models.TextField(_("needs, local advantages and premises"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    anchoring_political = models.TextField(_("political anchoring"), blank=True)
    anchoring_administrative = models.TextField(_("administrative anchoring"), blank=True)
    anchoring_county = models.TextField(_("anchoring in the county"), blank=True)
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Businesses, organisations and citizens taking part.")
    )
    sustainability_social = models.TextField(_("social sustainability"), blank=True)
    sustainability_economic = models.TextField(_("economic sustainability"), blank=True)
    sustainability_environmental = models.TextField(_("environmental sustainability"), blank=True)
    transfer_value = models.TextField(
        _("transfer value"), blank=True, help_text=_("What other municipalities could learn or reuse.")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="challenges", verbose_name=_("themes"))
    goals = models.ManyToManyField(
        SustainableDevelopmentGoal,
        blank=True,
        related_name="challenges",
        verbose_name=_("UN sustainable development goals"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact person's role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    from_canvas = models.BooleanField(
        _("started from the course canvas"),
        default=False,
        help_text=_("Started from module 4's challenge canvas in Gnist kompetanse."),
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    review_comment = models.TextField(
        _("comment from the programme"), blank=True, help_text=_("What to change before it is published.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = actor_field(_("created by"))
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = actor_field(_("updated by"))
    submitted_at = models.DateTimeField(_("sent for review at"), null=True, blank=True)
    submitted_by = actor_field(_("sent for review by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = actor_field(_("published by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = actor_field(_("closed by"))

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-published_at", "-created_at", "pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="challenge_status_published")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def round(self):
        return self.participant.round


class SimilarChallenges(models.Model):
    """A challenge's similar challenges, best first, as `challenges.similar` last computed them: derived data,
    rewritten after each change to the catalogue, read by the challenge's page together with the challenge.

    Each item holds the other challenge's id and what the page links with (title, language, participant's
    name, round number), the ids of the shared themes and the shared words, most telling first: the page words
    the explanation in the reader's language."""

    challenge = models.OneToOneField(
        Challenge,
        models.CASCADE,
        primary_key=True,
        related_name="similar_list",
        verbose_name=_("challenge"),
    )
    items = models.JSONField(_("similar challenges"), default=list)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("similar challenges")
        verbose_name_plural = _("similar challenges")

    def __str__(self):
        return str(self.challenge_id)


class ChallengeEvent(models.Model):
    """What happened to a challenge, by whom and when; edits after publishing form its public change log."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        SAVED = "saved", _("Saved")
        SUBMITTED = "submitted", _("Sent for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        EDITED = "edited", _("Edited after publishing")
        CLOSED = "closed", _("Closed")
        IMAGE_ADDED = "image_added", _("Image added")
        IMAGE_REMOVED = "image_removed", _("Image removed")
        ATTACHED = "attached", _("Attachment added")
        DETACHED = "detached", _("Attachment removed")

    challenge = models.ForeignKey(
        Challenge, models.CASCADE, related_name="events", verbose_name=_("challenge")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = actor_field(_("by"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    details = models.TextField(_("details"), blank=True)
    # For edits after publishing: the names of the TEXT_FIELDS that changed, shown publicly (no person's name)
    # with their labels in the reader's language.
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)

    class Meta:
        verbose_name = _("challenge event")
        verbose_name_plural = _("challenge events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.challenge}: {self.get_action_display()}"

    @property
    def changed_labels(self) -> list[str]:
        """The changed sections' labels in the active language; a name no longer a text field, and details
        an old row kept as text (see migration 0004), are shown as stored."""
        fields = set(Challenge.TEXT_FIELDS)
        labels = [
            str(Challenge._meta.get_field(name).verbose_name) if name in fields else str(name)
            for name in self.changed_fields
        ]
        if self.action == self.Action.EDITED and self.details:
            labels.append(self.details)
        return labels


def image_path(instance: "ChallengeImage", filename: str) -> str:
    return f"challenges/{instance.challenge_id}/images/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


def attachment_path(instance: "ChallengeAttachment", filename: str) -> str:
    return f"challenges/{instance.challenge_id}/attachments/{uuid.uuid4().hex}.pdf"


class ChallengeImage(models.Model):
    """An image of a challenge, re-encoded without metadata; `renditions` maps a width to a smaller copy.

    Stored privately and served by a view that checks who may see the challenge (a draft's images are as
    private as the draft)."""

    MAX_PER_CHALLENGE = 12
    WIDTHS = (480, 960, 1600)

    challenge = models.ForeignKey(
        Challenge, models.CASCADE, related_name="images", verbose_name=_("challenge")
    )
    file = models.ImageField(
        _("image"),
        upload_to=image_path,
        storage=get_private_storage,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    renditions = models.JSONField(_("smaller copies"), default=dict, blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = actor_field(_("uploaded by"))

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.alt_text

    def get_absolute_url(self) -> str:
        return reverse("challenges:image", kwargs={"pk": self.pk, "width": max(self.WIDTHS)})

    @property
    def rendition_files(self) -> list:
        """The smaller copies, as files of the image's storage (deleted with the row, see apps.py)."""
        field = self._meta.get_field("file")
        return [field.attr_class(self, field, name) for name in self.renditions.values()]


class ChallengeAttachment(PrivatePdf):
    MAX_PER_CHALLENGE = 10

    challenge = models.ForeignKey(
        Challenge, models.CASCADE, related_name="attachments", verbose_name=_("challenge")
    )
    file = PrivatePdf.file_field(upload_to=attachment_path)

    class Meta(PrivatePdf.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("challenges:attachment", kwargs={"pk": self.pk})

    def get_delete_url(self) -> str:
        return reverse("challenges:attachment_delete", kwargs={"pk": self.pk})


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Question.Status.PUBLISHED)

    def waiting(self):
        return self.filter(status=Question.Status.ASKED)


class Question(models.Model):
    """A question about a published challenge, answered in public without the asker's name (as in public
    procurement, every supplier sees every answer). Staff may rephrase it; the original stays private."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Waiting for an answer")
        PUBLISHED = "published", _("Answered and published")
        WITHDRAWN = "withdrawn", _("Not published")

    challenge = models.ForeignKey(
        Challenge, models.CASCADE, related_name="questions", verbose_name=_("challenge")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ASKED)
    # Empty for the staff's own clarifications.
    original_text = models.TextField(_("question as asked"), blank=True)
    asked_by = actor_field(_("asked by"), related_name="challenge_questions")
    asked_at = models.DateTimeField(_("asked at"), null=True, blank=True)
    text = models.TextField(_("question as published"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = actor_field(_("answered by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_clarification = models.BooleanField(
        _("clarification"), default=False, help_text=_("Published by the municipality without a question.")
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["published_at", "asked_at", "pk"]

    def __str__(self):
        return (self.text or self.original_text)[:80]


class Follow(models.Model):
    """A signed-in person follows a challenge: e-mailed each published answer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="challenge_follows", verbose_name=_("user")
    )
    challenge = models.ForeignKey(
        Challenge, models.CASCADE, related_name="follows", verbose_name=_("challenge")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["user", "challenge"], name="one_follow_per_challenge")]

    def __str__(self):
        return f"{self.user} → {self.challenge}"


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(24)


class AlertSettings(models.Model):
    """How a person wants their alerts: at once, or in a weekly digest; the token unsubscribes without
    signing in (the link in every alert e-mail)."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        WEEKLY = "weekly", _("Weekly digest")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="alert_settings", verbose_name=_("user")
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_unsubscribe_token)
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert settings")
        verbose_name_plural = _("alert settings")

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class AlertSubscription(models.Model):
    """New published challenges with a theme or in a county, e-mailed to the person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="challenge_alerts", verbose_name=_("user")
    )
    theme = models.ForeignKey(Theme, models.CASCADE, null=True, blank=True, verbose_name=_("theme"))
    county = models.ForeignKey(County, models.CASCADE, null=True, blank=True, verbose_name=_("county"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.CheckConstraint(
                condition=Q(theme__isnull=False, county__isnull=True)
                | Q(theme__isnull=True, county__isnull=False),
                name="alert_on_a_theme_or_a_county",
            ),
            models.UniqueConstraint(fields=["user", "theme"], name="one_alert_per_theme"),
            models.UniqueConstraint(fields=["user", "county"], name="one_alert_per_county"),
        ]

    def __str__(self):
        return f"{self.user}: {self.theme or self.county}"


__all__ = [
    "AlertSettings",
    "AlertSubscription",
    "Challenge",
    "ChallengeAttachment",
    "ChallengeEvent",
    "ChallengeImage",
    "Follow",
    "Question",
    "SimilarChallenges",
    "SustainableDevelopmentGoal",
]
