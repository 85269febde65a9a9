# ruff: noqa: RUF001 -- Norwegian typography uses the en dash.
"""Programme admins edit the course here. People's notebooks, completions and quiz attempts are deliberately
not registered: they are private to each participant (privacy by design)."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from competence.models import Certificate, Choice, Course, Exercise, Lesson, Module, Question, Quiz
from gnist import uploads
from gnist.admin import ReadOnlyModelAdmin
from gnist.markdown import render_markdown


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    list_display = ["title", "slug", "published"]
    list_editable = ["published"]


class LessonInline(TranslationTabularInline):
    model = Lesson
    fields = ["order", "title", "slug", "minutes"]
    extra = 0
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(TranslationAdmin):
    list_display = ["title", "order", "stage", "course", "published"]
    list_editable = ["order", "published"]
    list_filter = ["course", "stage", "published"]
    list_select_related = ["course"]
    prepopulated_fields = {"slug": ["title_nb"]}
    inlines = [LessonInline]


class LessonAdminForm(forms.ModelForm):
    """Each upload refused past its limit: a file cut off by the upload handler must not be saved empty."""

    def clean_media_file(self):
        return self._within(self.cleaned_data["media_file"], Lesson.MEDIA_MAX_BYTES)

    def clean_captions(self):
        return self._within(self.cleaned_data["captions"], uploads.UPLOAD_MAX_BYTES)

    @staticmethod
    def _within(file, max_bytes: int):
        if isinstance(file, UploadedFile):  # not the file already stored, nor False to clear it
            uploads.validate_size(file, max_bytes=max_bytes)
        return file


@admin.register(Lesson)
class LessonAdmin(TranslationAdmin):
    form = LessonAdminForm
    list_display = ["title", "module", "order", "minutes"]
    list_filter = ["module__course", "module"]
    list_select_related = ["module"]
    search_fields = ["title_nb", "title_en", "body_nb"]
    readonly_fields = ["preview"]
    fieldsets = [
        (None, {"fields": ["module", "order", "slug", "title", "minutes"]}),
        (_("Text"), {"fields": ["body", "preview"]}),
        (
            _("Video or podcast"),
            {"fields": ["media_kind", "media_file", "media_url", "captions", "transcript"]},
        ),
    ]

    @admin.display(description=_("preview (bokmål, as saved)"))
    def preview(self, lesson):
        return render_markdown(lesson.body_nb) if lesson.pk else "–"


@admin.register(Exercise)
class ExerciseAdmin(TranslationAdmin):
    list_display = ["title", "module", "kind", "after_lesson"]
    list_filter = ["module", "kind"]
    list_select_related = ["module", "after_lesson"]


class ChoiceInline(TranslationStackedInline):
    model = Choice
    fields = ["order", "text", "correct", "explanation"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["text", "quiz", "order"]
    list_filter = ["quiz"]
    list_select_related = ["quiz"]
    inlines = [ChoiceInline]


class QuestionInline(TranslationTabularInline):
    model = Question
    fields = ["order", "text"]
    extra = 0
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(TranslationAdmin):
    list_display = ["title", "module", "pass_mark"]
    list_select_related = ["module"]
    inlines = [QuestionInline]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyModelAdmin):
    """A certificate is what was issued (deleting it would break its verification page); only the status
    of its PDF is worth looking up."""

    list_display = ["code", "name", "edition_title", "status", "issued_at"]
    list_filter = ["course", "status"]
    search_fields = ["code", "name"]
    fields = ["code", "name", "edition_title", "modules", "status", "issued_at", "ready_at"]
    readonly_fields = fields
