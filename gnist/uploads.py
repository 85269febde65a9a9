"""Checks on uploaded files: what a file really is, not what its name or browser says it is."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF_MAX_BYTES = 10 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"


def validate_pdf(upload, *, max_bytes: int = PDF_MAX_BYTES) -> None:
    """Accept a PDF by its signature (`%PDF-` in the first bytes) and size; raise a clear ValidationError."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    # The PDF standard lets the signature start within the first 1024 bytes.
    head = upload.read(1024)
    upload.seek(position)
    if PDF_SIGNATURE not in head:
        raise ValidationError(
            _("The file is not a PDF. Save the document as PDF and upload it again."), code="not_pdf"
        )
