# ruff: noqa: RUF001 -- Norwegian typography uses the en dash.
"""Gnist kompetanse: the open course (editions, modules, lessons, exercises, quizzes) and people's progress.

Course content is translated with django-modeltranslation (see `translation.py`); a person's own rows
(completions, notebook entries, quiz attempts, certificates) are private to them.
"""

import datetime
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gnist.languages import in_active_language
from gnist.storage import get_private_storage

# The five parts of module 4's challenge canvas, in the order it asks them.
CANVAS_KEYS = ["problem", "affected", "advantages", "anchoring", "success"]


class Stage(models.TextChoices):
    INSIGHT = "insight", _("Insight")
    KNOWLEDGE = "knowledge", _("Knowledge")
    ACTION = "action", _("Action")
    PROTOTYPING = "prototyping", _("Prototyping and testing")


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def current(self):
        """The newest published edition (None before any is published)."""
        return self.published().order_by("-slug").first()


class Course(models.Model):
    """One edition of the course, e.g. 2026. Certificates name the edition they were earned in."""

    slug = models.SlugField(_("edition"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    published = models.BooleanField(_("published"), default=False)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course edition")
        verbose_name_plural = _("course editions")
        ordering = ["-slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competence:course")


class ModuleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True, course__published=True)

    def in_course(self, course):
        return self.filter(course=course).order_by("order")


class Module(models.Model):
    course = models.ForeignKey(Course, models.CASCADE, related_name="modules", verbose_name=_("edition"))
    order = models.PositiveSmallIntegerField(_("order"))
    slug = models.SlugField(_("slug"), max_length=80)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    outcomes = models.TextField(_("learning outcomes"), blank=True, help_text=_("One outcome per line."))
    published = models.BooleanField(_("published"), default=False)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "order"]
        constraints = [models.UniqueConstraint(fields=["course", "slug"], name="module_slug_per_course")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competence:module", kwargs={"module": self.slug})

    @property
    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]


class LessonQuerySet(models.QuerySet):
    def published(self):
        return self.filter(module__published=True, module__course__published=True)


class Lesson(models.Model):
    # A lesson's video or podcast, uploaded by staff in the admin: the one upload allowed past the site's
    # usual limit (gnist.uploads.allow_larger_upload, in apps.py).
    MEDIA_MAX_BYTES = 500 * 1024 * 1024

    class MediaKind(models.TextChoices):
        NONE = "", _("None")
        VIDEO = "video", _("Video")
        PODCAST = "podcast", _("Podcast")

    module = models.ForeignKey(Module, models.CASCADE, related_name="lessons", verbose_name=_("module"))
    order = models.PositiveSmallIntegerField(_("order"))
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    minutes = models.PositiveSmallIntegerField(_("minutes to read"), default=10)
    media_kind = models.CharField(_("media"), max_length=10, choices=MediaKind.choices, blank=True)
    media_file = models.FileField(
        _("media file"),
        upload_to="competence/media/",
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm", "mp3", "m4a", "ogg"])],
    )
    media_url = models.CharField(
        _("media address"),
        max_length=300,
        blank=True,
        help_text=_("A file on our own media server, e.g. /media/competence/media/film.mp4."),
    )
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="competence/captions/",
        blank=True,
        validators=[FileExtensionValidator(["vtt"])],
    )
    transcript = models.TextField(_("transcript"), blank=True, help_text=_("Markdown."))

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module", "order"]
        constraints = [models.UniqueConstraint(fields=["module", "slug"], name="lesson_slug_per_module")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competence:lesson", kwargs={"module": self.module.slug, "lesson": self.slug})

    @property
    def media_src(self) -> str:
        if self.media_file:
            return self.media_file.url
        return self.media_url

    def clean(self):
        """Universal design: media always comes with captions or a transcript, and from our own media."""
        has_media = bool(self.media_file or self.media_url)
        if has_media and not self.media_kind:
            raise ValidationError({"media_kind": _("Say whether the media is a video or a podcast.")})
        if self.media_kind and not has_media:
            raise ValidationError({"media_file": _("Upload the media file or give its address.")})
        if self.media_file and self.media_url:
            raise ValidationError({"media_url": _("Give either a file or an address, not both.")})
        if self.media_url and not _is_own_media(self.media_url):
            raise ValidationError({"media_url": _("The media must be on our own media server.")})
        if has_media and not (self.captions or self.transcript.strip()):
            raise ValidationError(_("Media needs captions (a .vtt file) or a transcript."))
        if self.media_kind == self.MediaKind.VIDEO and has_media and not self.captions:
            raise ValidationError({"captions": _("A video needs captions (a .vtt file).")})


def _is_own_media(url: str) -> bool:
    """Only paths under MEDIA_URL (relative, or absolute on SITE_URL), without tricks like `..`."""
    prefix = "/" + settings.MEDIA_URL.lstrip("/")
    path = url.removeprefix(settings.SITE_URL)
    return path.startswith(prefix) and ".." not in PurePosixPath(path).parts and "//" not in path


class Exercise(models.Model):
    class Kind(models.TextChoices):
        REFLECTION = "reflection", _("Reflection")
        CANVAS = "canvas", _("Challenge canvas")

    module = models.ForeignKey(Module, models.CASCADE, related_name="exercises", verbose_name=_("module"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REFLECTION)
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("task"), help_text=_("Markdown."))
    after_lesson = models.ForeignKey(
        Lesson,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="exercises",
        verbose_name=_("after lesson"),
    )
    # Canvas only: [{"key": "problem", "label": {"nb": …, "en": …}, "help": {…}}] (labels in every language).
    fields = models.JSONField(_("canvas fields"), default=list, blank=True)

    class Meta:
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        ordering = ["module", "order"]
        constraints = [models.UniqueConstraint(fields=["module", "slug"], name="exercise_slug_per_module")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competence:exercise", kwargs={"module": self.module.slug, "exercise": self.slug})

    def answer_fields(self) -> list[dict]:
        """The answer boxes: one for a reflection, one per canvas field (labels in the active language)."""
        if self.kind != self.Kind.CANVAS or not self.fields:
            return [{"key": "answer", "label": str(_("Your answer")), "help": ""}]
        return [
            {
                "key": spec["key"],
                "label": in_active_language(spec.get("label")),
                "help": in_active_language(spec.get("help")),
            }
            for spec in self.fields
        ]

    def clean(self):
        if self.kind == self.Kind.CANVAS:
            keys = [spec.get("key") for spec in self.fields or [] if isinstance(spec, dict)]
            if keys != CANVAS_KEYS:
                raise ValidationError({"fields": _("A canvas has the fields %s.") % ", ".join(CANVAS_KEYS)})


class Quiz(models.Model):
    module = models.OneToOneField(Module, models.CASCADE, related_name="quiz", verbose_name=_("module"))
    title = models.CharField(_("title"), max_length=200)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (percent)"), default=75, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competence:quiz", kwargs={"module": self.module.slug})


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="questions", verbose_name=_("quiz"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["quiz", "order"]

    def __str__(self):
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, models.CASCADE, related_name="choices", verbose_name=_("question"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("answer"), max_length=500)
    correct = models.BooleanField(_("correct"), default=False)
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("Shown after the answer."))

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order"]

    def __str__(self):
        return self.text


# --- a person's own progress ------------------------------------------------------------------------------


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="lesson_completions", verbose_name=_("user")
    )
    lesson = models.ForeignKey(Lesson, models.CASCADE, related_name="completions", verbose_name=_("lesson"))
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("completed lesson")
        verbose_name_plural = _("completed lessons")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="one_completion_per_lesson")]

    def __str__(self):
        return f"{self.user_id}: {self.lesson_id}"


class NotebookEntryQuerySet(models.QuerySet):
    def of(self, user):
        """Only the person's own entries: nobody else, not even programme admins, reads a notebook."""
        return self.filter(user=user) if user.is_authenticated else self.none()


class NotebookEntry(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notebook_entries", verbose_name=_("user")
    )
    exercise = models.ForeignKey(
        Exercise, models.CASCADE, related_name="notebook_entries", verbose_name=_("exercise")
    )
    answers = models.JSONField(_("answers"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = NotebookEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("notebook entry")
        verbose_name_plural = _("notebook entries")
        ordering = ["exercise__module__order", "exercise__order"]
        constraints = [models.UniqueConstraint(fields=["user", "exercise"], name="one_entry_per_exercise")]

    def __str__(self):
        return f"{self.user_id}: {self.exercise_id}"

    def get_absolute_url(self):
        return reverse("competence:notebook_entry", kwargs={"pk": self.pk})

    def labelled_answers(self) -> list[tuple[str, str]]:
        return [(spec["label"], self.answers.get(spec["key"], "")) for spec in self.exercise.answer_fields()]


class QuizAttemptQuerySet(models.QuerySet):
    def passed(self):
        return self.filter(passed=True)

    def of(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class QuizAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="quiz_attempts", verbose_name=_("user")
    )
    quiz = models.ForeignKey(Quiz, models.CASCADE, related_name="attempts", verbose_name=_("quiz"))
    # {"<question id>": <choice id>}: what the person chose.
    answers = models.JSONField(_("answers"), default=dict)
    correct_count = models.PositiveSmallIntegerField(_("correct answers"))
    question_count = models.PositiveSmallIntegerField(_("questions"))
    score = models.PositiveSmallIntegerField(_("score (percent)"))
    passed = models.BooleanField(_("passed"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.user_id}: {self.quiz_id} ({self.score} %)"

    def get_absolute_url(self):
        return reverse("competence:quiz_result", kwargs={"module": self.quiz.module.slug, "pk": self.pk})


# Unambiguous letters and digits for codes people type from paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_verification_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """One per person per edition. The name, edition and modules are copied in when it is issued, so later
    course edits (or a changed profile name) do not change what the certificate says."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being generated")
        READY = "ready", _("Ready")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="certificates", verbose_name=_("user")
    )
    course = models.ForeignKey(Course, models.PROTECT, related_name="certificates", verbose_name=_("edition"))
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=new_verification_code)
    name = models.CharField(_("name"), max_length=200)
    edition_title = models.CharField(_("edition"), max_length=200)
    # [{"title": "…", "completed_on": "2026-03-01"}] in course order, in the language it was issued in.
    modules = models.JSONField(_("modules"), default=list)
    language = models.CharField(_("language"), max_length=10, default="nb")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    pdf = models.FileField(
        _("PDF"), upload_to="competence/certificates/", storage=get_private_storage, blank=True
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_edition")]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def get_absolute_url(self):
        return reverse("competence:verify", kwargs={"code": self.code})

    @property
    def completed_modules(self) -> list[dict]:
        """The modules snapshot with `completed_on` as a date, for the templates' `date` filter."""
        return [
            {**module, "completed_on": datetime.date.fromisoformat(module["completed_on"])}
            for module in self.modules
        ]

    @property
    def verification_url(self) -> str:
        from django.utils import translation

        with translation.override(self.language):
            return settings.SITE_URL + self.get_absolute_url()


class TeamSharing(models.Model):
    """A municipality employee's consent to show their course completion to their municipality's team."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="team_sharing", verbose_name=_("user")
    )
    shared = models.BooleanField(_("show my completion to my municipality"), default=False)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("team sharing")
        verbose_name_plural = _("team sharing")

    def __str__(self):
        return f"{self.user_id}: {self.shared}"
