"""Assertion helpers shared by the tests."""

import html
import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

# The fixed cast of tests/conftest.py, role by role (style.md rule 22): every permission table covers these.
ROLES = (
    "anonymous",
    "participant",
    "staff",
    "other_staff",
    "co_applicant_staff",
    "supplier",
    "juror",
    "programme_admin",
)
# Whom `as_role` signs in: the cast's users by their fixed addresses, plus the `editor` fixture's user (an
# approved editor of cast.municipality: an insider without admin rights) for tables that need one.
_EMAILS = {
    "participant": "participant@example.no",
    "staff": "staff@example.no",
    "other_staff": "other-staff@example.no",
    "co_applicant_staff": "co-applicant-staff@example.no",
    "supplier": "supplier@example.no",
    "other_supplier": "other-supplier@example.no",
    "juror": "juror@example.no",
    "programme_admin": "programme-admin@example.no",
    "editor": "editor@example.no",
}


def as_role(client, role: str):
    """Sign `client` in as the cast member playing `role` and return that user (None for "anonymous").

    The test must use the `cast` fixture (and `editor` for that role). A co-applicant's CoApplicant row is
    the test's to create: the helper only signs in. The programme admin has TOTP on, so they hold their
    site-wide staff powers with `GNIST_REQUIRE_STAFF_MFA` on; the helper checks it rather than trusting it.
    """
    from accounts.models import User
    from gnist.permissions import has_staff_mfa

    if role == "anonymous":
        client.logout()
        return None
    user = User.objects.get(email=_EMAILS[role])
    if role == "programme_admin":
        assert has_staff_mfa(user), "the programme admin must pass the staff MFA requirement"
    client.force_login(user)
    return user


def count_queries(client, url: str, *, warm: bool = False) -> int:
    """How many database queries one GET of `url` costs (the response must be 200).

    Use it twice with the same literal, before and after adding more data, to show a page's query count
    does not grow with the data: `assert count_queries(client, url) == 7`. The count is cold: the cache
    (pages, what every page computes, sessions) is emptied first, so it is the worst case, not a lucky hit;
    `warm=True` counts a second request after a first one filled the cache. The cache is emptied again
    afterwards, so the test's next request sees the data it adds next (factories bump no content version).
    """
    cache.clear()
    if warm:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    cache.clear()
    assert response.status_code == 200, f"GET {url} gave {response.status_code}"
    return len(queries)


def wait_for(condition, timeout: float = 20) -> None:
    """Poll `condition` until it holds, failing the test after `timeout` seconds (for real Celery workers)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"The worker did not finish within {timeout} s.")
        time.sleep(0.1)


def denial_reason(response) -> str:
    """What a 403 page says to a signed-in person about why (gnist.errors.ExplainedPermissionDenied), as they
    read it: "" when the page gives no reason. The response must be a 403."""
    assert response.status_code == 403, f"expected a 403, got {response.status_code}"
    found = re.search(r'<p class="ds-paragraph" data-size="lg">([^<]*)</p>', response.text)
    return html.unescape(found[1]) if found else ""
