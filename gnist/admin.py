from django.contrib import admin, messages
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
