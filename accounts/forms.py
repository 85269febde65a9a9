from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.personal_data import can_delete_account


class SignupForm(AllauthSignupForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("Shown to colleagues in your municipality or organisation."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["email", "name", "password1", "password2"]


class NameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name"]
        labels = {"name": _("Name")}
        help_texts = {"name": _("Shown to colleagues in your municipality or organisation.")}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and cannot be restored.")
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password

    def clean(self):
        cleaned_data = super().clean()
        if not can_delete_account(self.user):
            raise forms.ValidationError(
                _(
                    "You are the only administrator with full rights. Give another person superuser rights "
                    "before you delete your account."
                ),
                code="last_superuser",
            )
        return cleaned_data
