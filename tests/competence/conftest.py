"""The competence tests use a tiny course of their own (tests/competence/content), not the real text."""

from pathlib import Path

import pytest

from competence.loading import load_course

CONTENT = Path(__file__).parent / "content"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Certificate PDFs go to a throwaway media folder, not var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def course(db):
    return load_course(CONTENT)


@pytest.fixture
def module1(course):
    return course.modules.get(slug="innsikt")


@pytest.fixture
def module2(course):
    return course.modules.get(slug="medvirkning")
