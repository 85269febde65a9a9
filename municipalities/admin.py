from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from municipalities.models import (
    County,
    Criterion,
    Membership,
    Municipality,
    Participant,
    Phase,
    Round,
    sorted_by_name,
)

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
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county", "valid_from", "valid_to", "sami_administrative_area"]
    list_filter = ["county", "sami_administrative_area", "valid_from"]
    list_select_related = ["county"]
    search_fields = ["name", "official_names", "number", "organisation_number"]
    autocomplete_fields = ["county"]


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
        "opens_applications",
        "opens_challenges",
        "opens_questions",
        "opens_offers",
        "opens_evaluation",
        "opens_reporting",
    ]


class CriterionInline(TranslationStackedInline):
    """Stacked: three names and three descriptions per criterion do not fit a table row."""

    model = Criterion
    extra = 0
    fields = ["order", "name", "description"]


@admin.register(Round)
class RoundAdmin(TranslationAdmin):
    list_display = ["number", "title", "years", "theme", "applications_count", "participant_count"]
    search_fields = [
        f"{field}_{language}"
        for field in ["title", "theme", "solution_part_name"]
        for language in settings.MODELTRANSLATION_LANGUAGES
    ]
    inlines = [PhaseInline, CriterionInline]
    fieldsets = [
        (None, {"fields": ["number", "title", ("start_year", "end_year"), "theme", "solution_part_name"]}),
        (_("Texts"), {"fields": ["description", "eligibility", "funding", "applications_count"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participant_count=Count("participants"))

    @admin.display(description=_("years"), ordering="start_year")
    def years(self, round_):
        return round_.years

    @admin.display(description=_("participants"), ordering="participant_count")
    def participant_count(self, round_):
        return round_.participant_count


class ParticipantMunicipalityInline(admin.TabularInline):
    model = Participant.municipalities.through
    extra = 1
    autocomplete_fields = ["municipality"]
    verbose_name = _("municipality")
    verbose_name_plural = _("municipalities")


@admin.register(Participant)
class ParticipantAdmin(TranslationAdmin):
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
    autocomplete_fields = ["user", "municipality", "decided_by"]
    date_hierarchy = "created_at"
