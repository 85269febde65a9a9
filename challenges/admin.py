"""The programme's admin for challenges: find and read them, publish or ask for changes through the services.

Nothing here writes a status or a text directly: the staff write on the site (versioned, logged), moderators
act through the actions below, which call `challenges.services` like the site's review buttons. The rest
(goals, events, questions, files, follows, alerts) is read-only: each has its own service or owner.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from challenges import permissions, services
from challenges.forms import ChangesRequestForm
from challenges.models import (
    AlertSettings,
    AlertSubscription,
    Challenge,
    ChallengeAttachment,
    ChallengeEvent,
    ChallengeImage,
    Follow,
    Question,
    SustainableDevelopmentGoal,
)
from gnist.admin import ReadOnlyInline, ReadOnlyModelAdmin


class EventDetails:
    @admin.display(description=_("details"))
    def event_details(self, event: ChallengeEvent) -> str:
        """An edit's changed sections in the reader's language, or the event's details."""
        if event.action == ChallengeEvent.Action.EDITED:
            return ", ".join(event.changed_labels)
        return event.details


class EventInline(EventDetails, ReadOnlyInline):
    model = ChallengeEvent
    fields = ["at", "actor", "action", "event_details"]
    readonly_fields = fields


class ImageInline(ReadOnlyInline):
    model = ChallengeImage
    fields = ["alt_text", "caption", "width", "height", "uploaded_at", "uploaded_by"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = ChallengeAttachment
    fields = ["name", "size", "uploaded_at", "uploaded_by"]
    readonly_fields = fields


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "participant", "round", "status", "submitted_at", "published_at"]
    list_filter = ["status", "participant__round", "participant__municipalities__county", "themes"]
    list_select_related = ["participant__round"]
    search_fields = [
        "title",
        "summary",
        "participant__display_name",
        "participant__municipalities__name",
        "contact_name",
    ]
    date_hierarchy = "created_at"
    actions = ["publish", "request_changes"]
    inlines = [EventInline, ImageInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["participant", "status", "version", "language", "from_canvas", "review_comment"]}),
        (_("Texts"), {"fields": list(Challenge.TEXT_FIELDS)}),
        (_("Themes and goals"), {"fields": ["themes", "goals"]}),
        (
            _("History"),
            {
                "fields": [
                    ("created_at", "created_by"),
                    ("updated_at", "updated_by"),
                    ("submitted_at", "submitted_by"),
                    ("published_at", "published_by"),
                    ("closed_at", "closed_by"),
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Staff write on the site (versioned and logged) and services move the status: here one reads.
        return [
            name
            for fieldset in self.fieldsets
            for entry in fieldset[1]["fields"]
            for name in (entry if isinstance(entry, tuple) else (entry,))
        ]

    def has_add_permission(self, request):
        return False

    # A save here would write the whole row back over a concurrent edit: the change page only reads.
    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("round"), ordering="participant__round__number")
    def round(self, challenge):
        return challenge.participant.round

    def has_review_permission(self, request):
        return permissions.is_moderator(request.user)

    @admin.action(description=_("Publish the selected challenges"), permissions=["review"])
    def publish(self, request, queryset):
        published = 0
        for challenge in queryset.order_by("pk"):
            try:
                services.publish_challenge(challenge, actor=request.user)
            except services.ChallengeError as error:
                self.message_user(request, f"{challenge}: {error}", messages.WARNING)
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext("%(count)d challenge published.", "%(count)d challenges published.", published)
                % {"count": published},
                messages.SUCCESS,
            )

    @admin.action(description=_("Ask for changes (with a comment)"), permissions=["review"])
    def request_changes(self, request, queryset):
        """An intermediate page asks for the comment; then each challenge goes back through the service."""
        form = ChangesRequestForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/challenges/challenge/request_changes.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _("Ask for changes"),
                    "queryset": queryset,
                    "form": form,
                    "action": request.POST.get("action"),
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        sent_back = 0
        for challenge in queryset.order_by("pk"):
            try:
                services.request_changes(challenge, actor=request.user, comment=form.cleaned_data["comment"])
            except services.ChallengeError as error:
                self.message_user(request, f"{challenge}: {error}", messages.WARNING)
            else:
                sent_back += 1
        if sent_back:
            self.message_user(
                request,
                ngettext(
                    "%(count)d challenge sent back; its staff are e-mailed the comment.",
                    "%(count)d challenges sent back; their staff are e-mailed the comment.",
                    sent_back,
                )
                % {"count": sent_back},
                messages.SUCCESS,
            )
        return None


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(ReadOnlyModelAdmin):
    """The UN's 17 goals: reference data loaded by a migration."""

    list_display = ["number", "name"]


@admin.register(ChallengeEvent)
class ChallengeEventAdmin(EventDetails, ReadOnlyModelAdmin):
    list_display = ["at", "challenge", "action", "actor", "event_details"]
    list_filter = ["action"]
    list_select_related = ["challenge", "actor"]
    search_fields = ["challenge__title", "actor__email", "details"]
    date_hierarchy = "at"


@admin.register(Question)
class QuestionAdmin(ReadOnlyModelAdmin):
    """Questions are answered and published by the challenge's staff on the site (the asker stays private
    there; here the programme can look them up)."""

    list_display = ["__str__", "challenge", "status", "asked_at", "published_at"]
    list_filter = ["status", "is_clarification"]
    list_select_related = ["challenge"]
    search_fields = ["text", "original_text", "answer", "challenge__title"]


@admin.register(Follow)
class FollowAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "challenge", "created_at"]
    list_select_related = ["user", "challenge"]
    search_fields = ["user__email", "challenge__title"]


@admin.register(AlertSettings)
class AlertSettingsAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "frequency", "last_digest_at"]
    list_filter = ["frequency"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    # The token unsubscribes without signing in: never shown.
    exclude = ["unsubscribe_token"]


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "theme", "county", "created_at"]
    list_select_related = ["user", "theme", "county"]
    search_fields = ["user__email"]
