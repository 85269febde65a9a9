"""The course admin: a lesson's video or podcast may be far larger than any other upload on the site, up to
its own limit; its captions are held to the usual one. A file past its limit is refused, never saved empty."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competence.models import Lesson
from gnist import uploads
from tests.helpers import as_role

# A lesson's fields as the admin form posts them, apart from the files.
FIELDS = [
    "module",
    "order",
    "slug",
    "title_nb",
    "title_nn",
    "title_en",
    "minutes",
    "body_nb",
    "body_nn",
    "body_en",
    "media_kind",
    "media_url",
    "transcript_nb",
    "transcript_nn",
    "transcript_en",
]


@pytest.fixture
def lesson(course):
    return Lesson.objects.get(slug="hva-er-design")


@pytest.fixture
def small_limits(monkeypatch, settings):
    """The usual limit 5,000 bytes and a lesson's media 20,000; past 1,000 an upload streams to disk."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    monkeypatch.setattr(uploads, "UPLOAD_MAX_BYTES", 5000)
    monkeypatch.setattr(Lesson, "MEDIA_MAX_BYTES", 20_000)
    for view_name in ("admin:competence_lesson_add", "admin:competence_lesson_change"):
        monkeypatch.setitem(uploads._LARGER_LIMITS, (view_name, "media_file"), 20_000)


# A podcast needs a transcript or captions.
PODCAST = {"media_kind": Lesson.MediaKind.PODCAST, "transcript_nb": "Det som blir sagt."}


def post_lesson(client, lesson: Lesson, **changes):
    """Save the lesson with `changes` (fields and files) through its admin page."""
    data = {name: getattr(lesson, name) or "" for name in FIELDS}
    data["module"] = lesson.module_id
    url = reverse("admin:competence_lesson_change", args=[lesson.pk])
    return client.post(url, {**data, **changes})


def errors(response) -> dict:
    """The admin form's errors by field; none once the lesson is saved (the admin redirects)."""
    if response.status_code == 302:
        return {}
    return {
        name: list(field_errors) for name, field_errors in response.context["adminform"].form.errors.items()
    }


@pytest.mark.parametrize(
    ("size", "field_errors", "stored"),
    [
        pytest.param(15_000, {}, (True, 15_000), id="past-the-usual-limit-stored-whole"),
        # Refused; the model's own check then misses the file the podcast needs.
        pytest.param(
            30_000,
            {
                "media_file": [
                    "Filen er for stor (29,3\xa0KB). Grensen er 19,5\xa0KB.",
                    "Last opp mediefilen eller oppgi adressen til den.",
                ]
            },
            None,
            id="past-its-own-limit-refused",
        ),
    ],
)
def test_lesson_media_is_held_to_its_own_limit(
    client, cast, lesson, small_limits, size, field_errors, stored
):
    as_role(client, "programme_admin")

    response = post_lesson(
        client,
        lesson,
        **PODCAST,
        media_file=SimpleUploadedFile("podkast.mp3", b"0" * size, content_type="audio/mpeg"),
    )

    lesson.refresh_from_db()
    media = lesson.media_file
    saved = (media.name.startswith("competence/media/podkast"), media.size) if media else None
    assert (errors(response), saved) == (field_errors, stored)


def test_captions_past_the_usual_limit_are_refused_not_saved_empty(client, cast, lesson, small_limits):
    as_role(client, "programme_admin")

    response = post_lesson(
        client,
        lesson,
        captions=SimpleUploadedFile("film.vtt", b"WEBVTT\n" + b"0" * 8000, content_type="text/vtt"),
    )

    lesson.refresh_from_db()
    assert errors(response) == {"captions": ["Filen er for stor (7,8\xa0KB). Grensen er 4,9\xa0KB."]}
    assert lesson.captions.name == ""


def test_lesson_media_is_the_only_upload_allowed_past_the_usual_limit():
    assert uploads._LARGER_LIMITS == {
        ("admin:competence_lesson_add", "media_file"): Lesson.MEDIA_MAX_BYTES,
        ("admin:competence_lesson_change", "media_file"): Lesson.MEDIA_MAX_BYTES,
    }
