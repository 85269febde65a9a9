"""Follow suggestions rank the round's other applications by shared themes, then by similar text, on SQLite
(word overlap) and on PostgreSQL (full-text search with the Norwegian configuration)."""

from django.db import connection

from municipalities.models import Application
from municipalities.suggestions import has_norwegian_search, suggest_followers, words
from tests.factories import ApplicationFactory, MunicipalityFactory, RoundFactory, ThemeFactory


def _app(round_, name, question, description, themes=(), status=Application.Status.SUBMITTED):
    application = ApplicationFactory(
        round=round_,
        municipality=MunicipalityFactory(name=name),
        question=question,
        description=description,
        status=status,
    )
    application.themes.set(themes)
    return application


def test_suggestions_rank_shared_themes_then_similar_text(db):
    round_ = RoundFactory()
    bolig, reiseliv, energi = (
        ThemeFactory(slug=s, name=s.capitalize()) for s in ["bolig", "reiseliv", "energi"]
    )
    lead = _app(
        round_,
        "Hyttby",
        "Hvordan kan hytteeiere bli fastboende i sentrum?",
        "Mange hytter står tomme; sentrum trenger folk og boliger.",
        [bolig, reiseliv],
    )
    both_themes = _app(
        round_, "Fjellvik", "Hvordan lage flere arbeidsplasser?", "Industri og havn.", [bolig, reiseliv]
    )
    one_theme_similar = _app(
        round_,
        "Sjøbygd",
        "Hvordan få hytteeiere til å flytte til sentrum?",
        "Hytter og sentrum: boliger for folk som vil bo her.",
        [bolig],
    )
    one_theme_unrelated = _app(round_, "Dalen", "Hvordan bygge en skole?", "Elever og lærere.", [bolig])
    nothing = _app(round_, "Øyrike", "Hvordan lade elbiler?", "Ladestasjoner langs veien.", [energi])
    _app(
        round_,
        "Utkast",
        "Hvordan …?",
        "Hytter i sentrum.",
        [bolig, reiseliv],
        status=Application.Status.DRAFT,
    )
    _app(RoundFactory(), "Annenrunde", lead.question, lead.description, [bolig, reiseliv])

    suggestions = suggest_followers(lead)

    assert [s.application for s in suggestions] == [
        both_themes,
        one_theme_similar,
        one_theme_unrelated,
        nothing,
    ]
    assert suggestions[0].explanation == "Har felles tema: Bolig, Reiseliv"
    assert suggestions[1].shared_themes == ["Bolig"]
    assert {"hytteeiere", "sentrum", "boliger"} <= set(suggestions[1].shared_words)
    assert suggestions[1].explanation.startswith("Har felles tema: Bolig; liknende ord: ")
    assert suggestions[3].explanation == "Fant ingen overlapp"
    assert suggestions[1].similarity > suggestions[2].similarity


def test_norwegian_full_text_is_used_on_postgresql(db):
    assert has_norwegian_search() == (connection.vendor == "postgresql")


def test_words_drop_stop_words_short_words_and_numbers():
    assert words("Hvordan kan vi få 20 nye boliger i sentrum?") == {"boliger", "sentrum"}
