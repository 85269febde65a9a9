"""Searching the challenges: full-text on PostgreSQL, a simpler fallback on SQLite.

PostgreSQL: the generated `search` column (migration 0002: norwegian configuration, title A > summary B > the
sections C, GIN index) matched with `websearch_to_tsquery('norwegian', q)` — stemmed, so "boliger" finds
"bolig" — and ranked with `ts_rank`. The column is not a model field, so it is reached through RawSQL.
SQLite: every word must occur in one of the weighted fields (icontains); the rank adds up where each word was
found (title 3, summary 2, a section 1).
"""

from django.db.models import BooleanField, Case, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from challenges.models import Challenge
from gnist.similarity import WORD, has_norwegian_search

# The fallback's weight of a match in each of the weighted letters of Challenge.SEARCH_WEIGHTS.
FALLBACK_POINTS = {"A": 3, "B": 2, "C": 1}
# The fallback looks for at most this many words of a query.
MAX_FALLBACK_WORDS = 8


def search(queryset: QuerySet, text: str) -> QuerySet:
    """`queryset` narrowed to the challenges matching `text`, annotated with `rank` (higher is better)."""
    text = text.strip()
    if not text:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if has_norwegian_search():
        return _full_text(queryset, text)
    return _fallback(queryset, text)


def _full_text(queryset: QuerySet, text: str) -> QuerySet:
    column = f'"{Challenge._meta.db_table}"."search"'
    query = "websearch_to_tsquery('norwegian', %s)"
    return queryset.annotate(
        matches=RawSQL(f"{column} @@ {query}", [text], output_field=BooleanField()),
        rank=RawSQL(f"ts_rank({column}, {query})", [text], output_field=FloatField()),
    ).filter(matches=True)


def _fallback(queryset: QuerySet, text: str) -> QuerySet:
    terms = list(dict.fromkeys(word for word in WORD.findall(text.casefold())))[:MAX_FALLBACK_WORDS]
    if not terms:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    rank = Value(0, output_field=IntegerField())
    for term in terms:
        found = Q()
        points = []
        for name, weight in Challenge.SEARCH_WEIGHTS.items():
            found |= Q(**{f"{name}__icontains": term})
            points.append(When(Q(**{f"{name}__icontains": term}), then=Value(FALLBACK_POINTS[weight])))
        queryset = queryset.filter(found)
        # The first field that matched counts: SEARCH_WEIGHTS lists the title first, the sections last.
        rank = rank + Case(*points, default=Value(0), output_field=IntegerField())
    return queryset.annotate(rank=rank)
