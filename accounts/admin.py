import allauth.mfa.admin  # noqa: F401 -- registers allauth's Authenticator admin first, so ours replaces it
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})]
    # Only a superuser hands out powers: else staff with change_user could grant themselves any permission.
    PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else [*readonly, *self.PRIVILEGE_FIELDS]

    # A superuser's account (e-mail, password, active) is changed by superusers only: else a staff member
    # could take it over or lock it.
    @staticmethod
    def _is_above(request, obj) -> bool:
        return obj is not None and obj.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return not self._is_above(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._is_above(request, obj) and super().has_delete_permission(request, obj)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """A group's permissions are handed out by superusers only: staff with change_group could otherwise give
    a group they belong to any permission."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else [*readonly, "permissions"]


# allauth names its Authenticator model and fields without gettext ("Authenticators", "Last used at"), and its
# admin shows and edits the secret (`data`). Ours reads in every language and shows who uses which method;
# deleting one is how a person who lost their phone gets back in. The model-level names are not migrated.
Authenticator._meta.verbose_name = _("two-factor method")
Authenticator._meta.verbose_name_plural = _("two-factor methods")
admin.site.unregister(Authenticator)


class AuthenticatorTypeFilter(admin.SimpleListFilter):
    title = _("method")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return Authenticator.Type.choices

    def queryset(self, request, queryset):
        return queryset.filter(type=self.value()) if self.value() else queryset


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["person", "method", "created", "last_used"]
    list_filter = [AuthenticatorTypeFilter]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name"]
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("user"), ordering="user__email")
    def person(self, authenticator):
        return authenticator.user

    @admin.display(description=_("method"), ordering="type")
    def method(self, authenticator):
        return authenticator.get_type_display()

    @admin.display(description=_("created at"), ordering="created_at")
    def created(self, authenticator):
        return authenticator.created_at

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def last_used(self, authenticator):
        return authenticator.last_used_at
