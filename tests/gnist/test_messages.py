"""Messages (django.contrib.messages) at the top of every page, where the page opens after an action."""

import re

from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string

from gnist.messages import with_link


def test_a_message_with_a_link_escapes_its_text():
    assert with_link("Saved <b>", "#questions", "Go on") == (
        'Saved &lt;b&gt; <a class="ds-link" href="#questions">Go on</a>'
    )


def test_messages_sit_in_a_region_the_page_focuses_an_error_is_an_alert(rf, db):
    request = rf.get("/en/")
    messages = [Message(constants.SUCCESS, "Saved."), Message(constants.ERROR, "Not saved.")]

    page = render_to_string("base.html", {"messages": messages}, request=request)

    assert '<div class="messages" id="messages" tabindex="-1" data-focus-on-load>' in page
    assert ("{#" in page, "{%" in page) == (False, False)  # no template comment or tag shows as text
    assert re.findall(
        r'<div class="ds-alert" data-color="(\w+)" role="(\w+)">\s*<p class="ds-paragraph">([^<]+)</p>', page
    ) == [
        ("success", "status", "Saved."),
        ("danger", "alert", "Not saved."),
    ]


def test_a_page_without_messages_has_no_message_region(rf, db):
    page = render_to_string("base.html", {}, request=rf.get("/en/"))

    assert "data-focus-on-load" not in page
