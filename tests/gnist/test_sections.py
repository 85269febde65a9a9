"""gnist.sections: apps add sections, with their own data, to the shell's home and profile pages."""

from collections import defaultdict

from django.test import RequestFactory

from gnist import sections


def test_sections_for_gives_each_section_its_template_and_data_in_registration_order(monkeypatch):
    monkeypatch.setattr(sections, "_sections", defaultdict(list))
    sections.register_section(sections.PROFILE, "first.html", lambda request: {"path": request.path})
    sections.register_section(sections.PROFILE, "second.html")
    sections.register_section(sections.HOME, "home.html")

    request = RequestFactory().get("/profil/")

    assert sections.sections_for(sections.PROFILE, request) == [
        {"template": "first.html", "path": "/profil/"},
        {"template": "second.html"},
    ]


def test_sections_for_passes_the_page_subject_to_the_context(monkeypatch):
    monkeypatch.setattr(sections, "_sections", defaultdict(list))
    sections.register_section(
        sections.ROUND, "round.html", lambda request, round_: {"round": round_, "path": request.path}
    )

    request = RequestFactory().get("/runder/3/")

    assert sections.sections_for(sections.ROUND, request, "round 3") == [
        {"template": "round.html", "round": "round 3", "path": "/runder/3/"}
    ]
