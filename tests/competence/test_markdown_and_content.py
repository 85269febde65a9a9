import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from competence.loading import CONTENT_DIR, load_course
from competence.models import Choice, Course, Lesson, Module, Question
from gnist.markdown import render_markdown
from tests.competence.conftest import CONTENT


def test_markdown_strips_scripts_and_javascript_links():
    html = render_markdown(
        "Hei <script>alert(1)</script>[lenke](javascript:alert(1)) <img src=x onerror=alert(1)> "
        "[ekstern](https://doga.no)"
    )

    assert (
        html == '<p>Hei <a rel="noopener">lenke</a>  <a href="https://doga.no" rel="noopener">ekstern</a></p>'
    )


def test_markdown_keeps_only_our_own_images():
    html = render_markdown(
        "![Diamant](/static/competence/course/d.svg) ![Sporing](https://tracker.example/p.png)"
    )

    assert html == '<p><img alt="Diamant" src="/static/competence/course/d.svg"> </p>'


def test_lesson_diagrams_keep_12px_text_on_a_320px_screen():
    # A 320 px screen leaves the lesson 288 px (16 px margins); an <img> SVG wider than that shrinks to fit.
    too_small = {}
    for path in sorted((CONTENT_DIR / "images").glob("*.svg")):
        svg = path.read_text(encoding="utf-8")
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg))
        if smallest * min(288, width) / width < 12:
            too_small[path.name] = round(smallest * 288 / width, 1)

    assert too_small == {}


def test_every_lesson_image_exists_in_each_language():
    missing = [
        f"{lesson.relative_to(CONTENT_DIR)}: {name}"
        for lesson in sorted(CONTENT_DIR.glob("*/m*/*.md"))
        for name in re.findall(r"\]\(images/([\w.-]+)\)", lesson.read_text(encoding="utf-8"))
        if not (CONTENT_DIR / "images" / name).is_file()
    ]

    assert missing == []


def test_markdown_turns_h1_into_h2_to_keep_one_page_title():
    assert render_markdown("# Tittel") == "<h2>Tittel</h2>"


def test_loader_fills_bokmal_and_english_and_skips_unwritten_lessons(course):
    lesson = Lesson.objects.get(slug="hva-er-design")

    assert (course.title_nb, course.title_en) == (
        "Gnist kompetanse testutgave",
        "Gnist competence test edition",
    )
    assert lesson.body_en.startswith("## Design as a way of working")
    assert "](/static/competence/course/dobbeltdiamanten.svg)" in lesson.body_nb
    assert list(Lesson.objects.filter(module__slug="medvirkning").values_list("slug", flat=True)) == [
        "stigen"
    ]
    assert Module.objects.get(slug="innsikt").outcome_list == [
        "Forklare dobbeltdiamanten",
        "Planlegge et intervju",
    ]


def test_loader_fills_nynorsk_and_leaves_missing_nynorsk_to_fall_back_to_bokmal(course):
    module1 = Module.objects.get(slug="innsikt")
    lesson = Lesson.objects.get(slug="hva-er-design")
    diamond = Lesson.objects.get(slug="dobbeltdiamanten")  # no nn title or body in the test course
    module2 = Module.objects.get(slug="medvirkning")  # no nn texts at all

    assert (module1.title_nn, module1.intro_nn, lesson.title_nn) == (
        "Designdriven innovasjon",
        "Vi startar med **menneska**.",
        "Kva er design?",
    )
    assert module1.outcomes_nn == "Forklare dobbeltdiamanten\nPlanleggje eit intervju"
    assert lesson.body_nn.startswith("## Design som arbeidsmåte\n\nDesign er ein **arbeidsmåte**")
    assert "](/static/competence/course/dobbeltdiamanten.svg)" in lesson.body_nn
    assert module1.quiz.questions.get(order=1).text_nn == "Kva kjem først?"
    assert (diamond.title_nn, diamond.body_nn, module2.title_nn) == ("", "", "")
    with override("nn"):
        assert (lesson.title, module1.outcome_list) == (
            "Kva er design?",
            ["Forklare dobbeltdiamanten", "Planleggje eit intervju"],
        )
        assert (diamond.title, diamond.body) == ("Dobbeltdiamanten", diamond.body_nb)
        assert module2.title == "Innbyggerinvolvering"
        assert [field["label"] for field in module2.exercises.get(slug="lerret").answer_fields()][:3] == [
            "Problemet",
            "Kven blir råka",
            "Lokale fortrinn",
        ]


def test_reloading_keeps_nynorsk_in_step_with_the_files(course, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "nn" / "m1" / "01-hva.md").write_text("## Nytt innhald\n", encoding="utf-8")
    load_course(content)
    assert Lesson.objects.get(slug="hva-er-design").body_nn == "## Nytt innhald\n"

    (content / "nn" / "m1" / "01-hva.md").unlink()
    load_course(content)
    lesson = Lesson.objects.get(slug="hva-er-design")
    assert lesson.body_nn == ""
    with override("nn"):
        assert lesson.body == lesson.body_nb
    assert Lesson.objects.count() == 3


def test_loading_twice_changes_nothing(course):
    ids = list(Question.objects.order_by("pk").values_list("pk", flat=True))

    load_course(CONTENT)

    assert (Course.objects.count(), Module.objects.count(), Choice.objects.count()) == (1, 2, 10)
    assert list(Question.objects.order_by("pk").values_list("pk", flat=True)) == ids


def test_lesson_media_needs_captions_or_transcript(module1):
    lesson = module1.lessons.first()
    lesson.media_kind = Lesson.MediaKind.PODCAST
    lesson.media_url = "/media/competence/media/podkast.mp3"

    with pytest.raises(ValidationError):
        lesson.clean()
    lesson.transcript = "Hele teksten."
    lesson.clean()


def test_lesson_media_must_be_on_our_own_media(module1):
    lesson = module1.lessons.first()
    lesson.media_kind = Lesson.MediaKind.PODCAST
    lesson.transcript = "Tekst."

    for url in ["https://youtube.com/watch?v=1", "/media/../secret.mp3", "/static/film.mp4"]:
        lesson.media_url = url
        with pytest.raises(ValidationError):
            lesson.clean()


def test_video_needs_captions(module1):
    lesson = module1.lessons.first()
    lesson.media_kind = Lesson.MediaKind.VIDEO
    lesson.media_url = "/media/competence/media/film.mp4"
    lesson.transcript = "Tekst."

    with pytest.raises(ValidationError):
        lesson.clean()


def test_real_quizzes_do_not_give_away_the_answer_by_its_place():
    """In the course as written, the correct choice must not always stand in the same place."""
    course = json.loads((Path(__file__).resolve().parents[2] / "competence/content/course.json").read_text())
    places = [
        [choice["correct"] for choice in question["choices"]].index(True)
        for module in course["modules"]
        for question in module["quiz"]["questions"]
    ]

    most_common = max(places.count(place) for place in set(places))
    assert most_common <= len(places) // 2
