"""The long-form pages: About, the accessibility statement and the privacy statement, in each language."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gnist.content import content_templates
from tests.factories import UserFactory
from tests.helpers import count_queries

# A sentence written only in that language's template, per page and language.
UNIQUE_SENTENCES = {
    "about": {
        "nb": "Fra fjerde runde kan kommuner av alle størrelser søke.",
        "nn": "Frå fjerde runde kan kommunar av alle storleikar søkje.",
        "en": "From round 4, municipalities of every size can apply.",
    },
    "accessibility": {
        "nb": "Portalen er bygget for å oppfylle WCAG 2.1 nivå AA.",
        "nn": "Portalen er bygd for å oppfylle WCAG 2.1 nivå AA.",
        "en": "The portal is built to meet WCAG 2.1 level AA.",
    },
    "privacy": {
        "nb": "Spørsmålet og svaret publiseres uten navnet ditt.",
        "nn": "Spørsmålet og svaret blir publiserte utan namnet ditt.",
        "en": "The question and its answer are published without your name.",
    },
}
PREFIXES = {"nb": "", "nn": "/nn", "en": "/en"}
PAGES = [("about", "/om/"), ("accessibility", "/tilgjengelighet/"), ("privacy", "/personvern/")]


def page_url(path: str, language: str) -> str:
    return PREFIXES[language] + path


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), PAGES)
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_content_page_renders_its_own_language(client, name, path, language):
    response = client.get(page_url(path, language))

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
    assert UNIQUE_SENTENCES[name][language] in response.text
    others = [sentence for code, sentence in UNIQUE_SENTENCES[name].items() if code != language]
    assert [sentence for sentence in others if sentence in response.text] == []
    assert response.text.count("<h1") == 1


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_content_page_urls_are_stable(name, path):
    assert reverse(name) == path


def test_content_templates_fall_back_to_bokmal():
    with translation.override("nn"):
        assert content_templates("about") == ["gnist/content/about.nn.html", "gnist/content/about.nb.html"]
    with translation.override("nb"):
        assert content_templates("about") == ["gnist/content/about.nb.html"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_about_page_has_a_section_for_each_programme_part(client, language):
    response = client.get(page_url("/om/", language))

    for section_id in ["kompetanse", "utfordringer", "losninger", "rapporter"]:
        assert f'id="{section_id}"' in response.text


# What each language says on the About page's sections the menu links to until their own pages exist.
BEING_BUILT = {
    "nb": "er under arbeid og er ikke åpne ennå",
    "nn": "er under arbeid og er ikkje opne enno",
    "en": "are being built and are not open yet",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_menu_links_without_pages_land_on_about_sections_that_say_what_is_coming(client, language):
    html = client.get(page_url("/", language)).text
    about = page_url("/om/", language)
    fragments = re.findall(rf'class="site-nav__link" href="{re.escape(about)}#([\w-]+)"', html)
    page = client.get(about).text

    assert fragments == ["losninger", "rapporter"]
    for fragment in fragments:
        section = page.split(f'id="{fragment}"', 1)[1].split("</section>", 1)[0]
        assert BEING_BUILT[language] in section, fragment


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_menu_leads_to_the_challenge_catalogue_and_about_says_where_challenges_are(client, language):
    html = client.get(page_url("/", language)).text
    about = client.get(page_url("/om/", language)).text
    section = about.split('id="utfordringer"', 1)[1].split("</section>", 1)[0]
    catalogue = page_url("/utfordringer/", language)

    assert f'class="site-nav__link" href="{catalogue}"' in html
    assert f'href="{catalogue}"' in section
    assert BEING_BUILT[language] not in section


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/en/om/", "About Gnist"),
        ("/en/tilgjengelighet/", "Accessibility statement"),
        ("/en/personvern/", "Privacy statement"),
    ],
)
def test_content_page_has_its_title_in_the_shared_shell(client, path, title):
    response = client.get(path)

    assert response.context["breadcrumbs"] == [{"label": title, "url": path}]
    assert f"<title>{title} \N{EN DASH} Gnist</title>" in response.text
    assert [template.name for template in response.templates][:2] == ["gnist/statement.html", "base.html"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_accessibility_statement_names_feedback_address_and_supervisory_authority(client, language):
    response = client.get(page_url("/tilgjengelighet/", language))

    assert '<a class="ds-link" href="mailto:post@gnist.no">post@gnist.no</a>' in response.text
    assert '<a class="ds-link" href="https://www.uutilsynet.no/">uutilsynet.no</a>' in response.text
    assert '<time datetime="2026-11-26">' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_privacy_statement_links_to_the_profile_page(client, language):
    response = client.get(page_url("/personvern/", language))

    profile_url = page_url("/profil/", language)
    assert f'href="{profile_url}"' in response.text
    assert "https://www.datatilsynet.no/" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), PAGES)
def test_content_page_queries_are_constant(client, name, path):
    # Cold, the one query asks when a phase next opens or closes (how long the page may be cached).
    assert count_queries(client, path) == 1
    UserFactory.create_batch(3, name="Kari Nordmann")
    assert count_queries(client, path) == 1
    assert count_queries(client, path, warm=True) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), PAGES)
def test_content_page_queries_for_a_signed_in_person(client, name, path):
    client.force_login(UserFactory(name="Kari Nordmann"))

    assert count_queries(client, path) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("nb", "Førfase og prototyping"),
        ("nn", "Førfase og prototyping"),
        ("en", "The early phase and prototyping"),
    ],
)
def test_about_page_names_module_4_as_the_course_does(client, language, title):
    course = json.loads((Path(settings.BASE_DIR) / "competence" / "content" / "course.json").read_text())

    response = client.get(page_url("/om/", language))

    assert course["modules"][3]["title"][language] == title
    assert f"<li>{title}</li>" in response.text


@pytest.mark.parametrize("path", ["/om/?del=1&x=%C3%A5", "/en/om/?del=1&x=%C3%A5"])
def test_language_links_keep_the_page_and_its_query_every_time(db, client, path):
    expected = ["/om/?del=1&amp;x=%C3%A5", "/nn/om/?del=1&amp;x=%C3%A5", "/en/om/?del=1&amp;x=%C3%A5"]
    client.force_login(UserFactory())  # signed in, so each request renders the page (none is cached)

    # The second request gets the links from the remembered translation of the path.
    for _ in range(2):
        page = client.get(path).content.decode()
        assert re.findall(r'<a class="ds-link" href="([^"]+)" lang="(?:nb|nn|en)"', page) == expected


@pytest.mark.django_db
def test_the_layouts_cached_parts_follow_the_language_one_after_another(client):
    """The logo, skip link and footer are kept per worker once rendered (base.html's layout fragments): each
    language gets its own, whichever was asked for first."""
    client.force_login(UserFactory())
    expected = {
        "nb": ("Gå til hovedinnholdet", 'href="/tilgjengelighet/">Tilgjengelighetserklæring<'),
        "nn": ("Gå til hovudinnhaldet", 'href="/nn/tilgjengelighet/">Tilgjengelegheitserklæring<'),
        "en": ("Skip to main content", 'href="/en/tilgjengelighet/">Accessibility statement<'),
    }
    for _round in range(2):
        for language, (skip_link, footer_link) in expected.items():
            html = client.get(page_url("/om/", language)).content.decode()

            assert skip_link in html
            assert footer_link in html
