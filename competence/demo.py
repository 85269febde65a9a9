# ruff: noqa: RUF002 -- the multiplication sign is on purpose.
"""The course's seed step: load the course, demo progress for the participant, more for --scale."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from competence import services
from competence.loading import load_course
from competence.models import Exercise, LessonCompletion, NotebookEntry, QuizAttempt

DEMO_ANSWER = (
    "Vi startet med en løsning (et nytt bygg) før vi visste hva folk trengte. Neste gang vil jeg snakke med "
    "ungdom, pendlere og butikkeiere før vi bestemmer oss."
)


@transaction.atomic
def seed_course(ctx) -> None:
    """Load competence/content; then demo progress for deltaker@gnist.test and --scale participants."""
    course = load_course()
    if course is None:
        ctx.log("Course skipped: competence/content/course.json is not written yet.")
        return
    modules = services.published_modules(course)
    ctx.log(f"Course “{course.title}” loaded: {len(modules)} published modules.")
    participant = ctx.users.get("deltaker")
    if participant is not None and modules:
        _seed_participant(participant, modules)
    if ctx.scale > 0 and modules:
        _seed_scale(ctx.scale, modules)


def _pass_quiz(quiz, user) -> None:
    if QuizAttempt.objects.filter(user=user, quiz=quiz, passed=True).exists():
        return
    questions = quiz.questions.prefetch_related("choices")
    answers = {
        q.pk: next(c.pk for c in q.choices.all() if c.correct) for q in questions if q.choices.exists()
    }
    services.submit_quiz(quiz, actor=user, answers=answers)


def _seed_participant(user, modules) -> None:
    """Module 1 finished with a passed quiz and notebook entries; module 2 halfway through."""
    first = modules[0]
    for lesson in first.lessons.all():
        services.mark_lesson_done(lesson, actor=user)
    quiz = getattr(first, "quiz", None)
    if quiz is not None:
        _pass_quiz(quiz, user)
    if len(modules) > 1:
        second_lessons = list(modules[1].lessons.all())
        for lesson in second_lessons[: len(second_lessons) // 2 or 1]:
            services.mark_lesson_done(lesson, actor=user)
    for exercise in Exercise.objects.filter(module__in=modules[:2]).order_by("module__order", "order")[:3]:
        if not NotebookEntry.objects.filter(user=user, exercise=exercise).exists():
            answers = {spec["key"]: DEMO_ANSWER for spec in exercise.answer_fields()}
            services.save_notebook_entry(exercise, actor=user, answers=answers)


def _seed_scale(scale: int, modules) -> None:
    """N×20 generated participants who finished module 1's lessons (bulk; idempotent for the same N)."""
    from accounts.models import User

    emails = [f"kurs-generert-{i:05d}@gnist.test" for i in range(1, scale * 20 + 1)]
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(email=email, name=f"Generert kursdeltaker {i}", password=unusable)
            for i, email in enumerate(emails, 1)
        ],
        ignore_conflicts=True,
    )
    users = list(User.objects.filter(email__in=emails))
    lessons = list(modules[0].lessons.all())
    LessonCompletion.objects.bulk_create(
        [LessonCompletion(user=user, lesson=lesson) for user in users for lesson in lessons],
        ignore_conflicts=True,
    )
