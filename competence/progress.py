"""Progress arithmetic: what a person has done in an edition, computed from two small queries.

A module counts lessons done and whether its quiz is passed; the course counts every lesson and every quiz
as one step each. Modules without a quiz are complete when their lessons are.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Value

from accounts.models import User
from competence.models import Lesson, LessonCompletion, Module, QuizAttempt


@dataclass
class ModuleProgress:
    module: Module
    lessons_total: int
    lessons_done: int
    has_quiz: bool
    quiz_passed: bool
    done_lesson_ids: set[int] = field(default_factory=set)

    @property
    def steps_total(self) -> int:
        return self.lessons_total + (1 if self.has_quiz else 0)

    @property
    def steps_done(self) -> int:
        return self.lessons_done + (1 if self.quiz_passed else 0)

    @property
    def percent(self) -> int:
        return self.steps_done * 100 // self.steps_total if self.steps_total else 0

    @property
    def complete(self) -> bool:
        return self.steps_total > 0 and self.steps_done == self.steps_total

    @property
    def started(self) -> bool:
        return self.steps_done > 0


@dataclass
class CourseProgress:
    modules: list[ModuleProgress]

    @property
    def steps_total(self) -> int:
        return sum(progress.steps_total for progress in self.modules)

    @property
    def steps_done(self) -> int:
        return sum(progress.steps_done for progress in self.modules)

    @property
    def percent(self) -> int:
        return self.steps_done * 100 // self.steps_total if self.steps_total else 0

    @property
    def complete(self) -> bool:
        return bool(self.modules) and all(progress.complete for progress in self.modules)

    def for_module(self, module: Module) -> ModuleProgress | None:
        return next((progress for progress in self.modules if progress.module.pk == module.pk), None)

    def next_lesson(self) -> Lesson | None:
        """ "Continue where you left off": the first lesson not done, in course order (None when all are)."""
        for progress in self.modules:
            for lesson in progress.module.lessons.all():
                if lesson.pk not in progress.done_lesson_ids:
                    return lesson
        return None

    def next_quiz_module(self) -> Module | None:
        return next(
            (progress.module for progress in self.modules if progress.has_quiz and not progress.quiz_passed),
            None,
        )


def done_and_passed(user: User | AnonymousUser, modules: list[Module]) -> tuple[set[int], set[int]]:
    """The ids of the lessons of `modules` the person has done and of their quizzes the person has passed, in
    one query (a union), by the ids the modules hold (their lessons prefetched, their quizzes selected)."""
    if not user.is_authenticated:
        return set(), set()
    lesson_ids = [lesson.pk for module in modules for lesson in module.lessons.all()]
    quiz_ids = [module.quiz.pk for module in modules if getattr(module, "quiz", None) is not None]
    # Unordered: SQLite takes no ORDER BY (the models' default) inside a union.
    lessons = (
        LessonCompletion.objects.filter(user=user, lesson_id__in=lesson_ids)
        .order_by()
        .values_list("lesson_id", Value("lesson"))
    )
    quizzes = (
        QuizAttempt.objects.of(user)
        .passed()
        .filter(quiz_id__in=quiz_ids)
        .order_by()
        .values_list("quiz_id", Value("quiz"))
    )
    done, passed = set(), set()
    for pk, kind in lessons.union(quizzes):
        (done if kind == "lesson" else passed).add(pk)
    return done, passed


def course_progress(user: User | AnonymousUser, modules: list[Module]) -> CourseProgress:
    """`modules` must have their `lessons` prefetched and `quiz` selected (see views.modules_of)."""
    done, passed = done_and_passed(user, modules)
    result = []
    for module in modules:
        lesson_ids = {lesson.pk for lesson in module.lessons.all()}
        quiz = getattr(module, "quiz", None)
        result.append(
            ModuleProgress(
                module=module,
                lessons_total=len(lesson_ids),
                lessons_done=len(lesson_ids & done),
                has_quiz=quiz is not None,
                quiz_passed=quiz is not None and quiz.pk in passed,
                done_lesson_ids=lesson_ids & done,
            )
        )
    return CourseProgress(result)


def team_completion(users: Sequence[User], modules: list[Module]) -> dict[tuple[int, int], datetime.datetime]:
    """{(user id, module id): date completed} for the modules each person has completed (two queries)."""
    from django.db.models import Count, Max, Min

    if not users or not modules:
        return {}
    lesson_counts = {module.pk: len(module.lessons.all()) for module in modules}
    lessons = {
        (row["user_id"], row["lesson__module_id"]): (row["done"], row["last"])
        for row in LessonCompletion.objects.filter(user__in=users, lesson__module__in=modules)
        .values("user_id", "lesson__module_id")
        .annotate(done=Count("pk"), last=Max("completed_at"))
    }
    quizzes = {
        (row["user_id"], row["quiz__module_id"]): row["first"]
        for row in QuizAttempt.objects.passed()
        .filter(user__in=users, quiz__module__in=modules)
        .values("user_id", "quiz__module_id")
        .annotate(first=Min("submitted_at"))
    }
    result = {}
    for user in users:
        for module in modules:
            key = (user.pk, module.pk)
            done, last = lessons.get(key, (0, None))
            if done < lesson_counts[module.pk]:
                continue
            has_quiz = getattr(module, "quiz", None) is not None
            if has_quiz and key not in quizzes:
                continue
            dates = [moment for moment in (last, quizzes.get(key)) if moment]
            if dates:
                result[key] = max(dates)
    return result
