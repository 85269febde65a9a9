"""After an action the page opens at its message, on a phone too, and the message leads on to its section."""

import pytest

from tests.browser.harness import check_accessibility, sign_in
from tests.factories import verified_user

pytestmark = pytest.mark.browser


@pytest.mark.journey
def test_following_a_challenge_shows_and_focuses_the_message_then_leads_to_the_questions(
    page, published_challenge
):
    sign_in(page, verified_user(email="leverandor@example.no", name="Siri Leverandør"))
    page.goto(published_challenge.get_absolute_url())

    page.locator("#questions button[type=submit]", has_text="Følg denne utfordringen").click()
    page.wait_for_load_state()

    message = page.locator("#messages")
    assert page.evaluate("document.activeElement.id") == "messages"
    box = message.bounding_box()
    assert (box["y"] >= 0, box["y"] + box["height"] <= page.viewport_size["height"]) == (True, True)
    check_accessibility(page)
    message.get_by_role("link").click()
    assert page.evaluate("location.hash") == "#questions"
    assert page.locator("#questions-heading").evaluate(
        "(element) => element.getBoundingClientRect().top < innerHeight"
    )
