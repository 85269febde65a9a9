"""Text similarity shared by the apps that suggest related things (follow municipalities, similar challenges).

On PostgreSQL with the 'norwegian' full-text configuration, candidates are ranked with `ts_rank` against an
OR query of the text's words (stemmed, stop words removed); elsewhere (SQLite) by the share of normalised
words two texts have in common. Either way, `words` gives the shared words the explanation names.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from django.db import connection

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


def word_overlap(mine: set[str], theirs: set[str]) -> float:
    """The share of two texts' words they have in common (0 to 1): the fallback without full-text search."""
    union = mine | theirs
    return len(mine & theirs) / len(union) if union else 0.0


@cache
def has_norwegian_search() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'norwegian'")
        return cursor.fetchone() is not None


def full_text_ranks(queryset, vector, terms: set[str]) -> dict[int, float]:
    """`ts_rank` of each row's `vector` (an expression) against an OR query of `terms` (Norwegian), scaled to
    0 to 0.99 so that text breaks ties between equal theme counts without outweighing a shared theme.

    One query; PostgreSQL with the 'norwegian' configuration only (see `has_norwegian_search`).
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank

    if not terms:
        return {}
    query = SearchQuery(" | ".join(sorted(terms)), config="norwegian", search_type="raw")
    rows = queryset.annotate(rank=SearchRank(vector, query)).values_list("pk", "rank")
    # ts_rank is small (about 0.01 to 0.1).
    return {pk: min(float(rank) * 5, 0.99) for pk, rank in rows}


@dataclass(kw_only=True)
class ExplainedMatch:
    """A candidate that overlaps another thing: what they share, how similar, and why, in words.

    Subclasses add the candidate itself as a field and word the two halves of the explanation.
    """

    shared_themes: list[str] = field(default_factory=list)
    shared_words: list[str] = field(default_factory=list)
    similarity: float = 0.0

    @property
    def score(self) -> float:
        """One point per shared theme plus the text similarity (under 1, so it only breaks ties)."""
        return len(self.shared_themes) + self.similarity

    def themes_text(self) -> str:
        raise NotImplementedError

    def words_text(self) -> str:
        raise NotImplementedError

    @property
    def explanation(self) -> str:
        """The shared themes, then the shared words, as "; "-separated phrases; empty if nothing is shared."""
        parts = []
        if self.shared_themes:
            parts.append(self.themes_text())
        if self.shared_words:
            parts.append(self.words_text())
        return "; ".join(parts)
