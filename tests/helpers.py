"""Assertion helpers shared by the tests."""

import time

import pytest
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


def wait_for(condition, timeout: float = 20) -> None:
    """Poll `condition` until it holds, failing the test after `timeout` seconds (for real Celery workers)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"The worker did not finish within {timeout} s.")
        time.sleep(0.1)
