from django import forms
from django.utils.translation import gettext_lazy as _


class MunicipalitySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


# ----------------------------------------------------------------------------------------------------
# Team access


def _role_choices():
    from municipalities.models import Membership

    return Membership.Role.choices


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's e-mail address"),
        help_text=_("They must sign in with this address to accept. The link works for 7 days."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=_role_choices,
        initial="editor",
        widget=forms.RadioSelect,
        help_text=_("Administrators can also invite and remove colleagues and decide requests to join."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


# End of team access.
# ----------------------------------------------------------------------------------------------------
