from django import forms
from django.utils.translation import gettext_lazy as _


class MunicipalitySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
