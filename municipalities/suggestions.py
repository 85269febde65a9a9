"""Follow-municipality suggestions: the round's other applications, ranked by overlap of their challenge.

Overlap = shared themes (one point each) + text similarity of the outlines (question and description). On
PostgreSQL the similarity is full-text search with the 'norwegian' configuration (stemmed, stop words removed)
when the database has it; elsewhere (SQLite) it is the share of normalised words the outlines have in common.
The explanation names the shared themes and the shared words, whichever database ranked them.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from django.db import connection
from django.utils.translation import gettext as _

from municipalities.models import Application

_STOP_TEXT = """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om
    vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal
    selv sjøl her alle vil bli ble blei blitt kunne inn når være vere kom noen noe ville dere deres kun
    ja etter ned skulle denne for deg si sine sitt mot å meget hvorfor dette disse uten hvordan korleis
    ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors hvis både bare enn
    fordi før mange også slik vært båe begge siden henne hennar hennes the a an of and to in for on how
    with our we kva kven kvar vore gjennom skal får få mer mest flere fleire nye ny nytt best bedre
    kommune kommunen kommunar kommuner
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> set[str]:
    """Lower-case words of three or more letters, without stop words or digits."""
    return {
        word
        for word in WORD.findall(text.casefold())
        if len(word) >= 3 and word not in STOP_WORDS and not word.isdigit()
    }


@dataclass
class Suggestion:
    application: Application
    shared_themes: list[str] = field(default_factory=list)
    shared_words: list[str] = field(default_factory=list)
    similarity: float = 0.0

    @property
    def score(self) -> float:
        return len(self.shared_themes) + self.similarity

    @property
    def explanation(self) -> str:
        parts = []
        if self.shared_themes:
            parts.append(_("Shares the themes %(themes)s") % {"themes": ", ".join(self.shared_themes)})
        if self.shared_words:
            parts.append(_("similar words: %(words)s") % {"words": ", ".join(self.shared_words)})
        return "; ".join(parts) if parts else _("No overlap found")


@cache
def has_norwegian_search() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'norwegian'")
        return cursor.fetchone() is not None


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
            union = my_words | their_words
            similarity = len(shared) / len(union) if union else 0.0
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
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    terms = sorted(words(application.outline_text()))
    if not terms or not candidates:
        return {}
    query = SearchQuery(" | ".join(terms), config="norwegian", search_type="raw")
    vector = SearchVector("question", "description", config="norwegian")
    rows = (
        Application.objects.filter(pk__in=[candidate.pk for candidate in candidates])
        .annotate(rank=SearchRank(vector, query))
        .values_list("pk", "rank")
    )
    # ts_rank is small (about 0.01 to 0.1); scaled so that text breaks ties between equal theme counts
    # without outweighing a shared theme.
    return {pk: min(float(rank) * 5, 0.99) for pk, rank in rows}
