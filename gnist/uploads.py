"""Checks on uploaded files: what a file really is, not what its name or browser says it is.

`LimitedUploadHandler` comes first in FILE_UPLOAD_HANDLERS: past `UPLOAD_MAX_BYTES` it passes no more bytes
on, so a huge file never reaches a temporary file, and the form receives a `TooLargeUpload` that
`validate_pdf` refuses as too large (a form error, not a 500).
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF_MAX_BYTES = 10 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
# The largest file a form outside the admin takes. Staff upload course media through the admin (behind MFA)
# and are limited only by the proxy.
UPLOAD_MAX_BYTES = PDF_MAX_BYTES


class TooLargeUpload(UploadedFile):
    """Stands in for a file that was cut off at the limit: no content, the size the client sent."""

    def __init__(self, *, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class LimitedUploadHandler(FileUploadHandler):
    """Count each file's bytes; past the limit, stop passing them to the handlers that store them."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.limit = None if user is not None and user.is_staff else UPLOAD_MAX_BYTES
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        was_over = self._over_limit()
        self.received = start + len(raw_data)
        if not self._over_limit():
            return raw_data
        if not was_over:
            # Free what the storing handlers kept so far (TemporaryFileUploadHandler removes its file).
            for handler in self.request.upload_handlers:
                if handler is not self:
                    handler.upload_interrupted()
        return None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self._over_limit():
            return None  # The next handler (memory or temporary file) completes it.
        return TooLargeUpload(name=self.file_name, content_type=self.content_type, size=self.received)

    def _over_limit(self) -> bool:
        return self.limit is not None and self.received > self.limit


def validate_pdf(upload, *, max_bytes: int = PDF_MAX_BYTES) -> None:
    """Accept a PDF by its signature (`%PDF-` as its first bytes) and size; raise a clear ValidationError."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(position)
    # Readers tolerate the signature later in the file, but then the start can be HTML or a script that a
    # browser sniffs and runs: only a file that starts as a PDF is one.
    if head != PDF_SIGNATURE:
        raise ValidationError(
            _("The file is not a PDF. Save the document as PDF and upload it again."), code="not_pdf"
        )
