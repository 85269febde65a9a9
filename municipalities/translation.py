"""Programme content admins write per language (bokmål, nynorsk, English): `title_nb`, `title_nn`, `title_en`.

Names of counties, municipalities and participants are proper names, published once, and stay untranslated.
"""

from modeltranslation.translator import TranslationOptions, register

from municipalities.models import Criterion, Participant, Phase, Round, Theme


@register(Round)
class RoundTranslationOptions(TranslationOptions):
    fields = ("title", "theme", "eligibility", "description", "solution_part_name", "funding")
    # The portal is published in all three languages: the admin requires each required text in each of them.
    required_languages = ("nb", "nn", "en")


@register(Phase)
class PhaseTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("nb", "nn", "en")


@register(Participant)
class ParticipantTranslationOptions(TranslationOptions):
    fields = ("reason",)


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("nb", "nn", "en")
