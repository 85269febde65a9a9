"""The course pages. Reading is open to everyone; saving progress needs sign-in (anonymous visitors get a
prompt, not an error). Changes are POST-only and redirect; every page costs a constant number of queries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from competence import permissions, services
from competence.forms import ExerciseForm, QuizForm, TeamSharingForm
from competence.models import Certificate, Course, Exercise, Lesson, Module, NotebookEntry, QuizAttempt
from competence.notebook import notebook_as_text
from competence.progress import course_progress, team_completion
from gnist.errors import ExplainedPermissionDenied
from gnist.messages import with_link
from gnist.sections import CANVAS, sections_for
from municipalities.models import Membership, Municipality


def _current_course() -> Course:
    course = Course.objects.current()
    if course is None:
        raise Http404("No course edition is published yet.")
    return course


def _module(course: Course, slug: str) -> Module:
    return get_object_or_404(
        Module.objects.published().select_related("quiz").prefetch_related("lessons"),
        course=course,
        slug=slug,
    )


def _crumbs(*items) -> list[dict]:
    return [{"label": _("Gnist competence"), "url": reverse("competence:course")}] + [
        {"label": label, "url": url} for label, url in items
    ]


@require_GET
def course(request):
    course, modules = services.course_outline()
    if course is None:
        raise Http404("No course edition is published yet.")
    progress = course_progress(request.user, modules)
    memberships = list(Membership.objects.for_user(request.user).approved().select_related("municipality"))
    certificate = (
        Certificate.objects.filter(user=request.user, course=course).first()
        if request.user.is_authenticated
        else None
    )
    sharing_form = None
    if memberships:
        sharing = getattr(request.user, "team_sharing", None)
        sharing_form = TeamSharingForm(initial={"shared": bool(sharing and sharing.shared)})
    return render(
        request,
        "competence/course.html",
        {
            "course": course,
            "progress": progress,
            "next_lesson": progress.next_lesson() if progress.steps_done else None,
            "certificate": certificate,
            "sharing_form": sharing_form,
            "team_municipalities": [
                membership.municipality
                for membership in memberships
                if membership.role == Membership.Role.ADMIN
            ],
            "breadcrumbs": [{"label": _("Gnist competence"), "url": ""}],
        },
    )


@require_GET
def module(request, module):
    course = _current_course()
    module = _module(course, module)
    progress = course_progress(request.user, [module]).modules[0]
    return render(
        request,
        "competence/module.html",
        {
            "module": module,
            "lessons": list(module.lessons.all()),
            "exercises": list(module.exercises.all()),
            "progress": progress,
            "breadcrumbs": _crumbs((module.title, "")),
        },
    )


def _lesson(module_slug: str, lesson_slug: str) -> Lesson:
    course = _current_course()
    return get_object_or_404(
        Lesson.objects.published().select_related("module__quiz"),
        module__course=course,
        module__slug=module_slug,
        slug=lesson_slug,
    )


@require_GET
def lesson(request, module, lesson):
    lesson = _lesson(module, lesson)
    module = lesson.module
    siblings = list(module.lessons.all())
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk)
    done = request.user.is_authenticated and lesson.completions.filter(user=request.user).exists()
    return render(
        request,
        "competence/lesson.html",
        {
            "lesson": lesson,
            "module": module,
            "number": index + 1,
            "lesson_count": len(siblings),
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
            "exercises": list(lesson.exercises.all()),
            "done": done,
            "breadcrumbs": _crumbs((module.title, module.get_absolute_url()), (lesson.title, "")),
        },
    )


@require_POST
@login_required
def lesson_done(request, module, lesson):
    """Mark the lesson done and go on: to the next lesson, or to the module page after its last lesson."""
    lesson = _lesson(module, lesson)
    services.mark_lesson_done(lesson, actor=request.user)
    messages.success(request, _("The lesson is marked as done."))
    following = lesson.module.lessons.filter(order__gt=lesson.order).order_by("order").first()
    return redirect(following or lesson.module)


def exercise(request, module, exercise):
    course = _current_course()
    exercise = get_object_or_404(
        Exercise.objects.select_related("module", "after_lesson"),
        module__in=Module.objects.published().filter(course=course),
        module__slug=module,
        slug=exercise,
    )
    form = None
    if request.user.is_authenticated:
        entry = NotebookEntry.objects.filter(user=request.user, exercise=exercise).first()
        if request.method == "POST":
            form = ExerciseForm(request.POST, exercise=exercise)
            if form.is_valid():
                services.save_notebook_entry(exercise, actor=request.user, answers=form.cleaned_data)
                messages.success(request, _("Your answer is saved in your notebook."))
                return redirect(exercise)
        else:
            form = ExerciseForm(initial=entry.answers if entry else None, exercise=exercise)
    elif request.method == "POST":
        return redirect(f"{reverse('account_login')}?next={request.path}")
    return render(
        request,
        "competence/exercise.html",
        {
            "exercise": exercise,
            "module": exercise.module,
            "form": form,
            # What other apps offer on the canvas (the challenges app: start a challenge from it).
            "sections": sections_for(CANVAS, request) if exercise.kind == Exercise.Kind.CANVAS else [],
            "breadcrumbs": _crumbs(
                (exercise.module.title, exercise.module.get_absolute_url()), (exercise.title, "")
            ),
        },
    )


def quiz(request, module):
    course = _current_course()
    module = _module(course, module)
    quiz = getattr(module, "quiz", None)
    if quiz is None:
        raise Http404("This module has no quiz.")
    quiz = type(quiz).objects.prefetch_related("questions__choices").get(pk=quiz.pk)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        form = QuizForm(request.POST, quiz=quiz)
        if form.is_valid():
            attempt = services.submit_quiz(quiz, actor=request.user, answers=form.answers())
            return redirect(
                reverse("competence:quiz_result", kwargs={"module": module.slug, "pk": attempt.pk})
            )
    else:
        form = QuizForm(quiz=quiz)
    latest = QuizAttempt.objects.of(request.user).filter(quiz=quiz).first()
    return render(
        request,
        "competence/quiz.html",
        {
            "module": module,
            "quiz": quiz,
            "form": form,
            "latest": latest,
            "breadcrumbs": _crumbs((module.title, module.get_absolute_url()), (quiz.title, "")),
        },
    )


@require_GET
def quiz_result(request, module, pk):
    attempt = get_object_or_404(
        QuizAttempt.objects.of(request.user).select_related("quiz__module"), pk=pk, quiz__module__slug=module
    )
    quiz = type(attempt.quiz).objects.prefetch_related("questions__choices").get(pk=attempt.quiz_id)
    feedback = []
    for number, question in enumerate(quiz.questions.all(), 1):
        chosen_id = attempt.answers.get(str(question.pk))
        choices = list(question.choices.all())
        chosen = next((choice for choice in choices if choice.pk == chosen_id), None)
        feedback.append(
            {
                "number": number,
                "question": question,
                "chosen": chosen,
                "correct": bool(chosen and chosen.correct),
                "right_choices": [choice for choice in choices if choice.correct],
            }
        )
    return render(
        request,
        "competence/quiz_result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "module": attempt.quiz.module,
            "feedback": feedback,
            "breadcrumbs": _crumbs(
                (attempt.quiz.module.title, attempt.quiz.module.get_absolute_url()),
                (quiz.title, reverse("competence:quiz", kwargs={"module": module})),
                (_("Result"), ""),
            ),
        },
    )


@require_GET
def notebook(request):
    entries = list(NotebookEntry.objects.of(request.user).select_related("exercise__module"))
    return render(
        request,
        "competence/notebook.html",
        {"entries": entries, "breadcrumbs": _crumbs((_("My notebook"), ""))},
    )


@require_GET
def notebook_entry(request, pk):
    entry = get_object_or_404(
        NotebookEntry.objects.of(request.user).select_related("exercise__module"), pk=pk
    )
    if not permissions.can_view_notebook_entry(request.user, entry):  # belt and braces: `of` already filters
        raise Http404
    return render(
        request,
        "competence/notebook_entry.html",
        {
            "entry": entry,
            "breadcrumbs": _crumbs(
                (_("My notebook"), reverse("competence:notebook")), (entry.exercise.title, "")
            ),
        },
    )


@require_GET
@login_required
def notebook_download(request, fmt):
    if fmt not in ("md", "txt"):
        raise Http404
    entries = list(NotebookEntry.objects.of(request.user).select_related("exercise__module"))
    text = notebook_as_text(entries, markdown=fmt == "md")
    response = HttpResponse(
        text, content_type="text/markdown; charset=utf-8" if fmt == "md" else "text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="gnist-notatbok.{fmt}"'
    return response


def certificate(request):
    course = _current_course()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            services.request_certificate(course, actor=request.user)
        except services.NotEligible:
            messages.error(request, _("Finish every lesson and pass every quiz first."))
        return redirect("competence:certificate")
    certificate = progress = None
    if request.user.is_authenticated:
        certificate = Certificate.objects.filter(user=request.user, course=course).first()
        if certificate is None:
            progress = course_progress(request.user, services.published_modules(course))
    return render(
        request,
        "competence/certificate.html",
        {
            "course": course,
            "certificate": certificate,
            "progress": progress,
            "breadcrumbs": _crumbs((_("Certificate"), "")),
        },
    )


@require_GET
@login_required
def certificate_download(request):
    course = _current_course()
    certificate = get_object_or_404(
        Certificate, user=request.user, course=course, status=Certificate.Status.READY
    )
    return FileResponse(
        certificate.pdf.open("rb"), as_attachment=True, filename=f"gnist-kursbevis-{certificate.code}.pdf"
    )


@require_GET
def verify(request, code):
    certificate = Certificate.objects.filter(code=code.upper()).first()
    if certificate is None:
        return render(request, "competence/verify_not_found.html", {"code": code}, status=404)
    return render(
        request,
        "competence/verify.html",
        {"certificate": certificate, "breadcrumbs": _crumbs((_("Verify a certificate"), ""))},
    )


@require_POST
@login_required
def team_sharing(request):
    if not permissions.can_share_with_team(request.user):
        raise ExplainedPermissionDenied(
            _(
                "Only approved members of a municipality's team can show their course completion to the "
                "team's administrators. Ask to join your municipality's team from its page; once an "
                "administrator of the team approves you, you can share it here."
            )
        )
    form = TeamSharingForm(request.POST)
    form.is_valid()
    services.set_team_sharing(actor=request.user, shared=form.cleaned_data.get("shared", False))
    if form.cleaned_data.get("shared"):
        text = _("Your municipality's administrators can now see your course completion.")
    else:
        text = _("Your course completion is no longer shown to your municipality.")
    # The course page opens at the message (base.html), which links on to the setting.
    messages.success(request, with_link(text, "#team-sharing", _("Go to the sharing setting")))
    return redirect("competence:course")


@require_GET
def team(request, number):
    municipality = Municipality.objects.current().with_number(number).first()
    if municipality is None or not permissions.can_view_team(request.user, municipality):
        raise Http404
    course = _current_course()
    modules = services.published_modules(course)
    members = list(
        Membership.objects.approved()
        .filter(municipality=municipality, user__team_sharing__shared=True)
        .select_related("user")
        .order_by("user__name", "user__email")
    )
    completion = team_completion([member.user for member in members], modules)
    rows = [
        {"user": member.user, "modules": [completion.get((member.user.pk, module.pk)) for module in modules]}
        for member in members
    ]
    return render(
        request,
        "competence/team.html",
        {
            "municipality": municipality,
            "modules": modules,
            "rows": rows,
            "breadcrumbs": _crumbs((municipality.name, "")),
        },
    )
