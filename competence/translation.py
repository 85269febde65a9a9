"""Course content is written per language (nb, nn, en); empty translations fall back to bokmål."""

from modeltranslation.translator import TranslationOptions, register

from competence.models import Choice, Course, Exercise, Lesson, Module, Question, Quiz


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ["title", "summary"]


@register(Module)
class ModuleTranslation(TranslationOptions):
    fields = ["title", "summary", "intro", "outcomes"]


@register(Lesson)
class LessonTranslation(TranslationOptions):
    fields = ["title", "body", "transcript"]


@register(Exercise)
class ExerciseTranslation(TranslationOptions):
    fields = ["title", "prompt"]


@register(Quiz)
class QuizTranslation(TranslationOptions):
    fields = ["title"]


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ["text"]


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ["text", "explanation"]
