"""One language at a time: bokmål and nynorsk pages, ours and allauth's, show no English UI text, and the
third-party strings our catalogue (accounts/locale) overrides read as we write."""

import datetime
import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from competence.loading import load_course
from municipalities import reference_data
from tests.factories import PhaseFactory, RoundFactory
from tests.helpers import as_role

# English UI words as whole words; none is a Norwegian word or the start of one ("Passord" is not "Password").
ENGLISH = re.compile(
    r"\b(This password|Select an option|Please|Sign in|Sign up|Forgot|Remember|Password|E-?mail address|"
    r"required|Submit|Cancel)\b",
    re.IGNORECASE,
)
# Bokmål wording we do not use, which allauth's catalogue has: "Vennligst …", "eposten", "enda" for "ennå".
OLD_BOKMAL = re.compile(r"\b(Vennligst|eposten|epost|enda)\b", re.IGNORECASE)
OPEN_ROUND = 950


def visible_text(html: str) -> str:
    """What a person reads or hears: the text between tags, and the labels and hints kept in attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    spoken = re.findall(r'\s(?:aria-label|placeholder|title|alt)="([^"]*)"', html)
    return unescape(" ".join([re.sub(r"<[^>]+>", " ", html), *spoken]))


@pytest.fixture
def site(cast):
    """The reference rounds and municipalities, the test course, and a round open for applications now."""
    reference_data.load_municipalities()
    reference_data.load_rounds()
    reference_data.load_participants()
    load_course(Path(__file__).parents[1] / "competence" / "content")
    now = timezone.now()
    PhaseFactory(
        round=RoundFactory(number=OPEN_ROUND, eligibility="Alle kommuner."),
        order=1,
        opens_applications=True,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=30),
    )
    return cast


def public_pages(cast) -> list[str]:
    return [
        reverse("home"),
        reverse("about"),
        reverse("accessibility"),
        reverse("privacy"),
        reverse("municipalities:round_list"),
        reverse("municipalities:round_detail", kwargs={"number": 3}),
        reverse("municipalities:round_detail", kwargs={"number": OPEN_ROUND}),
        reverse("municipalities:municipality_list"),
        reverse("municipalities:municipality_detail", kwargs={"number": cast.municipality.number}),
        reverse("competence:course"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_email_verification_sent"),
    ]


def signed_in_pages(cast) -> list[str]:
    return [
        reverse("accounts:profile"),
        reverse("accounts:delete"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("mfa_activate_totp"),
        reverse("municipalities:application_list"),
        reverse("municipalities:application_start", kwargs={"number": OPEN_ROUND}),
        reverse("municipalities:team", kwargs={"number": cast.municipality.number}),
        reverse("competence:certificate"),
        reverse("competence:notebook"),
    ]


def english_on(response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.request["PATH_INFO"]
    page = visible_text(response.text)
    found = [match.group(0) for match in ENGLISH.finditer(page)]
    if translation.get_language() == "nb":
        found += [match.group(0) for match in OLD_BOKMAL.finditer(page)]
    return [(response.request["PATH_INFO"], word) for word in found]


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_norwegian_pages_and_their_form_errors_show_no_english(client, site, language):
    found = []
    with translation.override(language):
        for url in public_pages(site):
            found += english_on(client.get(url, follow=True))
        # A password too short and too common, and an empty name: Django's and allauth's messages.
        found += english_on(client.post(reverse("account_signup"), {"password1": "abc", "password2": "abc"}))

        as_role(client, "staff")
        for url in signed_in_pages(site):
            found += english_on(client.get(url, follow=True))
        for url in [
            reverse("accounts:delete"),
            reverse("municipalities:application_start", kwargs={"number": OPEN_ROUND}),
        ]:
            found += english_on(client.post(url, {}, follow=True))

    assert found == []


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nb", "Kommer den ikke i løpet av noen minutter, kan du sende e-post til"),
        ("nn", "Kjem han ikkje innan nokre minutt, kan du sende e-post til"),
        ("en", "If it has not arrived within a few minutes, e-mail us at"),
    ],
)
def test_verification_sent_page_says_how_to_contact_us(client, db, language, sentence):
    with translation.override(language):
        response = client.get(reverse("account_email_verification_sent"))

    assert f'{sentence} <a class="ds-link" href="mailto:post@gnist.no">post@gnist.no</a>.' in response.text


@pytest.mark.parametrize(
    ("language", "name"), [("nb", "Opprett konto"), ("nn", "Opprett konto"), ("en", "Create account")]
)
def test_signup_page_has_the_name_the_menu_gives_it(client, db, language, name):
    with translation.override(language):
        response = client.get(reverse("account_signup"))

    assert re.search(rf'<a class="ds-link" href="[^"]*">{name}</a>', response.text)
    assert re.search(rf"<h1 [^>]*>\s*{name}\s*</h1>", response.text)


def test_bokmal_login_page_says_enna(client, db):
    page = visible_text(client.get(reverse("account_login")).text)

    assert " ".join(page.split()).count("Har du ikke en konto ennå, må du opprette konto først.") == 1
