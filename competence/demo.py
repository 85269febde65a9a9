"""The course's seed step: load the course, then demo progress for the demo participant."""

from django.db import transaction

from competence import services
from competence.loading import load_course
from competence.models import Exercise, NotebookEntry, QuizAttempt

DEMO_ANSWER = (
    "Vi startet med en løsning (et nytt bygg) før vi visste hva folk trengte. Neste gang vil jeg snakke med "
    "ungdom, pendlere og butikkeiere før vi bestemmer oss."
)


@transaction.atomic
def seed_course(ctx) -> None:
    """Load competence/content; then demo progress for deltaker@gnist.test."""
    course = load_course()
    if course is None:
        ctx.log("Course skipped: competence/content/course.json is not written yet.")
        return
    modules = services.published_modules(course)
    ctx.log(f"Course “{course.title}” loaded: {len(modules)} published modules.")
    participant = ctx.users.get("deltaker")
    if participant is not None and modules:
        _seed_participant(participant, modules)


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
