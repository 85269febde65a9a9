"""The programme's content texts (rounds, phases, criteria) follow the page's language."""

import pytest

from municipalities.models import Round
from tests.municipalities.test_views import text

# For each language: (URL prefix, phrases of that language's content, phrases of the other languages).
ROUND_3 = {
    "nb": ["Konkurranseprogram og tilbud", "Gnist løsninger", "Ni team fikk 300 000 kroner hver."],
    "nn": ["Konkurranseprogram og tilbod", "Gnist løysingar", "Ni team fekk 300 000 kroner kvar."],
    "en": ["Competition programmes and offers", "Gnist solutions", "Nine teams received NOK 300,000 each."],
}
ROUND_4 = {
    "nb": ["Ekstern jury velger fem Gnist-kommuner", "Bærekraftsambisjoner", "Kommuner av alle størrelser."],
    "nn": ["Ekstern jury vel fem Gnist-kommunar", "Berekraftsambisjonar", "Kommunar av alle storleikar."],
    "en": ["External jury chooses five Gnist municipalities", "Sustainability ambitions", "every size."],
}
HOME = {
    "nb": ["Bærekraft og sirkularitet", "Teamene kunngjort"],
    "nn": ["Berekraft og sirkularitet", "Kunngjering av teama"],
    "en": ["Sustainability and circularity", "Teams announced"],
}
PREFIX = {"nb": "", "nn": "/nn", "en": "/en"}


def others(phrases: dict[str, list[str]], language: str) -> list[str]:
    return [phrase for other, texts in phrases.items() if other != language for phrase in texts]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(("path", "phrases"), [("/runder/3/", ROUND_3), ("/runder/4/", ROUND_4), ("/", HOME)])
def test_pages_show_the_content_in_the_active_language(client, reference_data, language, path, phrases):
    response = client.get(PREFIX[language] + path)

    page = text(response.text)
    assert response.status_code == 200
    assert [phrase for phrase in phrases[language] if phrase not in page] == []
    assert [phrase for phrase in others(phrases, language) if phrase in page] == []


def test_round_1_title_is_translated_in_the_round_list(client, reference_data):
    assert "Runde 1: Sammen for smarte og bærekraftige byer og lokalsamfunn" in text(
        client.get("/runder/").text
    )
    assert "Saman for smarte og berekraftige byar og lokalsamfunn" in text(client.get("/nn/runder/").text)
    assert "Together for smart and sustainable towns and communities" in text(client.get("/en/runder/").text)


def test_empty_translation_falls_back_to_bokmal(client, reference_data):
    Round.objects.filter(number=4).update(theme_en="")

    assert "Bærekraft og sirkularitet" in text(client.get("/en/runder/4/").text)
