"""The site's error pages in the browser: axe-clean, CSP-clean and fitting a phone, like every page."""

import pytest
from django.urls import reverse

from tests.browser.harness import check_accessibility

pytestmark = pytest.mark.browser


def expect_failed_response(page, url: str, status: int) -> None:
    """The page's own status is what the test wants, not a browser error: drop what the watcher recorded."""
    page.gnist_errors = [
        error
        for error in page.gnist_errors
        if error != f"HTTP {status} for {url}"
        and not (error.startswith("Failed to load resource") and url in error)
    ]


@pytest.mark.journey
def test_the_404_page_passes_axe_on_a_phone_and_a_desktop(page, live_server, db):
    url = live_server.url + "/en/finnes-ikke/"

    response = page.goto(url)
    expect_failed_response(page, url, 404)

    assert response.status == 404
    assert page.locator("h1").inner_text() == "We cannot find this page"
    assert page.locator("main a", has_text="Sign in").get_attribute("href") == (
        reverse("account_login").replace("/konto", "/en/konto", 1) + "?next=/en/finnes-ikke/"
    )
    check_accessibility(page)
