"""Municipality staff add an image to their challenge from its page: a refused file keeps the alternative
text and shows the error summary; once published, everyone sees the image, loaded through the image view."""

import io
import re

import pytest
from PIL import Image

from challenges import services
from municipalities.models import Theme
from tests.browser.harness import check_accessibility
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.journey
def test_staff_add_an_image_that_everyone_sees_once_published(page, open_round):
    staff = open_round.staff
    challenge = services.create_challenge(
        open_round.participant,
        actor=staff,
        title="Hvordan kan flere bo i sentrum?",
        summary="Sentrum står tomt.",
        background="Mange tomme hus.",
        needs="Nye boformer.",
    )
    challenge.themes.add(Theme.objects.get(slug="bolig"))

    page.goto("/en/konto/login/")
    page.locator("main input[name=login]").fill(staff.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Sign in$", re.IGNORECASE)).click()
    page.goto(f"/en/utfordringer/{challenge.pk}/")
    page.get_by_role("link", name="Add or remove images and attachments").click()
    check_accessibility(page)

    page.get_by_label(re.compile("^Image Required")).set_input_files(
        {
            "name": "logo.svg",
            "mimeType": "image/svg+xml",
            "buffer": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
    )
    page.get_by_label(re.compile("^Alternative text")).fill("Torget en tirsdag")
    page.get_by_role("button", name="Upload the image").click()
    page.wait_for_load_state()
    assert page.get_by_label(re.compile("^Alternative text")).input_value() == "Torget en tirsdag"
    check_accessibility(page)

    page.get_by_label(re.compile("^Image Required")).set_input_files(
        {"name": "torg.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name="Upload the image").click()
    page.wait_for_load_state()
    assert page.get_by_role("img", name="Torget en tirsdag").count() == 1
    check_accessibility(page)

    services.submit_challenge(challenge, actor=staff)
    services.publish_challenge(challenge, actor=open_round.admin)
    page.context.clear_cookies()
    page.goto(f"/en/utfordringer/{challenge.pk}/")
    image = page.get_by_role("img", name="Torget en tirsdag")
    image.scroll_into_view_if_needed()
    # Wait for it to load: decode() settles once the image is loaded and decoded. (A wait_for_function string
    # is evaluated in the page, which the site's CSP refuses once it has to poll.)
    image.evaluate("element => element.decode()")
    assert image.evaluate("element => element.naturalWidth") > 0
    check_accessibility(page)
