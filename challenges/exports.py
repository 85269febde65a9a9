"""The catalogue as open data: one record per published challenge, as CSV (for Excel) and JSON, under the
Norwegian licence for open government data (NLOD 2.0).

The columns are listed once here; the long texts are the model's `SECTION_FIELDS` (Markdown as written).
Contact persons are left out: the open data carries no personal data.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from municipalities.models import Municipality

LICENCE = {
    "name": "Norsk lisens for offentlige data (NLOD) 2.0",
    "url": "https://data.norge.no/nlod/no/2.0",
}
LICENCE_NOTE = _(
    "The catalogue is open data under the Norwegian licence for open government data (NLOD) 2.0: you may "
    "copy, use and share it if you name Gnist as the source."
)
COLUMNS = (
    "id",
    "url",
    "title",
    "summary",
    "status",
    "language",
    "round",
    "round_title",
    "participant",
    "county",
    "municipality_numbers",
    "municipalities",
    "themes",
    "goals",
    "published_at",
    "closed_at",
    *Challenge.SECTION_FIELDS,
)


def with_export_data(queryset: QuerySet) -> QuerySet:
    """What a record reads, in a constant number of queries (challenges, municipalities, themes, goals)."""
    return queryset.select_related("participant__round").prefetch_related(
        Prefetch("participant__municipalities", queryset=Municipality.objects.select_related("county")),
        "themes",
        "goals",
    )


def record(challenge: Challenge, absolute_url) -> dict[str, Any]:
    """One challenge as open data; `absolute_url(path)` makes its link absolute."""
    participant = challenge.participant
    municipalities = participant.sorted_municipalities
    return {
        "id": challenge.pk,
        "url": absolute_url(challenge.get_absolute_url()),
        "title": challenge.title,
        "summary": challenge.summary,
        "status": challenge.status,
        "language": challenge.language,
        "round": participant.round.number,
        "round_title": participant.round.title,
        "participant": participant.display_name,
        "county": participant.county_label,
        "municipality_numbers": [municipality.number for municipality in municipalities],
        "municipalities": [municipality.name for municipality in municipalities],
        "themes": [theme.name for theme in challenge.themes.all()],
        "goals": [goal.number for goal in challenge.goals.all()],
        "published_at": challenge.published_at.isoformat() if challenge.published_at else None,
        "closed_at": challenge.closed_at.isoformat() if challenge.closed_at else None,
        **{name: getattr(challenge, name) for name in Challenge.SECTION_FIELDS},
    }


def csv_rows(challenges: Iterable[Challenge], absolute_url) -> Iterator[list[object]]:
    """A header, then one row per challenge; lists become comma-separated cells."""
    yield list(COLUMNS)
    for challenge in challenges:
        data = record(challenge, absolute_url)
        yield [
            ", ".join(map(str, data[column])) if isinstance(data[column], list) else data[column]
            for column in COLUMNS
        ]


def json_document(challenges: Iterable[Challenge], absolute_url, *, source: str) -> dict[str, Any]:
    return {
        "licence": LICENCE,
        "source": source,
        "challenges": [record(challenge, absolute_url) for challenge in challenges],
    }
