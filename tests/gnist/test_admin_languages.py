"""The admin speaks the admin's language: in bokmål and nynorsk no page (the index, every changelist, a
change page of every model) shows Django's or our English UI words; every field of ours has a translatable
name."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils.functional import Promise

from competence.loading import load_course
from gnist import mail
from municipalities import services
from municipalities.models import Application, Assessment
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    ParticipantFactory,
    PhaseFactory,
    ThemeFactory,
)
from tests.helpers import as_role

OUR_APPS = ["accounts", "municipalities", "competence", "gnist"]
# English words of the admin's own chrome, as whole words: data never holds them in these tests.
ENGLISH = [
    "Show counts",
    "Hide counts",
    "Search",
    "Filter by",
    "Run",
    "Start typing",
    "Staged by",
    "Authenticators",
    "Add",
    "Change",
    "Delete",
    "Save",
]
_ENGLISH = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")
COURSE = Path(__file__).parents[1] / "competence" / "content"


class _VisibleText(HTMLParser):
    """The text a person sees or hears: text outside scripts and styles, plus placeholders, labels, titles
    and button values."""

    ATTRIBUTES = ("placeholder", "aria-label", "title", "value", "alt")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden":
            return
        if tag in ("option", "select", "textarea"):  # the data chosen, not the UI
            return
        if tag == "img" and attributes.get("src", "").endswith("/search.svg"):
            return  # Django's search_form.html hard-codes alt="Search", out of any catalogue's reach
        self.parts += [attributes[name] or "" for name in self.ATTRIBUTES if name in attributes]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def english_words(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return sorted({match for part in parser.parts for match in _ENGLISH.findall(part)})


@pytest.fixture
def admin_data(cast, settings, tmp_path):
    """One object of every model the admin shows, so that every change page is rendered."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_course(COURSE)
    application = ApplicationFactory(municipality=cast.municipality, submitted_by=cast.staff)
    PhaseFactory(round=application.round, applications=True)
    criterion = CriterionFactory(round=application.round)
    application.answers.create(criterion=criterion, text="Svar.")
    application.themes.add(ThemeFactory())
    Assessment.objects.create(
        application=application, criterion=criterion, assessor=cast.programme_admin, score=3
    )
    ParticipantFactory(round=application.round, municipalities=[cast.other_municipality])
    services.stage_decision(application, actor=cast.programme_admin, decision=Application.Decision.SELECT)
    mail.send_test_email(to=cast.staff.email)
    return application


def _admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if (obj := model._default_manager.order_by("pk").first()) is not None:
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return pages


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_admin_pages_show_no_english_ui_words(client, admin_data, language):
    as_role(client, "programme_admin")
    prefix = "" if language == "nb" else f"/{language}"

    english = {}
    for page in _admin_pages():
        response = client.get(f"{prefix}{page}")
        assert response.status_code == 200, page
        if words := english_words(response.text):
            english[page] = words

    assert english == {}


def test_every_field_of_ours_has_a_translatable_name():
    untranslated = [
        f"{model.__name__}.{field.name}"
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and not isinstance(field.verbose_name, Promise)
    ]

    assert untranslated == []
