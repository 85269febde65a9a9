"""The content cache: anonymous pages and what every page computes, shared only where nothing personal is."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from gnist import pagecache
from gnist.pagecache import (
    VERSION_KEY,
    _shareable_response,
    bump_content_version,
    cached,
    content_version,
)
from municipalities.models import OSLO
from tests.factories import CountyFactory, MunicipalityFactory, PhaseFactory, RoundFactory
from tests.helpers import as_role, count_queries

pytestmark = pytest.mark.django_db


def queries_of(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def test_anonymous_page_is_served_from_the_cache_without_queries(client):
    RoundFactory(number=601, title="Bygderunden")

    first = queries_of(client, "/en/runder/")
    second = queries_of(Client(), "/en/runder/")

    assert (first[0] > 0, second[0], second[1]) == (True, 0, first[1])


def test_cached_page_keeps_vary_and_security_headers(client):
    client.get("/")
    response = Client().get("/")

    vary = {header.strip().lower() for header in response["Vary"].split(",")}
    assert ({"cookie", "accept-language"} <= vary, response["X-Frame-Options"]) == (True, "DENY")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response.cookies == {}


def test_cache_keeps_languages_apart(client):
    english = client.get("/en/").text
    bokmal = client.get("/").text

    assert ('<html lang="en"' in english, '<html lang="nb"' in bokmal) == (True, True)


def test_signed_in_person_never_gets_or_leaves_the_anonymous_page(client, cast):
    anonymous = Client()
    anonymous.get("/en/")  # fills the cache

    as_role(client, "participant")
    signed_in = client.get("/en/").text
    after = anonymous.get("/en/").text

    assert ("My profile" in signed_in, "Sign in" in signed_in) == (True, False)
    assert ("My profile" in after, "Sign in" in after) == (False, True)


def test_form_with_errors_is_not_served_to_the_next_visitor(client, cast, settings):
    url = "/en" + reverse("account_login")
    failed = client.post(url, {"login": "participant@example.no", "password": "wrong password"})
    fresh = Client().get(url)

    assert ("The email address and/or password you specified are not correct." in failed.text) is True
    assert ("are not correct" in fresh.text, fresh.status_code) == (False, 200)
    # The sign-in form carries a CSRF token: it is never stored, so each visitor gets their own.
    assert settings.CSRF_COOKIE_NAME in Client().get(url).cookies


def test_page_with_a_message_is_neither_served_from_nor_left_in_the_cache(client, cast):
    Client().get("/en/")  # another visitor fills the cache
    as_role(client, "participant")

    client.post(reverse("account_logout"))  # signs out with a message for the next page
    with_message = client.get("/en/").text
    next_visitor = Client().get("/en/").text

    assert ("You have signed out." in with_message, "You have signed out." in next_visitor) == (
        True,
        False,
    )


def test_not_found_is_not_cached(client):
    assert client.get("/runder/602/").status_code == 404
    RoundFactory(number=602)

    assert client.get("/runder/602/").status_code == 200


def test_post_is_not_cached(client):
    client.post("/en/runder/")
    RoundFactory(number=603, title="Etter posten")  # factories do not bump the version: only a GET stored

    assert "Etter posten" in client.get("/en/runder/").text


def test_admin_edit_shows_at_once(client, cast, django_capture_on_commit_callbacks):
    county = CountyFactory(name="Gamlefylket")
    municipality = MunicipalityFactory(county=county, name="Bygda")
    url = municipality.get_absolute_url()
    assert "Gamlefylket" in Client().get(url).text

    as_role(client, "programme_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:municipalities_county_change", args=[county.pk]),
            {"number": county.number, "name": "Nyfylket", "valid_from": county.valid_from.isoformat()},
        )

    assert response.status_code == 302
    assert ("Nyfylket" in Client().get(url).text) is True


def test_version_is_bumped_only_when_the_write_commits(django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bump_content_version()
    assert content_version() == before
    callbacks[0]()
    assert content_version() == before + 1


def test_a_value_is_kept_in_the_process_until_the_version_changes(django_capture_on_commit_callbacks):
    computed = []

    def compute():
        computed.append(len(computed) + 1)
        return [len(computed)]

    first, again = cached("sample", compute), cached("sample", compute)
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_version()
    after_a_change = cached("sample", compute)

    # The same object, unpickled from nothing, until the content changes.
    assert (first is again, first, after_a_change, computed) == (True, [1], [2], [1, 2])


def test_a_value_another_process_computed_is_taken_from_the_shared_cache():
    cached("sample", lambda: ["mine"])
    pagecache._local.clear()  # this process starts afresh; the shared cache still has the value

    assert cached("sample", lambda: ["computed again"]) == ["mine"]
    # And the other way round: an entry the shared cache lost is computed once more, whatever this process
    # kept, when the version has changed meanwhile.
    cache.delete(VERSION_KEY)
    assert cached("sample", lambda: ["after the loss"]) == ["after the loss"]


def test_lost_version_makes_every_entry_stale(client):
    RoundFactory(number=604, title="Før tapet")
    client.get("/en/runder/")
    cache.delete(VERSION_KEY)
    RoundFactory(number=605, title="Etter tapet")

    assert "Etter tapet" in client.get("/en/runder/").text


def test_cached_page_goes_stale_when_a_phase_opens(client, monkeypatch):
    opens = datetime.datetime(2031, 2, 1, 9, tzinfo=OSLO)
    PhaseFactory(
        round=RoundFactory(number=606),
        order=1,
        opens_applications=True,
        starts_at=opens,
        ends_at=opens + datetime.timedelta(days=30),
    )
    monkeypatch.setattr(timezone, "now", lambda: opens - datetime.timedelta(seconds=1))
    coming = client.get("/en/").text
    monkeypatch.setattr(timezone, "now", lambda: opens)
    open_now = client.get("/en/").text

    assert ("Coming up" in coming, "Open now" in open_now) == (True, True)


def test_signed_in_home_reads_open_now_and_the_latest_round_from_the_cache(client, cast):
    PhaseFactory(round=RoundFactory(number=607), order=1)
    as_role(client, "participant")

    # Warm: the user and the challenge writing's "open now"; the rounds' phases come from the cache and the
    # person's own actions are worked out from them (what they may do differs from person to person).
    assert (count_queries(client, "/"), count_queries(client, "/", warm=True)) == (7, 2)


def test_settings_turn_the_cache_off(client, settings):
    settings.GNIST_CONTENT_CACHE_SECONDS = 0
    RoundFactory(number=608, title="Uten hurtiglager")
    client.get("/en/runder/")
    RoundFactory(number=609, title="Fortsatt uten")

    assert "Fortsatt uten" in client.get("/en/runder/").text


def shareable(*, prepare=None) -> bool:
    request = RequestFactory().get("/")
    response = HttpResponse("<p>Hei</p>")
    if prepare:
        prepare(request, response)
    return _shareable_response(request, response)


@pytest.mark.parametrize(
    ("case", "prepare"),
    [
        ("sets a cookie", lambda request, response: response.set_cookie("seen", "1")),
        ("used the CSRF token", lambda request, response: get_token(request)),
        ("is private", lambda request, response: patch_cache_control(response, private=True)),
        ("varies on more", lambda request, response: patch_vary_headers(response, ["User-Agent"])),
        ("is not a 200", lambda request, response: setattr(response, "status_code", 404)),
    ],
)
def test_response_is_not_stored_when_it(case, prepare):
    assert (shareable(), shareable(prepare=prepare)) == (True, False)
