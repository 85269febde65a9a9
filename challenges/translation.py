"""The UN goals' names per language (reference data); challenges themselves are written in one language."""

from modeltranslation.translator import TranslationOptions, register

from challenges.models import SustainableDevelopmentGoal


@register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("nb", "nn", "en")
