import functools

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gnist import mail
from gnist.models import OutgoingEmail


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Records of what happened (outbox, logs, certificates): to look up, never to add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A part of a record (answers, files, its log) shown on the record's page: whoever may read the record
    reads these, and nobody adds or changes them there."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return self.admin_site.get_model_admin(self.parent_model).has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyModelAdmin):
    """A read-only view of the outbox: what was sent to whom, and what failed and why.

    Never the bodies: password-reset, verification and invitation links in them would let an admin act as
    someone else.
    """

    list_display = ["created_at", "to", "subject", "template", "status", "attempts", "sent_at", "error"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject", "idempotency_key"]
    date_hierarchy = "created_at"
    fields = [
        "template",
        "to",
        "subject",
        "language",
        "sensitive",
        "status",
        "attempts",
        "last_error",
        "idempotency_key",
        "created_at",
        "due_at",
        "sent_at",
        "blanked_at",
    ]
    readonly_fields = fields
    actions = ["requeue"]

    @admin.display(description=_("last error"))
    def error(self, email):
        return Truncator(email.last_error).chars(80)

    def has_requeue_permission(self, request):
        return request.user.has_perm("gnist.change_outgoingemail")

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["requeue"])
    def requeue(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        requeued = mail.requeue_failed(selected, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail queued to be sent again.",
                "%(count)d e-mails queued to be sent again.",
                len(requeued),
            )
            % {"count": len(requeued)},
        )
        if skipped := len(selected) - len(requeued):
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was not queued: it has not failed, or its content was removed.",
                    "%(count)d e-mails were not queued: they have not failed, or their content was removed.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


# --- junk input in the admin ------------------------------------------------------------------------------
# Django admin's own code answers some junk with a server error: a NUL byte in a changelist filter
# (PostgreSQL refuses it), a non-numeric `_selected_action`, an id past 64 bits or a search of 100 000
# characters (SQLite).
# No one types these; a probe or a broken script does. They are refused before the admin sees them, as a bad
# request (400), and autocomplete widgets show only values their field accepts when a form is shown again.

ADMIN_SEARCH_MAX_LENGTH = 500
_LARGEST_ID = 2**63 - 1


class AdminJunkInput(SuspiciousOperation):
    """A request to the admin no form of it could have sent (answered 400)."""


def _is_junk(key: str, value: str) -> bool:
    if "\x00" in value or "\x00" in key:
        return True
    if key == "_selected_action" and not (value.isdigit() and int(value) <= _LARGEST_ID):
        return True
    if key == "q" and len(value) > ADMIN_SEARCH_MAX_LENGTH:
        return True
    # A number past 64 bits in a filter or id overflows the database driver.
    return value.lstrip("-").isdigit() and abs(int(value)) > _LARGEST_ID


def refuse_junk_input(admin_view):
    """Wrap `AdminSite.admin_view` so that junk in the query string or form fields is a 400, never a 500."""

    def wrap(view, cacheable=False):
        @functools.wraps(view)
        def guarded_view(request, *args, **kwargs):
            for data in (request.GET, request.POST):
                for key, values in data.lists():
                    if any(_is_junk(key, value) for value in values):
                        raise AdminJunkInput(f"Junk in the admin's {key!r}.")
            for key, value in kwargs.items():
                if isinstance(value, str) and _is_junk(key, value):
                    raise AdminJunkInput("Junk in the admin's URL.")
            return view(request, *args, **kwargs)

        return admin_view(guarded_view, cacheable)

    return wrap


def _acceptable(field, value) -> bool:
    """Whether `value` is a value the model field could hold (type and range), without a query."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class _KnownValuesOnly:
    """An autocomplete widget that, when an invalid form is shown again, lists only the posted values its
    field could hold: the field itself reports the rest as a form error."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        to_field = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        return super().optgroups(name, [item for item in value if _acceptable(to_field, item)], attr)


class SafeAutocompleteSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For ModelAdmins and inlines with `autocomplete_fields`: junk posted for them is a form error."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
