"""The site's own error pages (gnist/errors.py): in the URL's language, with the site's layout, saying what
happened and what to do next; never cached, never revealing what a 404 hides."""

import re

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import translation

from challenges.models import Challenge
from gnist import pagecache
from gnist import urls as site_urls
from gnist.errors import ExplainedPermissionDenied
from tests.factories import ParticipantFactory, RoundFactory
from tests.helpers import as_role


# --- a URLconf that adds pages which fail, to the site's own (the tests below use it through `urls`) ------
def _bad_request(request):
    raise SuspiciousOperation("Junk no form sends.")


def _permission_denied(request):
    raise PermissionDenied("A message for developers.")


def _explained(request):
    raise ExplainedPermissionDenied("The files cannot be changed now.")


def _server_error(request):
    raise RuntimeError("A bug.")


urlpatterns = [
    *i18n_patterns(
        path("feil/400/", _bad_request),
        path("feil/403/", _permission_denied),
        path("feil/403-forklart/", _explained),
        path("feil/500/", _server_error),
        prefix_default_language=False,
    ),
    *site_urls.urlpatterns,
]
handler400, handler403 = site_urls.handler400, site_urls.handler403
handler404, handler500 = site_urls.handler404, site_urls.handler500

pytestmark = pytest.mark.urls(__name__)

PREFIXES = {"nb": "", "nn": "/nn", "en": "/en"}
# Status, a path that gives it, and the page's heading (its msgid).
ERRORS = [
    (400, "/feil/400/", "We could not understand the request"),
    (403, "/feil/403/", "You cannot open this page"),
    (404, "/finnes-ikke/", "We cannot find this page"),
    (500, "/feil/500/", "Something went wrong on our side"),
]


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


def heading(page: str) -> str:
    return re.search(r'<h1 class="ds-heading" data-size="xl">([^<]*)</h1>', page)[1]


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize(("status", "url", "title"), ERRORS, ids=[str(status) for status, *_ in ERRORS])
def test_error_page_in_the_urls_language_with_the_sites_layout(
    failing_client, db, language, status, url, title
):
    response = failing_client.get(PREFIXES[language] + url)
    page = response.text

    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f'<html lang="{language}"' in page
    assert ("{#" in page, "{%" in page) == (False, False)  # no template comment or tag shows as text
    assert heading(page) == in_language(language, title)
    # The header with the language links and the main menu, and the footer.
    assert re.findall(r'class="site-nav__link" href="([^"]+)"', page)[:2] == [
        f"{PREFIXES[language]}/kompetanse/",
        f"{PREFIXES[language]}/utfordringer/",
    ]
    assert page.count('hreflang="') == 3
    assert f'href="{PREFIXES[language]}/personvern/"' in page
    assert (
        f'<a class="ds-link" href="{PREFIXES[language]}/">{in_language(language, "Go to the front page")}</a>'
        in (page)
    )


def test_a_403_offers_an_anonymous_person_sign_in_and_back_here(failing_client, db):
    page = failing_client.get("/en/feil/403/").text

    assert re.findall(r'<li><a class="ds-link" href="([^"]+)">([^<]+)</a></li>', page.split("<main")[1])[
        :2
    ] == [
        ("/en/konto/login/?next=/en/feil/403/", "Sign in"),
        ("/en/konto/signup/", "Create account"),
    ]
    assert "You are not signed in. Sign in, and you come back to this page." in page
    assert "A message for developers." not in page


def test_a_403_tells_a_signed_in_person_whom_to_ask_and_offers_no_sign_in(failing_client, cast):
    as_role(failing_client, "supplier")

    page = failing_client.get("/en/feil/403/").text

    assert "/en/konto/login/" not in page
    assert "If you think you should have access, ask your municipality's team administrator" in page
    assert ">Sign out</button>" in page


def test_a_403_shows_a_reason_written_for_the_person(failing_client, cast):
    as_role(failing_client, "staff")

    page = failing_client.get("/en/feil/403-forklart/").text

    assert '<p class="ds-paragraph" data-size="lg">The files cannot be changed now.</p>' in page


def test_the_error_page_leads_back_to_the_page_the_person_came_from_on_this_site(failing_client, db):
    own = failing_client.get("/en/finnes-ikke/", headers={"referer": "http://testserver/en/kommuner/"}).text
    other = failing_client.get("/en/finnes-ikke/", headers={"referer": "https://example.com/"}).text

    back = '<a class="ds-link" href="{}">Go back to the page you came from</a>'
    assert (back.format("http://testserver/en/kommuner/") in own, "Go back to the page" in other) == (
        True,
        False,
    )


def test_a_404_reveals_nothing_about_what_it_hides(failing_client, cast):
    participant = ParticipantFactory(round=RoundFactory(number=915), municipalities=[cast.municipality])
    draft = Challenge.objects.create(
        participant=participant, title="Hemmelig utkast", summary="Nei.", status=Challenge.Status.DRAFT
    )
    as_role(failing_client, "supplier")

    hidden = failing_client.get(f"/en/utfordringer/{draft.pk}/")
    missing = failing_client.get(f"/en/utfordringer/{draft.pk + 1000}/")

    def without_id(page: str) -> str:
        page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page)  # the sign-out form's, per render
        return re.sub(r"/utfordringer/\d+/", "/utfordringer/N/", page)

    assert (hidden.status_code, missing.status_code) == (404, 404)
    assert without_id(hidden.text) == without_id(missing.text)
    assert "Hemmelig" not in hidden.text


def test_a_404_for_an_address_nothing_has_links_each_language_to_its_front_page(failing_client, db):
    page = failing_client.get("/nn/finnes-ikke/").text

    assert re.findall(r'<a class="ds-link" href="([^"]+)" lang="(\w+)"', page) == [
        ("/", "nb"),
        ("/nn/", "nn"),
        ("/en/", "en"),
    ]


def test_a_404_of_a_real_address_keeps_the_language_links_to_it(failing_client, db):
    page = failing_client.get("/en/utfordringer/999999/").text

    assert re.findall(r'<a class="ds-link" href="([^"]+)" lang="(\w+)"', page) == [
        ("/utfordringer/999999/", "nb"),
        ("/nn/utfordringer/999999/", "nn"),
        ("/en/utfordringer/999999/", "en"),
    ]


@pytest.mark.parametrize(("status", "url", "title"), ERRORS, ids=[str(status) for status, *_ in ERRORS])
def test_error_pages_are_never_cached_nor_set_a_cookie_for_an_anonymous_visitor(
    failing_client, db, settings, status, url, title
):
    settings.GNIST_CONTENT_CACHE_SECONDS = 600
    request = RequestFactory().get(f"/en{url}")
    request.LANGUAGE_CODE = "en"

    responses = [failing_client.get(f"/en{url}") for _n in range(2)]

    assert [(response.status_code, dict(response.cookies)) for response in responses] == [(status, {})] * 2
    assert cache.get(pagecache._page_key(request)) is None


def test_an_anonymous_404_costs_no_query_and_a_signed_in_one_a_constant_few(failing_client, cast):
    with CaptureQueriesContext(connection) as anonymous:
        failing_client.get("/utfordringer/999999/")
    as_role(failing_client, "supplier")
    cache.clear()
    with CaptureQueriesContext(connection) as signed_in:
        failing_client.get("/finnes-ikke/")

    # The challenge's own lookup for the first; the session and the user for the second.
    assert (len(anonymous), len(signed_in)) == (1, 2)


def test_the_500_page_is_shown_when_the_database_is_down(failing_client, cast, monkeypatch):
    as_role(failing_client, "staff")

    def down(self):
        raise OperationalError("the database is down")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", down)
    response = failing_client.get("/nn/feil/500/")
    monkeypatch.undo()
    page = response.text

    # Without the person's links and the menu (reading the user needs the database), but the site's page.
    assert response.status_code == 500
    assert '<html lang="nn"' in page
    assert heading(page) == in_language("nn", "Something went wrong on our side")
    assert ('class="site-nav"' in page, "Sign out" in page, "site-footer" in page) == (False, False, True)
    assert '<link rel="stylesheet" href="/static/bundle/site.css">' in page


def test_the_400_page_is_shown_for_a_host_the_site_does_not_serve(db, settings):
    settings.ALLOWED_HOSTS = ["gnist.test"]
    client = Client(raise_request_exception=False, HTTP_HOST="evil.example")

    response = client.get("/en/")

    assert (response.status_code, heading(response.text)) == (400, "We could not understand the request")


def test_a_form_without_its_security_token_gets_the_sites_csrf_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/en/konto/login/", {"login": "a@example.no", "password": "x"})
    page = response.text

    assert response.status_code == 403
    assert heading(page) == "The form could not be sent"
    assert "Go back, reload the page and send the form again." in page
    # No CSRF cookie came with it: the browser keeps none, or blocks it.
    assert "Allow cookies for this site and try again." in page
    assert page.count('class="site-nav__link"') == 5


def test_the_csrf_page_for_a_stale_token_says_nothing_about_cookies(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/en/konto/login/")  # sets the CSRF cookie

    response = client.post("/en/konto/login/", {"csrfmiddlewaretoken": "x" * 32, "login": "a@example.no"})

    assert (response.status_code, heading(response.text)) == (403, "The form could not be sent")
    assert "Allow cookies" not in response.text
