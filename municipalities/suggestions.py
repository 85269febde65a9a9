"""Follow-municipality suggestions: the round's other applications, ranked by overlap of their challenge.

Overlap = shared themes (one point each) + text similarity of the outlines (question and description). On
PostgreSQL the similarity is full-text search with the 'norwegian' configuration (stemmed, stop words removed)
when the database has it; elsewhere (SQLite) it is the share of normalised words the outlines have in common.
The explanation names the shared themes and the shared words, whichever database ranked them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gnist.similarity import ExplainedMatch, full_text_ranks, has_norwegian_search, word_overlap, words
from municipalities.models import Application

__all__ = ["Suggestion", "has_norwegian_search", "suggest_followers", "words"]


@dataclass
class Suggestion(ExplainedMatch):
    application: Application

    def themes_text(self) -> str:
        return _("Shares the themes %(themes)s") % {"themes": ", ".join(self.shared_themes)}

    def words_text(self) -> str:
        return _("similar words: %(words)s") % {"words": ", ".join(self.shared_words)}

    @property
    def explanation(self) -> str:
        # The admin lists every application, so one without overlap says so.
        return super().explanation or _("No overlap found")


def suggest_followers(application: Application, *, limit: int | None = None) -> list[Suggestion]:
    """The round's other submitted applications, best overlap first (ties in name order)."""
    candidates = list(
        Application.objects.for_round(application.round_id)
        .submitted()
        .exclude(pk=application.pk)
        .select_related("municipality")
        .prefetch_related("themes")
    )
    my_themes = {theme.pk: theme.name for theme in application.themes.all()}
    my_words = words(application.outline_text())
    ranks = _postgres_ranks(application, candidates) if has_norwegian_search() else None
    suggestions = []
    for candidate in candidates:
        their_words = words(candidate.outline_text())
        shared = sorted(my_words & their_words)
        if ranks is not None:
            similarity = ranks.get(candidate.pk, 0.0)
        else:
            similarity = word_overlap(my_words, their_words)
        suggestions.append(
            Suggestion(
                application=candidate,
                shared_themes=sorted(
                    my_themes[theme.pk] for theme in candidate.themes.all() if theme.pk in my_themes
                ),
                shared_words=shared[:8],
                similarity=similarity,
            )
        )
    suggestions.sort(key=lambda suggestion: (-suggestion.score, suggestion.application.municipality.name))
    return suggestions[:limit] if limit else suggestions


def _postgres_ranks(application: Application, candidates: list[Application]) -> dict[int, float]:
    """ts_rank of each candidate's outline against an OR query of this outline's words (Norwegian)."""
    from django.contrib.postgres.search import SearchVector

    if not candidates:
        return {}
    return full_text_ranks(
        Application.objects.filter(pk__in=[candidate.pk for candidate in candidates]),
        SearchVector("question", "description", config="norwegian"),
        words(application.outline_text()),
    )
