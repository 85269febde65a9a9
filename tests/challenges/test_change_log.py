"""A published challenge's public change log: edits are stored as the names of the sections that changed, and
each reader sees the sections' labels in their own language, on the page and in the admin."""

import importlib

import pytest
from django.urls import reverse
from django.utils import translation

from challenges import services
from challenges.models import ChallengeEvent
from tests.helpers import as_role

# The migration that turned the stored labels into field names.
migration = importlib.import_module("challenges.migrations.0004_event_changed_fields")


@pytest.fixture
def edited_in_english(cast, published):
    """`published`, whose background and needs an English-speaking editor changed."""
    with translation.override("en"):
        services.save_challenge(
            published,
            actor=cast.staff,
            version=published.version,
            data={"background": "Ny bakgrunn.", "needs": "Nye behov.", "summary": published.summary},
            themes=published.themes.all(),
        )
    return published


def change_log(page: str) -> str:
    return page.split('id="changes-heading"', 1)[1].split("</ul>", 1)[0]


def test_an_edit_is_stored_as_the_names_of_the_sections_that_changed(edited_in_english):
    edit = edited_in_english.events.get(action=ChallengeEvent.Action.EDITED)

    assert (edit.changed_fields, edit.details) == (["background", "needs"], "")


@pytest.mark.parametrize(
    ("prefix", "labels"),
    [
        ("", "bakgrunn og lokale forhold, behov, lokale fortrinn og forutsetninger"),
        ("/nn", "bakgrunn og lokale forhold, behov, lokale fortrinn og føresetnader"),
        ("/en", "background and local context, needs, local advantages and premises"),
    ],
)
def test_the_change_log_shows_the_sections_in_the_readers_language(client, edited_in_english, prefix, labels):
    page = client.get(prefix + edited_in_english.get_absolute_url()).text

    assert change_log(page).count(labels) == 1


def test_the_admin_shows_the_changed_sections_in_the_readers_language(client, cast, edited_in_english):
    as_role(client, "programme_admin")

    page = client.get(reverse("admin:challenges_challengeevent_changelist")).text
    english = client.get("/en" + reverse("admin:challenges_challengeevent_changelist")).text

    assert (
        "bakgrunn og lokale forhold, behov, lokale fortrinn og forutsetninger" in page,
        "background and local context, needs, local advantages and premises" in english,
    ) == (True, True)


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        ("background and local context", (["background"], "")),
        (
            "bakgrunn og lokale forhold, behov, lokale fortrinn og føresetnader, tittel",
            (["background", "needs", "title"], ""),
        ),
        ("behov, lokale fortrinn og forutsetninger, contact phone", (["needs", "contact_phone"], "")),
        ("an old label, summary", (["summary"], "an old label")),
        ("something else entirely", ([], "something else entirely")),
    ],
)
def test_the_migration_reads_stored_labels_in_any_language_back_as_names(details, expected):
    assert migration.split_details(details, migration.known_labels()) == expected


def test_an_old_row_with_unknown_text_shows_it_as_stored(client, published):
    ChallengeEvent.objects.create(
        challenge=published,
        action=ChallengeEvent.Action.EDITED,
        changed_fields=["summary"],
        details="an old label",
    )

    page = client.get("/en" + published.get_absolute_url()).text

    assert change_log(page).count("summary, an old label") == 1
