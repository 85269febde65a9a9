"""Gzip of HTML pages: only for visitors without a session, never a page with a CSRF token (BREACH)."""

import gzip

import pytest
from django.urls import reverse

from tests.factories import UserFactory

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.mark.django_db
def test_public_page_is_gzipped_for_an_anonymous_visitor(client):
    response = client.get(reverse("about"), headers=GZIP)

    assert (response["Content-Encoding"], response["Vary"].count("Accept-Encoding")) == ("gzip", 1)
    assert b'<main id="main"' in gzip.decompress(response.content)


@pytest.mark.django_db
def test_page_with_a_csrf_token_is_not_gzipped(client):
    response = client.get(reverse("account_login"), headers=GZIP)

    assert (response.has_header("Content-Encoding"), b"csrfmiddlewaretoken" in response.content) == (
        False,
        True,
    )


@pytest.mark.django_db
def test_page_for_a_signed_in_person_is_not_gzipped(client):
    client.force_login(UserFactory())

    response = client.get(reverse("about"), headers=GZIP)

    assert (response.status_code, response.has_header("Content-Encoding")) == (200, False)


@pytest.mark.django_db
def test_page_is_not_gzipped_for_a_browser_without_gzip(client):
    response = client.get(reverse("about"))

    assert (response.status_code, response.has_header("Content-Encoding")) == (200, False)
