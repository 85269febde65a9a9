"""Loads the course from `competence/content/` (course.json and Markdown bodies per language).

Idempotent: rows are matched on slugs (questions and choices on their position) and updated in place, so
progress, notebook entries and quiz attempts keep pointing at the same rows after a reload. Bokmål goes into
the `_nb` fields, nynorsk into `_nn` and English into `_en`. A text that is missing in nynorsk or English (no
"nn"/"en" key, or no nn/en Markdown file) is stored empty, so the page falls back to bokmål. Lessons whose
bokmål body is not written yet are skipped, so a half-written course loads what is there.
"""

import json
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

from competence.models import Choice, Course, Exercise, Lesson, Module, Question, Quiz
from gnist.languages import LANGUAGES, localized

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# The content's images are served as static files from competence/static/competence/course/.
_IMAGE_REF = re.compile(r"\]\((?:\.\./)*images/([\w.-]+)")


def _texts(field_name: str, texts) -> dict:
    """course.json's {"nb": …, "nn": …} or plain bokmål string as the field's per-language values."""
    return localized(**{field_name: texts if isinstance(texts, dict) else {"nb": texts or ""}})


def _outcomes(outcomes) -> dict:
    outcomes = outcomes or {}
    return {f"outcomes_{lang}": "\n".join(outcomes.get(lang) or []) for lang in LANGUAGES}


def _body(directory: Path, lang: str, name: str) -> str:
    path = directory / lang / f"{name}.md"
    if not path.is_file():
        return ""
    image_base = "/" + settings.STATIC_URL.strip("/") + "/competence/course/"
    return _IMAGE_REF.sub(lambda m: f"]({image_base}{m.group(1)}", path.read_text(encoding="utf-8"))


@transaction.atomic
def load_course(directory: Path = CONTENT_DIR, *, publish: bool = True) -> Course | None:
    """Create or update the edition in `directory`; returns it (None when there is no course.json yet)."""
    path = directory / "course.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    edition = data["edition"]
    course, _ = Course.objects.update_or_create(
        slug=edition["slug"],
        defaults={
            **_texts("title", edition["title"]),
            **_texts("summary", edition.get("summary")),
            "published": publish,
        },
    )
    for spec in data.get("modules", []):
        _load_module(directory, course, spec, publish=publish)
    return course


def _load_module(directory: Path, course: Course, spec: dict, *, publish: bool) -> None:
    module, _ = Module.objects.update_or_create(
        course=course,
        slug=spec["slug"],
        defaults={
            "order": spec["order"],
            "stage": spec["stage"],
            **_texts("title", spec["title"]),
            **_texts("summary", spec.get("summary")),
            **_texts("intro", spec.get("intro")),
            **_outcomes(spec.get("outcomes")),
        },
    )
    lessons = {}
    for order, lesson_spec in enumerate(spec.get("lessons", []), 1):
        bodies = {f"body_{lang}": _body(directory, lang, lesson_spec["body"]) for lang in LANGUAGES}
        if not bodies["body_nb"].strip():
            continue
        lesson, _ = Lesson.objects.update_or_create(
            module=module,
            slug=lesson_spec["slug"],
            defaults={
                "order": order,
                "minutes": lesson_spec.get("minutes") or 10,
                **_texts("title", lesson_spec["title"]),
                **bodies,
            },
        )
        lessons[lesson.slug] = lesson
    for order, exercise_spec in enumerate(spec.get("exercises", []), 1):
        Exercise.objects.update_or_create(
            module=module,
            slug=exercise_spec["slug"],
            defaults={
                "order": order,
                "kind": exercise_spec.get("kind") or Exercise.Kind.REFLECTION,
                "after_lesson": lessons.get(exercise_spec.get("after_lesson")),
                "fields": exercise_spec.get("fields") or [],
                **_texts("title", exercise_spec["title"]),
                **_texts("prompt", exercise_spec.get("prompt")),
            },
        )
    if spec.get("quiz"):
        _load_quiz(module, spec["quiz"])
    # A module is published once it has something to read.
    if publish and lessons and not module.published:
        module.published = True
        module.save(update_fields=["published"])


def _load_quiz(module: Module, spec: dict) -> None:
    quiz, _ = Quiz.objects.update_or_create(
        module=module, defaults={**_texts("title", spec["title"]), "pass_mark": spec.get("pass_mark", 75)}
    )
    questions = spec.get("questions", [])
    for order, question_spec in enumerate(questions, 1):
        question, _ = Question.objects.update_or_create(
            quiz=quiz, order=order, defaults=_texts("text", question_spec["text"])
        )
        choices = question_spec.get("choices", [])
        for choice_order, choice_spec in enumerate(choices, 1):
            Choice.objects.update_or_create(
                question=question,
                order=choice_order,
                defaults={
                    "correct": bool(choice_spec.get("correct")),
                    **_texts("text", choice_spec["text"]),
                    **_texts("explanation", choice_spec.get("explanation")),
                },
            )
        question.choices.filter(order__gt=len(choices)).delete()
    quiz.questions.filter(order__gt=len(questions)).delete()
