import pytest

from competence import services
from competence.models import LessonCompletion, NotebookEntry, QuizAttempt
from competence.progress import course_progress
from competence.services import published_modules


def answers_with(quiz, right: int) -> dict[int, int]:
    """Answers to `quiz` with the first `right` questions right and the rest wrong."""
    answers = {}
    for index, question in enumerate(quiz.questions.all()):
        answers[question.pk] = question.choices.get(correct=index < right).pk
    return answers


def test_progress_counts_lessons_and_quizzes_as_steps(cast, course, module1):
    lessons = list(module1.lessons.all())
    services.mark_lesson_done(lessons[0], actor=cast.participant)

    progress = course_progress(cast.participant, published_modules(course))

    # Module 1: 2 lessons + quiz; module 2: 1 written lesson + quiz (the unwritten lesson is not loaded).
    assert [(m.steps_done, m.steps_total, m.percent) for m in progress.modules] == [(1, 3, 33), (0, 2, 0)]
    assert (progress.steps_done, progress.steps_total, progress.percent, progress.complete) == (
        1,
        5,
        20,
        False,
    )
    assert progress.next_lesson() == lessons[1]


def test_module_is_complete_with_every_lesson_and_a_passed_quiz(cast, course, module1):
    for lesson in module1.lessons.all():
        services.mark_lesson_done(lesson, actor=cast.participant)
    services.submit_quiz(module1.quiz, actor=cast.participant, answers=answers_with(module1.quiz, 4))

    progress = course_progress(cast.participant, published_modules(course))

    assert [m.complete for m in progress.modules] == [True, False]
    assert progress.next_lesson().slug == "stigen"


def test_anonymous_progress_is_empty(course):
    from django.contrib.auth.models import AnonymousUser

    progress = course_progress(AnonymousUser(), published_modules(course))

    assert (progress.steps_done, progress.steps_total) == (0, 5)


def test_marking_a_lesson_done_twice_keeps_one_row_and_the_first_date(cast, module1):
    lesson = module1.lessons.first()
    first = services.mark_lesson_done(lesson, actor=cast.participant)
    second = services.mark_lesson_done(lesson, actor=cast.participant)

    assert (LessonCompletion.objects.count(), second.completed_at) == (1, first.completed_at)


@pytest.mark.parametrize(
    ("right", "score", "passed"), [(4, 100, True), (3, 75, True), (2, 50, False), (0, 0, False)]
)
def test_quiz_score_and_pass_mark_boundary(cast, module1, right, score, passed):
    quiz = module1.quiz  # 4 questions, pass mark 75 %

    attempt = services.submit_quiz(quiz, actor=cast.participant, answers=answers_with(quiz, right))

    assert (attempt.correct_count, attempt.question_count, attempt.score, attempt.passed) == (
        right,
        4,
        score,
        passed,
    )


def test_pass_mark_needs_exact_arithmetic(module1):
    quiz = module1.quiz
    quiz.pass_mark = 67

    # 2 of 3 is 66.67 %: below 67 % however it is rounded for display.
    assert (services.passes(quiz, 2, 3), services.passes(quiz, 3, 3), services.passes(quiz, 0, 0)) == (
        False,
        True,
        False,
    )


def test_quiz_retry_keeps_every_attempt(cast, module1):
    quiz = module1.quiz
    services.submit_quiz(quiz, actor=cast.participant, answers=answers_with(quiz, 1))
    services.submit_quiz(quiz, actor=cast.participant, answers=answers_with(quiz, 4))

    assert list(QuizAttempt.objects.order_by("pk").values_list("passed", flat=True)) == [False, True]


def test_canvas_answers_are_saved_per_field_and_replaced_on_edit(cast, module2):
    canvas = module2.exercises.get(slug="lerret")
    services.save_notebook_entry(
        canvas, actor=cast.participant, answers={"problem": "Tomme lokaler", "x": "y"}
    )
    services.save_notebook_entry(canvas, actor=cast.participant, answers={"problem": "Fraflytting "})

    entry = NotebookEntry.objects.get()
    assert entry.answers == {
        "problem": "Fraflytting",
        "affected": "",
        "advantages": "",
        "anchoring": "",
        "success": "",
    }
