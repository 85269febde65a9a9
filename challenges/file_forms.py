"""The upload forms of a challenge's images and attachments (on its images and attachments page, and
included on the edit page through templates/challenges/_files_form.html)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.images import prepare_image
from challenges.models import ChallengeImage
from gnist.uploads import validate_pdf


class ImageForm(forms.Form):
    """An image with its alternative text; `cleaned_data["file"]` is the re-encoded `PreparedImage`."""

    file = forms.FileField(
        label=_("Image"),
        help_text=_("JPEG, PNG or WebP, at most 8 MB. Location and camera details are removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=ChallengeImage._meta.get_field("alt_text").max_length,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=ChallengeImage._meta.get_field("caption").max_length,
        required=False,
        help_text=_("Shown under the image, for everyone (optional)."),
    )

    def clean_file(self):
        return prepare_image(self.cleaned_data["file"])


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment (PDF)"),
        help_text=_("PDF only, at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_pdf(upload)
        return upload
