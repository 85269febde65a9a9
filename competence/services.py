"""Everything that writes a person's course data: one function per lifecycle step.

Each is idempotent where a person might click twice: a lesson is done once, a notebook entry is one row per
exercise, and asking for a certificate twice gives the same certificate and one e-mail.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone, translation

from accounts.models import User
from competence.models import (
    Certificate,
    Course,
    Exercise,
    Lesson,
    LessonCompletion,
    Module,
    NotebookEntry,
    Quiz,
    QuizAttempt,
    TeamSharing,
)
from competence.progress import course_progress
from gnist.pagecache import bump_content_version, cached

logger = logging.getLogger(__name__)


class NotEligible(Exception):
    """The person has not finished every lesson and passed every quiz yet."""


def mark_lesson_done(lesson: Lesson, *, actor: User) -> LessonCompletion:
    """Record that `actor` finished `lesson`; a second click keeps the first date (one query when new)."""
    completion, _created = LessonCompletion.objects.get_or_create(user=actor, lesson=lesson)
    return completion


def save_notebook_entry(exercise: Exercise, *, actor: User, answers: dict[str, str]) -> NotebookEntry:
    """Create or replace the person's answers to `exercise` (keys from `exercise.answer_fields()`)."""
    keys = [spec["key"] for spec in exercise.answer_fields()]
    answers = {key: (answers.get(key) or "").strip() for key in keys}
    now = timezone.now()
    entry, _created = NotebookEntry.objects.update_or_create(
        user=actor,
        exercise=exercise,
        defaults={"answers": answers, "updated_at": now},
        create_defaults={"answers": answers, "created_at": now, "updated_at": now},
    )
    return entry


def score(quiz: Quiz, answers: dict[int, int]) -> tuple[int, int]:
    """(correct answers, questions) for `answers` {question id: choice id}; uses prefetched questions."""
    questions = list(quiz.questions.all())
    correct = 0
    for question in questions:
        chosen = answers.get(question.pk)
        correct += any(choice.pk == chosen and choice.correct for choice in question.choices.all())
    return correct, len(questions)


def passes(quiz: Quiz, correct: int, total: int) -> bool:
    """Exact arithmetic: 3 of 4 is 75 % and passes a 75 % mark; no rounding can tip it either way."""
    return total > 0 and correct * 100 >= quiz.pass_mark * total


def submit_quiz(quiz: Quiz, *, actor: User, answers: dict[int, int]) -> QuizAttempt:
    """Score `answers` and store the attempt; every attempt is kept, a retry is a new one."""
    correct, total = score(quiz, answers)
    return QuizAttempt.objects.create(
        user=actor,
        quiz=quiz,
        answers={str(question): choice for question, choice in answers.items()},
        correct_count=correct,
        question_count=total,
        score=correct * 100 // total if total else 0,
        passed=passes(quiz, correct, total),
    )


def set_team_sharing(*, actor: User, shared: bool) -> TeamSharing:
    sharing, _created = TeamSharing.objects.update_or_create(
        user=actor, defaults={"shared": shared, "changed_at": timezone.now()}
    )
    return sharing


# The lessons' long texts, in every language: an outline of the course needs none of them.
_LESSON_TEXTS = [
    f"{name}{suffix}"
    for name in ("body", "transcript")
    for suffix in ["", *(f"_{language}" for language in settings.MODELTRANSLATION_LANGUAGES)]
]


def course_outline() -> tuple[Course | None, list[Module]]:
    """The current edition and its published modules with their quizzes and lessons (without the lessons'
    texts): the same for everyone, so kept under the content version like the public course pages."""

    def outline():
        course = Course.objects.current()
        if course is None:
            return None, []
        lessons = Prefetch("lessons", Lesson.objects.defer(*_LESSON_TEXTS))
        modules = Module.objects.published().filter(course=course).order_by("order")
        return course, list(modules.select_related("quiz").prefetch_related(lessons))

    return cached("course-outline", outline, by_clock=False)


def published_modules(course: Course) -> list[Module]:
    return list(
        Module.objects.published()
        .filter(course=course)
        .order_by("order")
        .select_related("quiz")
        .prefetch_related("lessons")
    )


def certificate_snapshot(course: Course, *, actor: User) -> list[dict]:
    """The modules as the certificate names them, each with the date it was completed (its last step)."""
    modules = published_modules(course)
    progress = course_progress(actor, modules)
    if not progress.complete:
        raise NotEligible
    last_lesson = {
        completion.lesson_id: completion.completed_at
        for completion in LessonCompletion.objects.filter(user=actor, lesson__module__in=modules)
    }
    first_pass = {}
    for attempt in (
        QuizAttempt.objects.of(actor).passed().filter(quiz__module__in=modules).order_by("submitted_at")
    ):
        first_pass.setdefault(attempt.quiz_id, attempt.submitted_at)
    snapshot = []
    for module in modules:
        dates = [last_lesson[lesson.pk] for lesson in module.lessons.all()]
        quiz = getattr(module, "quiz", None)
        if quiz is not None:
            dates.append(first_pass[quiz.pk])
        completed = timezone.localdate(max(dates)) if dates else timezone.localdate()
        snapshot.append({"order": module.order, "title": module.title, "completed_on": completed.isoformat()})
    return snapshot


def request_certificate(course: Course, *, actor: User) -> Certificate:
    """Issue the person's certificate for `course`, or return the one they already have.

    Steps: return an existing certificate untouched (asking twice is one certificate, one e-mail); check that
    every lesson is done and every quiz passed (NotEligible otherwise); copy name, edition and modules into a
    pending row; generate the PDF in a task after commit.
    """
    from competence.tasks import generate_certificate_pdf

    existing = Certificate.objects.filter(user=actor, course=course).first()
    if existing is not None:
        return existing
    modules = certificate_snapshot(course, actor=actor)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                user=actor,
                course=course,
                name=actor.name or actor.email,
                edition_title=course.title,
                modules=modules,
                language=translation.get_language() or "nb",
            )
    except IntegrityError:
        # A double submit raced us to it: the other request's certificate is the one.
        return Certificate.objects.get(user=actor, course=course)
    generate_certificate_pdf.delay_on_commit(certificate_id=certificate.pk)
    bump_content_version()  # its verification page is public
    return certificate


def generate_certificate(certificate_id: int) -> None:
    """Render the PDF of a pending certificate, mark it ready and e-mail the person (once).

    Steps: lock the row; skip a certificate that is gone or already ready; render in its own language;
    save the file and status in the same transaction; queue the e-mail with a key per certificate, so a
    retried task never sends a second one.
    """
    from competence.emails import send_certificate_ready
    from competence.pdf import render_certificate_pdf

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        if certificate is None:
            logger.warning("Certificate #%s is gone; no PDF made.", certificate_id)
            return
        if certificate.status == Certificate.Status.READY and certificate.pdf:
            logger.info("Certificate #%s is ready already.", certificate_id)
            return
        with translation.override(certificate.language):
            pdf = render_certificate_pdf(certificate)
        certificate.pdf.save(f"kursbevis-{certificate.code}.pdf", ContentFile(pdf), save=False)
        certificate.status = Certificate.Status.READY
        certificate.ready_at = timezone.now()
        certificate.save(update_fields=["pdf", "status", "ready_at"])
        send_certificate_ready(certificate)
