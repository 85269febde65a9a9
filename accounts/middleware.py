from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gnist.permissions import has_staff_mfa


class StaffMFAMiddleware:
    """Staff must turn on two-factor authentication before they may use Django admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and request.user.is_staff
            and request.path_info.startswith(self._admin_prefix(request))
            and not has_staff_mfa(request.user)
        ):
            messages.warning(
                request, _("Set up two-factor authentication before you use the administration.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _admin_prefix(request):
        return reverse("admin:index")
