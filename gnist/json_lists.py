"""Small lists read with the row they belong to: one JSON column in the row's query instead of a prefetch.

A page that shows one thing with a few short lists (a challenge's themes, goals and attachments) asks once
per list with `prefetch_related`. `json_list` puts such a list in the thing's own query as one JSON array
of the related rows' plain fields (text and numbers only: SQLite and PostgreSQL give dates and JSON fields
back differently); `instances` turns it back into model instances for the page, in the model's order.
The same on SQLite (JSON_GROUP_ARRAY) and PostgreSQL (JSONB_AGG).
"""

from collections.abc import Iterable, Sequence
from operator import itemgetter

from django.db import models
from django.db.models import Aggregate, OuterRef, Subquery
from django.db.models.functions import JSONObject


class _JSONArrayAgg(Aggregate):
    """The aggregated values as one JSON array."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_list(queryset: models.QuerySet, *, parent: str, fields: Sequence[str]) -> Subquery:
    """An annotation: the rows of `queryset` whose `parent` is the annotated row, as a JSON array of objects
    holding `fields` (None when there are none). `parent` is the lookup from the rows to the annotated model
    (`"challenge"`, or a many-to-many's related query name)."""
    rows = (
        queryset.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(rows=_JSONArrayAgg(JSONObject(**{field: field for field in fields})))
        .values("rows")
    )
    return Subquery(rows, output_field=models.JSONField())


def instances(model: type[models.Model], rows: Iterable[dict] | None, *, order: Sequence[str]) -> list:
    """The model instances a `json_list` holds, sorted by `order` (fields it holds, as the model orders)."""
    return [model(**row) for row in sorted(rows or (), key=itemgetter(*order))]
