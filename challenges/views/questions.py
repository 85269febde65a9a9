"""Questions and answers on a challenge (equal treatment, as in public procurement): signed-in people ask
while the challenge takes questions; its staff (and moderators) rephrase, answer and publish for everyone
without the asker's name, publish clarifications of their own, or decline a question. Following a challenge
e-mails each published answer.

Outsiders get 404 (a draft's questions, waiting questions of others); people who may see but not act 403.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from challenges import permissions, services
from challenges.forms import AnswerForm, ClarificationForm, DeclineForm, QuestionForm
from challenges.models import Challenge, Question
from challenges.views import challenge_crumb
from gnist.errors import ExplainedPermissionDenied
from gnist.messages import with_link
from municipalities.actions import format_moment


def deadline_warning(user, challenge: Challenge, answered_at, now: datetime.datetime) -> dict:
    """The warning to extend the offer deadline (`challenges/_offer_deadline_warning.html`), for those who
    answer, when the last answer or clarification came less than six days before it."""
    show = permissions.can_see_offer_deadline_warning(user, challenge, answered_at, now)
    return {"offer_deadline": permissions.offer_deadline(challenge) if show else None}


def warn_about_offer_deadline(request, question: Question, now: datetime.datetime) -> None:
    """After publishing an answer or clarification: tell the person to extend the offer deadline if it is
    near."""
    challenge = question.challenge
    if permissions.can_see_offer_deadline_warning(request.user, challenge, question.published_at, now):
        messages.warning(
            request,
            _(
                "This was published less than six days before the offer deadline, %(deadline)s. Extend the "
                "offer deadline so that every supplier has time to take it into account."
            )
            % {"deadline": format_moment(permissions.offer_deadline(challenge), now=now)},
        )


def section_context(request, challenge: Challenge, now: datetime.datetime) -> dict:
    """What the challenge page's Q&A section needs (`challenges/_questions.html`): the published questions,
    the viewer's follow and the waiting count (all read with the challenge by `challenge_queryset`), the ask
    form for those who may, and the offer deadline warning for staff."""
    user = request.user
    can_answer = permissions.can_answer_questions(user, challenge)
    # Those who answer get no form to ask themselves (the ask page stays open to them, as to anyone).
    can_ask = permissions.can_ask_question(user, challenge, now) and not can_answer
    questions = challenge.published_questions
    question_deadline = permissions.question_deadline(challenge)
    return {
        "questions": questions,
        "can_ask": can_ask,
        "question_form": QuestionForm() if can_ask else None,
        "takes_questions": permissions.takes_questions_at(challenge, now),
        "question_deadline": question_deadline,
        "question_deadline_passed": question_deadline is not None and question_deadline <= now,
        "can_answer": can_answer,
        "waiting_count": challenge.waiting_count if can_answer else 0,
        **deadline_warning(
            user, challenge, max((question.published_at for question in questions), default=None), now
        ),
        # The asker's own questions not (yet) published: where they land after asking, and how they find them.
        "my_questions": list(
            challenge.questions.filter(asked_by=user)
            .exclude(status=Question.Status.PUBLISHED)
            .order_by("asked_at", "pk")
        )
        if user.is_authenticated and not can_answer
        else [],
        "can_follow": permissions.can_follow_challenge(user, challenge),
        "is_following": user.is_authenticated and challenge.viewer_follows,
    }


def _challenge(request, pk: int) -> Challenge:
    return permissions.get_challenge_for_user(
        request.user,
        pk,
        Challenge.objects.select_related("participant__round").prefetch_related(
            "participant__round__phases", "participant__municipalities"
        ),
    )


def _breadcrumbs(challenge: Challenge, label: str) -> list[dict]:
    return [
        {"label": _("Challenges"), "url": reverse("challenges:catalogue")},
        challenge_crumb(challenge),
        {"label": label, "url": ""},
    ]


def _on_questions(text: str) -> str:
    """A message about the questions: the challenge's page opens at it, and it links on to them."""
    return with_link(text, "#questions", _("Go to the questions and answers"))


@require_http_methods(["GET", "POST"])
def ask(request, pk: int):
    challenge = _challenge(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # A question sent after questions closed gets the reason from the service below, with the text kept.
    now = timezone.now()
    if request.method == "GET" and not permissions.can_ask_question(request.user, challenge, now):
        raise ExplainedPermissionDenied(permissions.why_no_questions(challenge, now))
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_question(challenge, actor=request.user, text=form.cleaned_data["text"])
        except services.ChallengeError as error:
            form.add_error("text", str(error))
        else:
            messages.success(
                request,
                _on_questions(
                    _(
                        "Thank you. Your question is sent to the municipality; you get an e-mail when it is "
                        "answered."
                    )
                ),
            )
            return redirect(challenge)
    return render(
        request,
        "challenges/question_ask.html",
        {"challenge": challenge, "form": form, "breadcrumbs": _breadcrumbs(challenge, _("Ask a question"))},
    )


@require_GET
def question_list(request, pk: int):
    """The questions waiting for an answer (the challenge's staff and moderators)."""
    challenge = _challenge(request, pk)
    if not permissions.can_answer_questions(request.user, challenge):
        raise Http404("No such page.")
    answered_at = challenge.questions.published().aggregate(latest=Max("published_at"))["latest"]
    return render(
        request,
        "challenges/question_list.html",
        {
            "challenge": challenge,
            **deadline_warning(request.user, challenge, answered_at, timezone.now()),
            "waiting": list(challenge.questions.waiting().order_by("asked_at", "pk")),
            "declined": list(
                challenge.questions.filter(status=Question.Status.WITHDRAWN).order_by("-asked_at")
            ),
            "breadcrumbs": _breadcrumbs(challenge, _("Questions waiting for an answer")),
        },
    )


def _question(request, pk: int) -> Question:
    return permissions.get_question_for_user(
        request.user,
        pk,
        Question.objects.select_related("challenge__participant__round").prefetch_related(
            "challenge__participant__municipalities"
        ),
    )


def _answerable(request, pk: int) -> Question:
    """The question if the person may answer or decline it now: 404 to outsiders, 403 with the reason to
    those who may read it (the asker, anyone once it is published, those who answer once it is handled)."""
    question = _question(request, pk)
    user = request.user
    if permissions.can_answer_question(user, question):
        return question
    if permissions.can_answer_questions(user, question.challenge):
        reason = _("This question has been handled already. It is now: %(status)s. Nothing was changed.") % {
            "status": question.get_status_display()
        }
    elif question.status == Question.Status.ASKED:  # the asker's own (no one else sees a waiting question)
        reason = _(
            "Only the municipality's team answers questions about its challenge. You get an e-mail when it "
            "has answered your question or decided not to publish it."
        )
    else:
        reason = _(
            "Only the municipality's team answers questions about its challenge, and it publishes the "
            "answers on the challenge's page."
        )
    raise ExplainedPermissionDenied(reason)


def _render_question(request, question: Question, *, answer_form=None, decline_form=None, status=200):
    user = request.user
    can_answer = permissions.can_answer_question(user, question)
    # The wording as asked is private: the asker and those who answer see it; others the published text.
    show_original = bool(question.original_text) and (
        (user.is_authenticated and question.asked_by_id == user.pk)
        or permissions.can_answer_questions(user, question.challenge)
    )
    return render(
        request,
        "challenges/question_detail.html",
        {
            "question": question,
            "challenge": question.challenge,
            "can_answer": can_answer,
            "show_original": show_original,
            "answer_form": (answer_form or AnswerForm(initial={"text": question.original_text}))
            if can_answer
            else None,
            "decline_form": (decline_form or DeclineForm(prefix="decline")) if can_answer else None,
            "breadcrumbs": _breadcrumbs(question.challenge, _("Question")),
        },
        status=status,
    )


@require_GET
def question_detail(request, pk: int):
    """A question: the asker sees theirs and its status; staff answer or decline it; a published one is
    public (without the asker's name)."""
    return _render_question(request, _question(request, pk))


@require_POST
def answer(request, pk: int):
    question = _answerable(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_question(question, actor=request.user, **form.cleaned_data)
        except services.ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The answer is published on the challenge's page."))
            warn_about_offer_deadline(request, question, timezone.now())
            return redirect(reverse("challenges:question_list", kwargs={"pk": question.challenge_id}))
    return _render_question(request, question, answer_form=form)


@require_POST
def decline(request, pk: int):
    question = _answerable(request, pk)
    form = DeclineForm(request.POST, prefix="decline")
    if form.is_valid():
        try:
            services.decline_question(question, actor=request.user, message=form.cleaned_data["message"])
        except services.ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The question will not be published. The asker has been told."))
            return redirect(reverse("challenges:question_list", kwargs={"pk": question.challenge_id}))
    return _render_question(request, question, decline_form=form)


@require_http_methods(["GET", "POST"])
def clarify(request, pk: int):
    challenge = _challenge(request, pk)
    if not permissions.can_publish_clarification(request.user, challenge):
        raise Http404("No such page.")
    form = ClarificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clarification = services.publish_clarification(challenge, actor=request.user, **form.cleaned_data)
        except services.ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _on_questions(_("The clarification is published on the challenge's page."))
            )
            clarification.challenge = challenge  # with its prefetched phases and municipalities
            warn_about_offer_deadline(request, clarification, timezone.now())
            return redirect(challenge)
    return render(
        request,
        "challenges/clarification_form.html",
        {
            "challenge": challenge,
            "form": form,
            "breadcrumbs": _breadcrumbs(challenge, _("Publish a clarification")),
        },
    )


@require_POST
def follow(request, pk: int):
    challenge = _challenge(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(challenge.get_absolute_url())
    try:
        services.follow_challenge(challenge, actor=request.user)
    except services.ChallengeError as error:
        messages.warning(request, _on_questions(str(error)))
    else:
        messages.success(
            request,
            _on_questions(_("You follow this challenge: you get an e-mail for each published answer.")),
        )
    return redirect(challenge)


@require_POST
def unfollow(request, pk: int):
    challenge = _challenge(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(challenge.get_absolute_url())
    services.unfollow_challenge(challenge, actor=request.user)
    messages.success(request, _on_questions(_("You no longer follow this challenge.")))
    return redirect(challenge)
