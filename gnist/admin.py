from django.contrib import admin

from gnist.models import OutgoingEmail


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Records of what happened (outbox, logs, certificates): to look up, never to add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyModelAdmin):
    """A read-only view of the outbox: what was sent to whom, and what failed and why.

    Never the bodies: password-reset, verification and invitation links in them would let an admin act as
    someone else.
    """

    list_display = ["created_at", "to", "subject", "template", "status", "attempts", "sent_at"]
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
        "sent_at",
    ]
    readonly_fields = fields
