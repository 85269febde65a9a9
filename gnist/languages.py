"""The content languages, and the per-language model fields modeltranslation adds (`title_nb`, `title_nn`, …).

A text written in every language is a `Texts` dict ({"nb": …, "nn": …, "en": …}); `localized` turns named
texts into model field values, `localized_fields` names those fields, `localized_values` reads them back.
"""

from django.conf import settings
from django.utils.translation import get_language

# The languages every content text is written in, bokmål first (modeltranslation falls back to it).
LANGUAGES: tuple[str, ...] = tuple(settings.MODELTRANSLATION_LANGUAGES)

Texts = dict[str, str]


def texts(nb: str, nn: str, en: str) -> Texts:
    return {"nb": nb, "nn": nn, "en": en}


def same_in_all(text: str) -> Texts:
    """A name that reads the same in every language (e.g. "Gnist 2021-2022")."""
    return dict.fromkeys(LANGUAGES, text)


def localized_fields(*fields: str) -> list[str]:
    """("title", "theme") → ["title_nb", "title_nn", "title_en", "theme_nb", …]."""
    return [f"{field}_{language}" for field in fields for language in LANGUAGES]


def localized(**fields: Texts) -> dict[str, str]:
    """title=texts(…) → {"title_nb": …, "title_nn": …, "title_en": …}; a missing language is stored empty.

    Empty is what modeltranslation reads as "fall back to bokmål".
    """
    return {
        f"{field}_{language}": text.get(language) or ""
        for field, text in fields.items()
        for language in LANGUAGES
    }


def localized_values(instance, *fields: str) -> dict[str, str]:
    """The per-language values of `fields` on `instance`, as keyword arguments for another row."""
    return {name: getattr(instance, name) for name in localized_fields(*fields)}


def active_language() -> str:
    """The active language's code without region ("nb" for "nb-no"), the default language outside requests."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def in_active_language(text: Texts | str | None) -> str:
    """One text from `Texts` in the active language, else in bokmål; a plain string is returned as it is."""
    if not isinstance(text, dict):
        return text or ""
    return text.get(active_language()) or text.get(settings.LANGUAGE_CODE) or ""
