import datetime

from django.contrib import admin, messages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Avg, Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from gnist.admin import ReadOnlyInline, ReadOnlyModelAdmin, SafeAutocompleteMixin
from gnist.languages import localized_fields
from municipalities import exports, services
from municipalities.forms import AnnounceForm, DecisionReasonForm, FollowDecisionForm
from municipalities.models import (
    Application,
    ApplicationAttachment,
    Assessment,
    CoApplicant,
    County,
    Criterion,
    CriterionAnswer,
    Membership,
    Municipality,
    Participant,
    Phase,
    Round,
    SelectionLogEntry,
    Theme,
    sorted_by_name,
)
from municipalities.suggestions import suggest_followers

# Content texts are edited in bokmål, nynorsk and English side by side (`title_nb`, `title_nn`, `title_en`)
# with the plain modeltranslation admin: the tabbed variant adds JavaScript our strict CSP keeps out.


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "valid_from", "valid_to", "municipality_count"]
    list_filter = ["valid_from", "valid_to"]
    search_fields = ["name", "number"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(municipality_count=Count("municipalities"))

    @admin.display(description=_("municipalities"), ordering="municipality_count")
    def municipality_count(self, county):
        return county.municipality_count


@admin.register(Municipality)
class MunicipalityAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["number", "name", "county", "valid_from", "valid_to", "sami_administrative_area"]
    list_filter = ["county", "sami_administrative_area", "valid_from"]
    list_select_related = ["county"]
    search_fields = ["name", "official_names", "number", "organisation_number"]
    autocomplete_fields = ["county", "predecessors"]


class PhaseInline(TranslationTabularInline):
    model = Phase
    extra = 0
    fields = [
        "order",
        "kind",
        "name",
        "starts_at",
        "ends_at",
        "month_only",
        *Phase.OPENS_FLAGS,
    ]


class CriterionInline(TranslationStackedInline):
    """Stacked: three names and three descriptions per criterion do not fit a table row."""

    model = Criterion
    extra = 0
    fields = ["order", "name", "description"]


@admin.register(Round)
class RoundAdmin(TranslationAdmin):
    list_display = ["number", "title", "years", "theme", "applications_count", "participant_count"]
    search_fields = localized_fields("title", "theme", "solution_part_name")
    inlines = [PhaseInline, CriterionInline]
    fieldsets = [
        (None, {"fields": ["number", "title", ("start_year", "end_year"), "theme", "solution_part_name"]}),
        (_("Texts"), {"fields": ["description", "eligibility", "funding", "applications_count"]}),
        (None, {"fields": ["retain_application_data_until"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participant_count=Count("participants"))

    @admin.display(description=_("years"), ordering="start_year")
    def years(self, round_):
        return round_.years

    @admin.display(description=_("participants"), ordering="participant_count")
    def participant_count(self, round_):
        return round_.participant_count


class ParticipantMunicipalityInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Participant.municipalities.through
    extra = 1
    autocomplete_fields = ["municipality"]
    verbose_name = _("municipality")
    verbose_name_plural = _("municipalities")


@admin.register(Participant)
class ParticipantAdmin(SafeAutocompleteMixin, TranslationAdmin):
    list_display = ["display_name", "round", "role", "follows", "municipality_names", "county_as_published"]
    list_filter = ["round", "role", "municipalities__county"]
    list_select_related = ["round", "follows", "follows__round"]
    search_fields = ["display_name", "municipalities__name", "municipalities__number"]
    autocomplete_fields = ["follows"]
    fields = ["round", "display_name", "role", "follows", "reason", "county_as_published"]
    inlines = [ParticipantMunicipalityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("municipalities"))
    def municipality_names(self, participant):
        return ", ".join(m.name for m in sorted_by_name(participant.municipalities.all()))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role", "status", "created_at", "decided_at", "decided_by"]
    list_filter = ["role", "status", "municipality__county"]
    list_select_related = ["user", "municipality", "decided_by"]
    search_fields = ["user__email", "user__name", "municipality__name", "municipality__number"]
    # Only the services change a membership (the team page or the actions below): they check the move, keep
    # the last admin, record who and e-mail the person. An edit or an add here would skip all of that.
    readonly_fields = [
        "user",
        "municipality",
        "role",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
        "removed_at",
        "removed_by",
        "role_changed_at",
        "role_changed_by",
    ]
    date_hierarchy = "created_at"
    actions = ["approve_requests", "decline_requests"]

    def has_add_permission(self, request):
        return False

    # Removal goes through the team page's service (last-admin guard, who removed whom), never a delete.
    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve selected requests"), permissions=["change"])
    def approve_requests(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Decline selected requests"), permissions=["change"])
    def decline_requests(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, *, approve: bool) -> None:
        """Decide each request through the service (same rules, record and e-mail as the team page)."""
        memberships = queryset.select_related("user", "municipality", "decided_by").order_by("pk")
        decided, refused = services.decide_memberships(memberships, actor=request.user, approve=approve)
        for message in refused:
            self.message_user(request, message, messages.WARNING)
        if decided:
            text = (
                ngettext("%(count)s request approved.", "%(count)s requests approved.", decided)
                if approve
                else ngettext("%(count)s request declined.", "%(count)s requests declined.", decided)
            )
            self.message_user(request, text % {"count": decided}, messages.SUCCESS)


# ----------------------------------------------------------------------------------------------------
# Applications and selection: programme admins assess, stage decisions privately and announce them together.


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = localized_fields("name")
    prepopulated_fields = {"slug": ["name_nb"]}


class CriterionAnswerInline(ReadOnlyInline):
    model = CriterionAnswer
    fields = ["criterion", "text"]
    readonly_fields = fields


class CoApplicantInline(ReadOnlyInline):
    model = CoApplicant
    fields = ["municipality", "confirmed_at", "confirmed_by"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = ApplicationAttachment
    fields = ["name", "size", "uploaded_at", "uploaded_by"]
    readonly_fields = fields


class SelectionLogInline(ReadOnlyInline):
    model = SelectionLogEntry
    fields = ["at", "actor", "action", "details"]
    readonly_fields = fields


class AssessmentFormSet(BaseInlineFormSet):
    """Another assessor's rows are shown disabled: a score must stay the word of the person it names."""

    assessor = None  # set per request by AssessmentInline.get_formset

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk and form.instance.assessor_id != self.assessor.pk:
            # Disabled fields keep their stored value whatever is posted, the delete box included.
            for name in form.fields.keys() - {self.fk.name, self.model._meta.pk.name}:
                form.fields[name].disabled = True

    def clean(self):
        """One score per criterion per assessor: a second one is a form error, not a database error."""
        super().clean()
        scored = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("criterion"):
                continue
            if form.instance.pk and form.instance.assessor_id != self.assessor.pk:
                continue
            criterion = data["criterion"].pk  # read first: add_error drops it from cleaned_data
            if criterion in scored:
                form.add_error(
                    "criterion", _("You have already scored this criterion. Change that score instead.")
                )
            scored.add(criterion)


def score_scale() -> tuple[int, int]:
    """The lowest and highest score, as the model's validators allow them."""
    validators = Assessment._meta.get_field("score").validators
    low = max(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = min(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return low, high


class AssessmentInline(admin.TabularInline):
    """Each assessor scores each criterion on the model's scale, with a note; the assessor is who saves it."""

    model = Assessment
    formset = AssessmentFormSet
    extra = 0
    fields = ["criterion", "score", "note", "assessor"]
    readonly_fields = ["assessor"]

    def get_extra(self, request, obj=None, **kwargs):
        return obj.round.criteria.count() if obj else 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.assessor = request.user  # a fresh class per call, so this does not leak between requests
        return formset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "score":
            low, high = score_scale()
            kwargs.update(min_value=low, max_value=high)
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            field.label = format_lazy(
                "{label} ({low}\N{EN DASH}{high})", label=field.label, low=low, high=high
            )
            field.help_text = _("From %(low)s (weakest) to %(high)s (strongest).") % {
                "low": low,
                "high": high,
            }
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            application = getattr(request, "_application", None)
            kwargs["queryset"] = application.round.criteria.all() if application else Criterion.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _decide(modeladmin, request, queryset, decision: str, **kwargs) -> None:
    """Stage `decision` for each chosen application; one message per refusal, nothing half-staged."""
    staged = 0
    for application in queryset.select_related("round", "municipality").prefetch_related("round__phases"):
        try:
            services.stage_decision(application, actor=request.user, decision=decision, **kwargs)
            staged += 1
        except services.DecisionError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
    if staged:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)s decision staged. Nothing is visible to applicants until you announce it.",
                "%(count)s decisions staged. Nothing is visible to applicants until you announce them.",
                staged,
            )
            % {"count": staged},
            messages.SUCCESS,
        )


def _action_page(modeladmin, request, queryset, template: str, context: dict):
    return TemplateResponse(
        request,
        f"admin/municipalities/application/{template}",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "queryset": queryset,
            "action": request.POST.get("action"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "municipality",
        "round",
        "county",
        "status",
        "staged_decision",
        "average_score",
        "submitted_at",
    ]
    list_filter = ["round", "municipality__county", "status", "staged_decision", "themes"]
    list_select_related = ["round", "municipality__county"]
    search_fields = ["municipality__name", "question", "description", "co_applicants__municipality__name"]
    date_hierarchy = "submitted_at"
    actions = ["shortlist", "select_gnist", "select_follow", "reject", "announce", "export_csv"]
    inlines = [
        CriterionAnswerInline,
        AssessmentInline,
        CoApplicantInline,
        AttachmentInline,
        SelectionLogInline,
    ]
    fieldsets = [
        (None, {"fields": ["round", "municipality", "status", "version", "created_by", "submitted_at"]}),
        (
            _("Challenge"),
            {"fields": ["question", "themes", "description", "other_co_applicants", "contact_persons"]},
        ),
        (
            _("Anchoring"),
            {
                "fields": [
                    "political_anchoring",
                    "administrative_anchoring",
                    "county_anchoring",
                    "county_anchoring_by",
                ]
            },
        ),
        (
            _("Decision"),
            {
                "fields": [
                    "staged_decision",
                    "staged_follows_participant",
                    "staged_follows_application",
                    "staged_reason",
                    "staged_by",
                    "staged_at",
                    "decision_reason",
                    "participant",
                    "announced_at",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Applicants write the application and services the decisions: admins read here and act by actions.
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(average_score=Avg("assessments__score"))

    def get_object(self, request, object_id, from_field=None):
        application = super().get_object(request, object_id, from_field)
        request._application = application
        return application

    def save_formset(self, request, form, formset, change):
        if formset.model is Assessment:
            # The formset already refuses others' rows; this keeps it so should the form ever change.
            for assessment in formset.save(commit=False):
                if not assessment.assessor_id:
                    assessment.assessor = request.user
                if assessment.assessor_id == request.user.pk:
                    assessment.save()
            for assessment in formset.deleted_objects:
                if assessment.assessor_id == request.user.pk:
                    assessment.delete()
            return
        super().save_formset(request, form, formset, change)

    @admin.display(description=Application._meta.get_field("contacts").verbose_name)
    def contact_persons(self, application):
        """One line per person: name, role, e-mail and phone, leaving out what was not given."""
        lines = [
            (
                ", ".join(
                    contact.get(key, "") for key in ("name", "role", "email", "phone") if contact.get(key)
                ),
            )
            for contact in application.contacts
        ]
        return format_html_join("", "<div>{}</div>", lines) or "-"

    @admin.display(description=_("county"), ordering="municipality__county__name")
    def county(self, application):
        return application.municipality.county.name

    def get_list_display(self, request):
        # Scores are the assessors' work: shown only to those who may read assessments.
        if request.user.has_perm("municipalities.view_assessment"):
            return self.list_display
        return [name for name in self.list_display if name != "average_score"]

    @admin.display(description=_("average score"), ordering="average_score")
    def average_score(self, application):
        return f"{application.average_score:.1f}" if application.average_score is not None else "-"

    @admin.action(description=_("Shortlist (staged)"), permissions=["change"])
    def shortlist(self, request, queryset):
        _decide(self, request, queryset, Application.Decision.SHORTLIST)

    @admin.action(description=_("Select as Gnist municipality (staged)"), permissions=["change"])
    def select_gnist(self, request, queryset):
        _decide(self, request, queryset, Application.Decision.SELECT)

    @admin.action(description=_("Select as follow municipality of … (staged)"), permissions=["change"])
    def select_follow(self, request, queryset):
        rounds = set(queryset.values_list("round", flat=True))
        if len(rounds) != 1:
            self.message_user(request, _("Choose applications of one round."), messages.ERROR)
            return None
        round_ = Round.objects.get(pk=rounds.pop())
        form = FollowDecisionForm(request.POST if "apply" in request.POST else None, round_=round_)
        if form.is_valid():
            _decide(
                self,
                request,
                queryset,
                Application.Decision.FOLLOW,
                reason=form.cleaned_data["reason"],
                **form.follows_kwargs(),
            )
            return None
        leads = Application.objects.for_round(round_).filter(staged_decision=Application.Decision.SELECT)
        suggestions = []
        for lead in leads.select_related("municipality").prefetch_related("themes"):
            chosen = set(queryset.values_list("pk", flat=True))
            ranked = [
                suggestion for suggestion in suggest_followers(lead) if suggestion.application.pk in chosen
            ]
            suggestions.append({"lead": lead, "suggestions": ranked})
        return _action_page(
            self,
            request,
            queryset,
            "follow.html",
            {"title": _("Select as follow municipality"), "form": form, "leads": suggestions},
        )

    @admin.action(description=_("Reject (staged)"), permissions=["change"])
    def reject(self, request, queryset):
        form = DecisionReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            _decide(self, request, queryset, Application.Decision.REJECT, reason=form.cleaned_data["reason"])
            return None
        return _action_page(self, request, queryset, "reject.html", {"title": _("Reject"), "form": form})

    @admin.action(description=_("Announce the staged decisions of this round"), permissions=["change"])
    def announce(self, request, queryset):
        rounds = list(Round.objects.filter(pk__in=queryset.values("round")))
        if len(rounds) != 1:
            self.message_user(request, _("Choose applications of one round."), messages.ERROR)
            return None
        round_ = rounds[0]
        staged = (
            Application.objects.for_round(round_)
            .staged()
            .select_related(
                "municipality", "staged_follows_participant", "staged_follows_application__municipality"
            )
            .order_by("staged_decision", "municipality__name")
        )
        open_until = services.application_phase_open_until(round_, now=timezone.now())
        form = AnnounceForm(request.POST if "apply" in request.POST else None, open_until=open_until)
        if form.is_valid():
            try:
                announced = services.announce_round_decisions(
                    round_,
                    actor=request.user,
                    confirm_open_phase=form.cleaned_data.get("confirm_open_phase", False),
                )
            except services.DecisionError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                ngettext(
                    "%(count)s decision announced; the applicant is being e-mailed.",
                    "%(count)s decisions announced; the applicants are being e-mailed.",
                    len(announced),
                )
                % {"count": len(announced)},
                messages.SUCCESS,
            )
            return None
        return _action_page(
            self,
            request,
            queryset,
            "announce.html",
            {
                "title": _("Announce decisions"),
                "round": round_,
                "staged": staged,
                "form": form,
                "open_until": open_until,
            },
        )

    @admin.action(description=_("Export as CSV (for Excel)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="soknader-{datetime.date.today():%Y-%m-%d}.csv"'
        )
        exports.write_applications_csv(
            queryset, response, with_assessments=request.user.has_perm("municipalities.view_assessment")
        )
        return response


@admin.register(SelectionLogEntry)
class SelectionLogEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["at", "round", "application", "actor", "action", "details"]
    list_filter = ["round", "action"]
    list_select_related = ["round", "application__municipality", "application__round", "actor"]
    search_fields = ["application__municipality__name", "actor__email", "details"]
    date_hierarchy = "at"


@admin.action(
    description=_("Copy the round's setup as a new draft round (dates a year later)"), permissions=["add"]
)
def copy_setup(modeladmin, request, queryset):
    for round_ in queryset.order_by("number"):
        copy = services.copy_round_setup(round_)
        modeladmin.message_user(
            request,
            _("Round %(number)s is a draft copy of round %(source)s.")
            % {"number": copy.number, "source": round_.number},
            messages.SUCCESS,
        )


RoundAdmin.actions = [copy_setup]
RoundAdmin.list_display = [*RoundAdmin.list_display, "is_draft"]
RoundAdmin.list_filter = ["is_draft"]
RoundAdmin.fieldsets[0][1]["fields"].append("is_draft")

# End of applications and selection.
# ----------------------------------------------------------------------------------------------------
