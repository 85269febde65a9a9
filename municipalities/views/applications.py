"""Municipality staff apply to rounds: start, edit, attach PDFs, submit, and confirm joint applications.

Outsiders get 404 (`permissions.get_application_for_user`); staff who may only read get 403. Changes are
POST-only and redirect. Staged decisions are never read here: applicants see the announced status only.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gnist.differences import show_stale_save
from gnist.errors import ExplainedPermissionDenied
from gnist.json_lists import instances, json_list
from municipalities import permissions, services
from municipalities.actions import application_status
from municipalities.forms import (
    SECTIONS,
    STATES,
    AnchoringSection,
    ApplicationSection,
    ApplicationStartForm,
    AttachmentForm,
    CoApplicantConfirmForm,
)
from municipalities.models import (
    Application,
    ApplicationAttachment,
    CoApplicant,
    CriterionAnswer,
    Municipality,
    Round,
    join_names,
)
from municipalities.views.public import open_phase_actions


def _crumbs(*items) -> list[dict]:
    return [{"label": _("Applications"), "url": reverse("municipalities:application_list")}] + [
        {"label": label, "url": url} for label, url in items
    ]


def _full(queryset=None):
    """An application with everything its pages show, in a constant number of queries."""
    return (queryset or Application.objects.all()).prefetch_related(
        "themes",
        "attachments",
        Prefetch("answers", CriterionAnswer.objects.select_related("criterion")),
        Prefetch("co_applicants", CoApplicant.objects.select_related("municipality")),
    )


# What the editing pages read of the application beside its own fields, in its row as JSON lists
# (gnist/json_lists.py): the answers by criterion, the chosen themes and the attachments.
ATTACHMENT_FIELDS = ("id", "application_id", "name", "size")
_ROWS = {
    "answer_rows": lambda: json_list(
        CriterionAnswer.objects.all(), parent="application", fields=("criterion_id", "text")
    ),
    "theme_rows": lambda: json_list(
        Application.themes.through.objects.all(), parent="application", fields=("theme_id",)
    ),
    "attachment_rows": lambda: json_list(
        ApplicationAttachment.objects.all(), parent="application", fields=ATTACHMENT_FIELDS
    ),
    "co_applicant_rows": lambda: json_list(
        CoApplicant.objects.all(), parent="application", fields=("municipality_id", "municipality__name")
    ),
}


@functools.cache
def _with_rows(*names: str):
    """Applications with the lists `names` (of `_ROWS`), built once per process and cloned per request
    (querysets are lazy): building the subqueries cost more than running them, ~1.2 ms a request."""
    return Application.objects.annotate(**{name: _ROWS[name]() for name in names})


@require_GET
@login_required
def application_list(request):
    memberships = permissions.memberships_of(request.user)
    mine = permissions.approved_municipality_ids(request.user)
    applications = list(
        # The co-applicants' names with each row (`Application.applicant_names`).
        _with_rows("co_applicant_rows")
        .filter(pk__in=Application.objects.for_municipalities(mine).values("pk"))
        .select_related("round", "municipality")
        # What the table and the open phases' actions show: not the application's texts.
        .only(
            "round__number",
            "municipality__name",
            "question",
            "status",
            "submitted_at",
        )
        .order_by("-round__start_year", "-round__number", "municipality__name")
    )
    return render(
        request,
        "municipalities/applications/list.html",
        {
            "applications": applications,
            # Apply, continue or read what was sent: one action per open round, never a second "apply". The
            # list holds every application of the person's municipalities, so the actions need no query.
            "open_phases": (
                open_phase_actions(request, memberships=memberships, applications=applications)
                if mine
                else []
            ),
            "is_staff_member": bool(mine),
            "breadcrumbs": [{"label": _("Applications"), "url": ""}],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def application_start(request, number):
    round_ = get_object_or_404(Round.objects.published().prefetch_related("phases"), number=number)
    mine = permissions.approved_municipality_ids(request.user)
    if not mine:
        raise ExplainedPermissionDenied(_on_no_team())
    now = timezone.now()
    form = ApplicationStartForm(
        request.POST or None,
        municipalities=Municipality.objects.current().filter(pk__in=mine).order_by("name"),
    )
    is_open = round_.takes_applications_at(now)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_application(
                round_, municipality=form.cleaned_data["municipality"], actor=request.user, now=now
            )
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect("municipalities:application_list")
        if application.status != Application.Status.DRAFT:
            # Already sent: say so and show it, rather than quietly open it for editing.
            status = application_status(application, application.municipality, now=now, several=True)
            messages.info(request, status.text)
            return redirect(application)
        return redirect("municipalities:application_edit", pk=application.pk)
    return render(
        request,
        "municipalities/applications/start.html",
        {
            "round": round_,
            "form": form,
            "is_open": is_open,
            "deadline": round_.application_deadline,
            "breadcrumbs": _crumbs((round_.title, "")),
        },
    )


@require_GET
@login_required
def application_detail(request, pk):
    application = permissions.get_application_for_user(request.user, pk, _full())
    now = timezone.now()
    confirmable = [
        co
        for co in application.co_applicants.all()
        if permissions.can_confirm_co_application(request.user, co, now)
    ]
    return render(
        request,
        "municipalities/applications/detail.html",
        {
            "application": application,
            "answers": sorted(application.answers.all(), key=lambda answer: answer.criterion.order),
            "can_edit": permissions.can_edit_application(request.user, application, now),
            "can_submit": permissions.can_submit_application(request.user, application, now),
            "is_editor": permissions.is_application_editor(request.user, application),
            "can_confirm": bool(confirmable),
            "deadline": application.round.application_deadline,
            "breadcrumbs": _crumbs((str(application), "")),
        },
    )


def _editable(request, pk, queryset=None) -> Application:
    """The application if the person may write it now: 404 to outsiders, 403 to insiders who may only read."""
    application = permissions.get_application_for_user(
        request.user, pk, queryset if queryset is not None else _full()
    )
    if not permissions.is_application_editor(request.user, application):
        raise ExplainedPermissionDenied(_why_not_editor(request.user, application))
    return application


def _locked(request, application: Application, now) -> HttpResponse | None:
    """Where to send a person who may no longer change the application (past the deadline), else None."""
    if permissions.can_edit_application(request.user, application, now):
        return None
    messages.warning(
        request, _("The deadline has passed. The application is locked and can no longer be changed.")
    )
    return redirect(application)


# The attachments are the last part of the overview, with a page of their own (not a form section).
ATTACHMENTS = "vedlegg"
# Every part an application can have, in order.
PARTS = [*SECTIONS, ATTACHMENTS]


def _parts(application: Application) -> list[str]:
    """The slugs of the application's parts in order: the sections it has (no criteria part for a round
    without criteria), then the attachments."""
    return [slug for slug, section in SECTIONS.items() if section.applies_to(application)] + [ATTACHMENTS]


def _part_url(application: Application, slug: str) -> str:
    if slug == ATTACHMENTS:
        return reverse("municipalities:application_attachments", kwargs={"pk": application.pk})
    return reverse("municipalities:application_section", kwargs={"pk": application.pk, "section": slug})


def _edit_crumbs(application: Application, title) -> list[dict]:
    return _crumbs(
        (str(application), application.get_absolute_url()),
        (_("Edit"), reverse("municipalities:application_edit", kwargs={"pk": application.pk})),
        (title, ""),
    )


@require_GET
@login_required
def application_edit(request, pk):
    """The overview: each part of the application with where it stands, and the way on to submit."""
    # Every section's lists (`ApplicationSection.rows`) and the attachments.
    application = _editable(
        request, pk, _with_rows("answer_rows", "theme_rows", "co_applicant_rows", "attachment_rows")
    )
    now = timezone.now()
    if response := _locked(request, application, now):
        return response
    answers = {row["criterion_id"]: row["text"] for row in application.answer_rows or ()}
    missing = application.missing_by_part(answers=answers)
    parts = []
    for section in SECTIONS.values():
        if not section.applies_to(application):
            continue
        label, color = STATES[section.state(application, missing)]
        parts.append({"slug": section.slug, "title": section.title, "label": label, "color": color})
    # The attachments are optional: their count once there are any.
    count = len(application.attachment_rows or ())
    if count:
        label = ngettext("%(count)s attachment", "%(count)s attachments", count) % {"count": count}
        color = "success"
    else:
        label, color = STATES["optional"]
    parts.append({"slug": ATTACHMENTS, "title": _("Attachments"), "label": label, "color": color})
    for part in parts:
        part["url"] = _part_url(application, part["slug"])
    return render(
        request,
        "municipalities/applications/edit.html",
        {
            "application": application,
            "parts": parts,
            "missing_count": sum(len(items) for items in missing.values()),
            "deadline": application.round.application_deadline,
            "breadcrumbs": _crumbs((str(application), application.get_absolute_url()), (_("Edit"), "")),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def application_section(request, pk, section):
    """One part of the application on its own page, saved on its own (`forms.ApplicationSection`)."""
    form_class = SECTIONS.get(section)
    if form_class is None:
        raise Http404("No such part of the application.")
    # Every page names the applicants (`Application.applicant_names`).
    application = _editable(request, pk, _with_rows("co_applicant_rows", *form_class.rows))
    parts = _parts(application)
    if section not in parts:
        raise Http404("This application has no such part.")
    now = timezone.now()
    if response := _locked(request, application, now):
        return response
    form = form_class.for_application(application, request.POST or None)
    differences = []
    if request.method == "POST" and form.is_valid():
        try:
            _save_section(form, application, actor=request.user, now=now)
        except services.TooManyCoApplicants as error:
            form.add_error("co_municipalities", str(error))  # shown again with what they typed
        except services.StaleApplication as error:
            differences = show_stale_save(request, form, error, form.text_names())
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect(application)
        else:
            messages.success(request, _("Saved: %(part)s.") % {"part": form_class.title})
            if "continue" in request.POST:
                return redirect(_part_url(application, parts[parts.index(section) + 1]))
            return redirect("municipalities:application_edit", pk=application.pk)
    return render(
        request,
        "municipalities/applications/section.html",
        {
            "application": application,
            "section": form_class,
            "number": parts.index(section) + 1,
            "count": len(parts),
            "form": form,
            "differences": differences,
            # Team admins may cite their colleagues' course completion (Gnist kompetanse) as anchoring.
            "show_course_completion": (
                form_class is AnchoringSection
                and permissions.is_application_team_admin(request.user, application)
            ),
            "breadcrumbs": _edit_crumbs(application, form_class.title),
        },
    )


# A save that a colleague's save of other parts overtook is made again on top of it, this many times at most.
SAVE_ATTEMPTS = 3


def _save_section(form: ApplicationSection, application: Application, *, actor, now) -> Application:
    """Save the section; stale only if someone changed this section since the person opened it."""
    kwargs = form.service_kwargs()
    for _attempt in range(SAVE_ATTEMPTS - 1):
        try:
            return services.save_application(application, actor=actor, now=now, **kwargs)
        except services.StaleApplication as error:
            if not form.unchanged_in(error.current):
                raise
            # Saved again from what is stored now (its version and status: a colleague may have submitted).
            error.current.round = application.round
            application, kwargs["version"] = error.current, error.current.version
    return services.save_application(application, actor=actor, now=now, **kwargs)


@require_GET
@login_required
def application_attachments(request, pk):
    """The attachments part: the PDFs sent with the application, to add and remove."""
    application = _editable(request, pk, _with_rows("co_applicant_rows", "attachment_rows"))
    if response := _locked(request, application, timezone.now()):
        return response
    count = len(_parts(application))  # the attachments are the last part
    return render(
        request,
        "municipalities/applications/attachments.html",
        {
            "application": application,
            # As uploaded (the model's order: the time, then the id, which grows with it).
            "attachments": instances(ApplicationAttachment, application.attachment_rows, order=("id",)),
            "attachment_form": AttachmentForm(),
            "limit": ApplicationAttachment.MAX_PER_APPLICATION,
            "number": count,
            "count": count,
            "breadcrumbs": _edit_crumbs(application, _("Attachments")),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def application_submit(request, pk):
    application = _editable(request, pk)
    now = timezone.now()
    if request.method == "POST":
        try:
            services.submit_application(application, actor=request.user, now=now)
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect("municipalities:application_submit", pk=application.pk)
        messages.success(request, _("The application is submitted. We have sent you a receipt by e-mail."))
        return redirect(application)
    missing = application.missing_by_part()
    return render(
        request,
        "municipalities/applications/submit.html",
        {
            "application": application,
            # What is missing, by the part of the application to fill it in.
            "missing": [
                {"title": section.title, "url": _part_url(application, section.slug), "items": items}
                for section in SECTIONS.values()
                if (items := missing.get(section.part))
            ],
            "can_submit": permissions.can_submit_application(request.user, application, now),
            "deadline": application.round.application_deadline,
            "breadcrumbs": _crumbs((str(application), application.get_absolute_url()), (_("Submit"), "")),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def application_confirm(request, pk):
    application = permissions.get_application_for_user(request.user, pk, _full())
    mine = permissions.approved_municipality_ids(request.user)
    rows = [co for co in application.co_applicants.all() if co.municipality_id in mine]
    if not rows:
        raise ExplainedPermissionDenied(_why_not_confirmer(request.user, application))
    now = timezone.now()
    for co in rows:
        co.can_confirm = permissions.can_confirm_co_application(request.user, co, now)
    if request.method == "POST":
        form = CoApplicantConfirmForm(request.POST, co_applicants=application.co_applicants.all())
        if not form.is_valid():
            raise Http404("No such co-applicant.")
        co_applicant = form.cleaned_data["co_applicant"]
        try:
            services.confirm_co_application(co_applicant, actor=request.user, now=now)
        except services.CoApplicationClosed as error:
            messages.warning(request, str(error))
            return redirect(application)
        except services.ApplicationError as error:
            raise ExplainedPermissionDenied(str(error)) from error
        messages.success(
            request, _("%(name)s is confirmed as co-applicant.") % {"name": co_applicant.municipality.name}
        )
        return redirect(application)
    return render(
        request,
        "municipalities/applications/confirm.html",
        {"application": application, "rows": rows, "breadcrumbs": _crumbs((str(application), ""))},
    )


@require_POST
@login_required
def attachment_add(request, pk):
    application = _editable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors["file"]:
            messages.error(request, error)
        return redirect("municipalities:application_attachments", pk=application.pk)
    try:
        attachment = services.add_attachment(
            application, actor=request.user, upload=form.cleaned_data["file"]
        )
    except services.ApplicationLocked as error:
        messages.warning(request, str(error))
        return redirect(application)
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("municipalities:application_attachments", pk=application.pk)
    messages.success(request, _("The attachment %(name)s is added.") % {"name": attachment.name})
    return redirect("municipalities:application_attachments", pk=application.pk)


def _attachment(application: Application, attachment_pk: int) -> ApplicationAttachment:
    attachment = next(
        (stored for stored in application.attachments.all() if stored.pk == attachment_pk), None
    )
    if attachment is None:
        raise Http404("No such attachment.")
    return attachment


@require_GET
@login_required
def attachment_download(request, pk, attachment):
    application = permissions.get_application_for_user(request.user, pk, _full())
    attachment = _attachment(application, attachment)
    # Always a PDF download, whatever the person named the file (evil.html must not render in the browser).
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/pdf",
    )


@require_POST
@login_required
def attachment_delete(request, pk, attachment):
    application = _editable(request, pk)
    attachment = _attachment(application, attachment)
    try:
        services.remove_attachment(attachment, actor=request.user)
    except services.ApplicationLocked as error:
        messages.warning(request, str(error))
        return redirect(application)
    messages.success(request, _("The attachment %(name)s is removed.") % {"name": attachment.name})
    return redirect("municipalities:application_attachments", pk=application.pk)


# --- why a 403: said only to those who may read the application (outsiders got a 404 before) -------------


def _on_no_team() -> str:
    return _(
        "Only approved staff of a municipality's team can apply to a round. If you work for a municipality, "
        "ask to join its team from the municipality's page, and an administrator of the team approves you."
    )


def _why_not_editor(user, application: Application) -> str:
    """Why someone who reads the application cannot change it: a co-applicant's staff, or programme staff."""
    mine = permissions.approved_municipality_ids(user)
    text = _("Only the team of %(name)s, the main applicant, can change this application.") % {
        "name": application.municipality.name
    }
    if any(co.municipality_id in mine for co in application.co_applicants.all()):
        who_does = _("Co-applicants read it and confirm that they apply jointly.")
    else:
        who_does = _("The programme reads applications but does not change them.")
    return f"{text} {who_does}"


def _why_not_confirmer(user, application: Application) -> str:
    """Why someone who reads the application, and is staff of none of its co-applicants, cannot confirm."""
    co_applicants = [co.municipality.name for co in application.co_applicants.all()]
    if not co_applicants:
        return _("This application has no co-applicants, so there is nothing to confirm.")
    text = _("Only the staff of %(names)s confirm that they apply jointly with %(name)s.") % {
        "names": join_names(co_applicants),
        "name": application.municipality.name,
    }
    if not permissions.is_application_editor(user, application):
        return text
    yours = _("Your team, the main applicant, writes and sends the application.")
    return f"{text} {yours}"
