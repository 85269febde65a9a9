import json

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.forms import DeleteAccountForm, NameForm
from accounts.personal_data import can_delete_account, delete_account
from gnist.personal_data import export_for
from gnist.sections import PROFILE, sections_for


@login_required
def profile(request):
    """Details, the apps' sections (gnist.sections), security and personal data; POST changes the name."""
    form = NameForm(
        request.POST if request.method == "POST" else None, instance=request.user, prefix="profile"
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your name has been saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "sections": sections_for(PROFILE, request),
        "mfa_enabled": is_mfa_enabled(request.user),
        "breadcrumbs": [{"label": _("My profile"), "url": ""}],
    }
    return render(request, "accounts/profile.html", context)


@require_GET
@login_required
def export(request):
    """All personal data Gnist holds about the signed-in person, as a JSON download."""
    data = json.dumps(export_for(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gnist-mine-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request):
    """Explain what deletion does; on POST with the password and the confirmation, delete, then sign out.

    Deleting first: when data still protects the account, the person stays signed in and is told why.
    """
    user = request.user
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.get(pk=user.pk)  # the model instance, not request.user's lazy proxy
        try:
            with transaction.atomic():
                delete_account(user)
        except ProtectedError:
            messages.error(
                request,
                _(
                    "Your account could not be deleted because other data in Gnist still depends on it. "
                    "Nothing has been deleted. E-mail us at post@gnist.no and we will help you."
                ),
            )
            return redirect("accounts:profile")
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    context = {
        "form": form,
        "can_delete": can_delete_account(user),
        "breadcrumbs": [
            {"label": _("My profile"), "url": reverse("accounts:profile")},
            {"label": _("Delete account"), "url": ""},
        ],
    }
    return render(request, "accounts/delete.html", context)
