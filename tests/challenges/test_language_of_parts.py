"""Language of parts (WCAG 3.1.2): a challenge's own texts carry its language, the interface around them the
page's — a challenge in nynorsk on an English page marks its title, summary, sections, contact, image texts
and published questions and answers, and nothing else (no link, heading, label or button)."""

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from challenges import alerts, services
from challenges.models import Challenge
from tests.challenges.test_files import add_image
from tests.helpers import ROLES, as_role

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ForeignParts(HTMLParser):
    """Collects, inside <main>, the text (and images' alternative texts) of each outermost element whose
    `lang` differs from the page's."""

    def __init__(self, page_language: str):
        super().__init__()
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []  # (tag, opens a foreign part)
        self.in_main = False
        self.buffer: list[str] | None = None
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        foreign = self.in_main and attrs.get("lang") not in (None, self.page_language)
        if tag == "img" and (self.buffer is not None or foreign):
            (self.parts if self.buffer is None else self.buffer).append(attrs.get("alt") or "")
        if tag in VOID:
            return
        opens = foreign and self.buffer is None
        if opens:
            self.buffer = []
        self.stack.append((tag, opens))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        while self.stack:
            open_tag, opened = self.stack.pop()
            if opened:
                self.parts.append(" ".join(" ".join(self.buffer).split()))
                self.buffer = None
            if open_tag == tag:
                return

    def handle_data(self, data):
        if self.buffer is not None:
            self.buffer.append(data)


def foreign_parts(html: str, page_language: str) -> list[str]:
    parser = _ForeignParts(page_language)
    parser.feed(html)
    parser.close()
    return parser.parts


@pytest.fixture
def nynorsk(cast, published) -> Challenge:
    """`published` written in nynorsk, with a contact, an image with a caption, an answered question and a
    clarification."""
    Challenge.objects.filter(pk=published.pk).update(
        language="nn",
        contact_name="Kari Nordmann",
        contact_role="rådgjevar",
        contact_email="kari@castrup.no",
        contact_phone="",
    )
    add_image(published, alt_text="Eit tomt torg", caption="Torget om kvelden")
    question = services.ask_question(published, actor=cast.supplier, text="Kan vi levere saman med andre?")
    services.answer_question(
        question, actor=cast.staff, text="Kan vi levere saman?", answer="Ja, det går fint."
    )
    services.publish_clarification(published, actor=cast.staff, text="Om tid", answer="Vi har god tid.")
    return Challenge.objects.get(pk=published.pk)


@pytest.mark.parametrize("role", ROLES)
def test_the_challenge_page_marks_only_the_challenges_own_texts_in_its_language(client, cast, nynorsk, role):
    as_role(client, role)

    page = client.get(f"/en{nynorsk.get_absolute_url()}").text

    assert '<html lang="en"' in page
    assert foreign_parts(page, "en") == [
        "Hvordan kan flere unge bo i sentrum?",
        "Sentrum står tomt om kvelden.",
        "Castrup har mange tomme hus.",
        "Vi trenger nye boformer.",
        "Eit tomt torg Torget om kvelden",
        "Kari Nordmann, rådgjevar \u2013 kari@castrup.no",  # an en dash
        "Kan vi levere saman?",
        "Ja, det går fint.",
        "Om tid",
        "Vi har god tid.",
    ]


def test_the_catalogue_card_marks_the_title_and_summary_only(client, cast, nynorsk):
    page = client.get("/en" + reverse("challenges:catalogue")).text

    assert foreign_parts(page, "en") == ["Hvordan kan flere unge bo i sentrum? Sentrum står tomt om kvelden."]


# Pages about one challenge (by its id) that show its title.
PAGES_ABOUT_IT = (
    "challenges:close",
    "challenges:files",
    "challenges:question_list",
    "challenges:question_ask",
)


def test_the_pages_about_a_challenge_mark_its_title(client, cast, nynorsk):
    as_role(client, "staff")
    pages = [reverse(name, kwargs={"pk": nynorsk.pk}) for name in PAGES_ABOUT_IT] + [
        reverse("challenges:mine")
    ]

    assert [foreign_parts(client.get(f"/en{url}").text, "en") for url in pages] == [
        ["Hvordan kan flere unge bo i sentrum?"],
        ["Hvordan kan flere unge bo i sentrum?", "Eit tomt torg"],  # and the image's alternative text
        ["Hvordan kan flere unge bo i sentrum?"],
        ["Hvordan kan flere unge bo i sentrum?"],
        ["Hvordan kan flere unge bo i sentrum?"],
    ]


def crumbs(page: str) -> list[tuple[str, str | None]]:
    """The breadcrumbs, each label with the language marked on it (None: the page's)."""
    nav = re.search(r'<nav class="ds-breadcrumbs[^>]*>(.*?)</nav>', page, re.S)[1]
    return [
        (html.unescape(label), language or None)
        for language, label in re.findall(r'<a class="ds-link"[^>]*>(?:<span lang="([^"]+)">)?([^<]*)', nav)
    ]


TITLE = "Hvordan kan flere unge bo i sentrum?"


@pytest.mark.parametrize(("page_language", "marked"), [("en", "nn"), ("nn", None)])
def test_the_challenges_crumb_is_marked_in_its_language_where_the_page_is_in_another(
    client, cast, nynorsk, page_language, marked
):
    question = nynorsk.questions.get(is_clarification=False)
    urls = [nynorsk.get_absolute_url(), reverse("challenges:question_detail", kwargs={"pk": question.pk})] + [
        reverse(name, kwargs={"pk": nynorsk.pk})
        for name in (*PAGES_ABOUT_IT, "challenges:edit", "challenges:submit", "challenges:clarification_add")
    ]
    as_role(client, "staff")

    pages = [crumbs(client.get(f"/{page_language}{url}").text) for url in urls]

    # The title is among each page's crumbs, the only one marked: the interface's crumbs are the page's.
    assert [[crumb for crumb in page if crumb[0] == TITLE or crumb[1]] for page in pages] == [
        [(TITLE, marked)]
    ] * len(urls)


def test_the_review_pages_crumb_is_marked_too(client, cast, nynorsk):
    url = "/en" + reverse("challenges:request_changes", kwargs={"pk": nynorsk.pk})
    as_role(client, "programme_admin")

    assert crumbs(client.get(url).text) == [
        ("Home", None),
        ("Challenges waiting for review", None),
        (TITLE, "nn"),
        ("Ask for changes", None),
    ]


def test_a_crumb_in_the_pages_own_language_and_a_draft_without_a_title_are_not_marked(
    client, cast, participant
):
    bokmal = services.create_challenge(participant, actor=cast.staff, title="Hvordan bor vi?")
    untitled = services.create_challenge(participant, actor=cast.staff)
    bokmal_url, untitled_url = (
        reverse("challenges:edit", kwargs={"pk": draft.pk}) for draft in (bokmal, untitled)
    )
    as_role(client, "staff")

    assert [
        crumbs(client.get(url).text)[2] for url in (bokmal_url, f"/en{bokmal_url}", f"/en{untitled_url}")
    ] == [("Hvordan bor vi?", None), ("Hvordan bor vi?", "nb"), ("New challenge", None)]


def test_a_published_question_and_its_answer_are_marked_on_their_page(client, cast, nynorsk):
    question = nynorsk.questions.get(is_clarification=False)
    as_role(client, "staff")

    page = client.get("/en" + reverse("challenges:question_detail", kwargs={"pk": question.pk})).text

    # The question as asked is the asker's own, in a language no one recorded: it is not marked.
    assert foreign_parts(page, "en") == [
        "Hvordan kan flere unge bo i sentrum?",
        "Kan vi levere saman?",
        "Ja, det går fint.",
    ]


def test_each_feed_entry_is_in_its_challenges_language(client, nynorsk):
    feed = ET.fromstring(client.get("/en" + reverse("challenges:feed")).content)

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = feed.iter("{http://www.w3.org/2005/Atom}entry")
    assert (feed.get(xml_lang), [entry.get(xml_lang) for entry in entries]) == ("en", ["nn"])


def test_stop_following_shows_the_title_on_its_own_in_its_language(client, cast, nynorsk):
    """A title ends with its own question mark: quoted in a question, the page said “…?”?."""
    services.follow_challenge(nynorsk, actor=cast.supplier)
    token = alerts.settings_for(cast.supplier).unsubscribe_token
    url = "/en" + reverse("challenges:unsubscribe_follow", args=[token, nynorsk.pk])

    asked = client.get(url).text
    done = client.post(url).text

    title = '<p class="ds-paragraph lead" lang="nn">Hvordan kan flere unge bo i sentrum?</p>'
    assert (title in asked, "Stop the e-mails about new answers to this challenge?" in asked) == (True, True)
    assert (title in done, "You no longer follow this challenge and get no more e-mails" in done) == (
        True,
        True,
    )
    assert ("?”" in asked + done, "?»" in asked + done) == (False, False)
    assert (foreign_parts(asked, "en"), foreign_parts(done, "en")) == (
        ["Hvordan kan flere unge bo i sentrum?"],
        ["Hvordan kan flere unge bo i sentrum?"],
    )
    assert nynorsk.follows.count() == 0
