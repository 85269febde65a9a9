"""Similar challenges on a challenge's page: published challenges of other municipalities (in any round),
ranked as the follow-municipality suggestions are (municipalities/suggestions.py): one point per shared theme
plus the text similarity from `gnist.similarity` — Norwegian full-text rank on PostgreSQL, word overlap on
SQLite — each with the overlap explained in words.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from challenges.models import Challenge
from gnist.similarity import ExplainedMatch, full_text_ranks, has_norwegian_search, word_overlap, words
from municipalities.models import Municipality, join_names

LIMIT = 3
SHOWN_WORDS = 6


def challenge_words(challenge: Challenge) -> set[str]:
    return words(" ".join(getattr(challenge, name) for name in Challenge.SEARCH_WEIGHTS))


@dataclass
class Similar(ExplainedMatch):
    challenge: Challenge

    def themes_text(self) -> str:
        themes = join_names(name.lower() for name in self.shared_themes)
        return _("Both are about %(themes)s") % {"themes": themes}

    def words_text(self) -> str:
        return _("shared words: %(words)s") % {"words": ", ".join(self.shared_words)}

    @property
    def explanation(self) -> str:
        # A sentence on the page: it starts with a capital even when only words are shared.
        text = super().explanation
        return text[:1].upper() + text[1:]


def similar_challenges(challenge: Challenge, *, limit: int = LIMIT) -> list[Similar]:
    """The published challenges of other municipalities that overlap this one most, best first.

    Queries: the candidates, their themes and municipalities (prefetched), and on PostgreSQL their ranks.
    Uses the challenge's prefetched themes and participant municipalities.
    """
    mine = {municipality.number for municipality in challenge.participant.municipalities.all()}
    candidates = [
        candidate
        for candidate in Challenge.objects.published()
        .exclude(pk=challenge.pk)
        .exclude(participant=challenge.participant_id)
        .select_related("participant__round")
        .prefetch_related(
            "themes",
            Prefetch("participant__municipalities", queryset=Municipality.objects.select_related("county")),
        )
        if not mine & {municipality.number for municipality in candidate.participant.municipalities.all()}
    ]
    if not candidates:
        return []
    my_themes = {theme.pk: theme.name for theme in challenge.themes.all()}
    my_words = challenge_words(challenge)
    ranks = None
    if has_norwegian_search():
        from django.contrib.postgres.search import SearchVectorField

        column = RawSQL(f'"{Challenge._meta.db_table}"."search"', [], output_field=SearchVectorField())
        ranks = full_text_ranks(
            Challenge.objects.filter(pk__in=[candidate.pk for candidate in candidates]), column, my_words
        )
    found = []
    for candidate in candidates:
        their_words = challenge_words(candidate)
        similar = Similar(
            challenge=candidate,
            shared_themes=[my_themes[theme.pk] for theme in candidate.themes.all() if theme.pk in my_themes],
            shared_words=sorted(my_words & their_words)[:SHOWN_WORDS],
            similarity=ranks.get(candidate.pk, 0.0)
            if ranks is not None
            else word_overlap(my_words, their_words),
        )
        if similar.shared_themes or similar.shared_words:
            found.append(similar)
    found.sort(key=lambda similar: (-similar.score, -similar.challenge.pk))
    return found[:limit]
