"""Every public page in all three languages: axe-clean, CSP-clean, the right `<html lang>`, and a language
switcher that keeps the page."""

import re
import time

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.harness import check_accessibility
from tests.browser.pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser

# The switcher's links, named in their own language (however they are capitalised).
SWITCHER = [
    ("nb", re.compile(r"^norsk \(bokmål\)$", re.IGNORECASE)),
    ("nn", re.compile(r"^norsk \(nynorsk\)$", re.IGNORECASE)),
    ("en", re.compile(r"^English$")),
]


def url_in(language: str, name: str, kwargs: dict) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_public_page_in_every_language(page, live_server, demo_data, name, kwargs):
    page.goto(url_in("nb", name, kwargs))
    for language, link_text in [*SWITCHER[1:], SWITCHER[0]]:
        # Arrive in bokmål, then move through the switcher: nynorsk, English and back to bokmål.
        if page.evaluate("document.documentElement.lang") != language:
            page.get_by_role("link", name=link_text).click()
            page.wait_for_load_state()
        assert page.url == live_server.url + url_in(language, name, kwargs)
        assert page.evaluate("document.documentElement.lang") == language
        check_accessibility(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, demo_data):
    page.goto("/")

    page.keyboard.press("Tab")
    first = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    page.keyboard.press("Enter")

    assert first == ["ds-skip-link", "#main"]
    assert page.evaluate("document.activeElement.id") == "main"
    check_accessibility(page)


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_public_page_fits_a_320px_screen(page, demo_data, name, kwargs):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url_in("nb", name, kwargs))
    # Measure the settled layout: text is wider in the fallback font than in Inter until Inter has loaded.
    page.evaluate("document.fonts.ready.then(() => true)")

    assert page.evaluate("document.scrollingElement.scrollWidth") <= 320
    check_accessibility(page)


# Sums the page's layout shifts (not those right after input), as Lighthouse's cumulative layout shift does.
LAYOUT_SHIFTS = """
window.__gnistShifts = [];
new PerformanceObserver((list) => window.__gnistShifts.push(...list.getEntries()))
  .observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("width", [320, 412, 1280])
def test_page_does_not_move_when_its_fonts_arrive_late(page, demo_data, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.add_init_script(LAYOUT_SHIFTS)
    # The fonts come a second late, as on a slow phone: the page is painted without them first.
    page.route("**/*.woff2", lambda route: (time.sleep(1), route.continue_()))
    page.goto(url_in("nb", "municipalities:round_detail", {"number": 3}))
    page.evaluate("document.fonts.ready.then(() => new Promise((resolve) => setTimeout(resolve, 300)))")

    shift = page.evaluate(
        "window.__gnistShifts.filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0)"
    )

    assert round(shift, 3) == 0
    check_accessibility(page)
