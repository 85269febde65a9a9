"""Free text a person typed, made safe to show others in an e-mail."""

import pytest

from gnist.text import strip_urls


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Ola Nordmann", "Ola Nordmann"),
        ("Anne-Lise Ødegård Aas", "Anne-Lise Ødegård Aas"),
        ("J.R.R. Tolkien", "J.R.R. Tolkien"),
        ("Ola https://evil.example/path?x=1 Nordmann", "Ola Nordmann"),
        ("Ola HTTP://EVIL.EXAMPLE Nordmann", "Ola Nordmann"),
        ("Vinn en iPhone på www.spam.no!", "Vinn en iPhone på"),
        ("Kari spam.com/vinn Hansen", "Kari Hansen"),
        ("Kari skriv til kari@spam.no", "Kari skriv til"),
        ("Per //evil.example/x", "Per"),
        ("Per javascript:alert(1)", "Per"),
        ("https://spam.no", ""),
    ],
)
def test_strip_urls_removes_every_kind_of_link_and_keeps_names(typed, shown):
    assert strip_urls(typed) == shown
