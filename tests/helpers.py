"""Assertion helpers shared by the tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> int:
    """How many database queries one GET of `url` costs (the response must be 200).

    Use it twice with the same literal, before and after adding more data, to show a page's query count
    does not grow with the data: `assert count_queries(client, url) == 7`.
    """
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url} gave {response.status_code}"
    return len(queries)
