"""The words two texts are compared and explained by (gnist/similarity.py): what a text is about, without
the function words and light verbs every Norwegian text has, in bokmål and nynorsk."""

from gnist.similarity import words


def test_bokmal_function_words_and_light_verbs_are_not_compared():
    text = "Det gir oss mye, og det kommer til å gjøre at vi skal bruke tomme lokaler igjen sammen med andre."

    assert words(text) == {"tomme", "lokaler"}


def test_nynorsk_function_words_and_light_verbs_are_not_compared():
    text = "Korleis kan vi gjere det slik at det kjem fleire folk, og kva treng vi for å bruka kaia meir?"

    assert words(text) == {"folk", "kaia"}
