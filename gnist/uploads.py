"""Checks on uploaded files: what a file really is, not what its name or browser says it is.

`LimitedUploadHandler` comes first in FILE_UPLOAD_HANDLERS: past `UPLOAD_MAX_BYTES` it passes no more bytes
on, so a huge file never reaches a temporary file, and the form receives a `TooLargeUpload` that
`validate_size` (and `validate_pdf`) refuses as too large (a form error, not a 500). Everyone, staff too, is
held to that limit, except where an app allows staff more for one form field (`allow_larger_upload`).
"""

import io
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF_MAX_BYTES = 10 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
# The largest file a form takes, unless a larger limit is allowed for one field (`allow_larger_upload`).
UPLOAD_MAX_BYTES = PDF_MAX_BYTES
# (URL name, form field) -> the most bytes staff may upload there; filled in AppConfig.ready().
_LARGER_LIMITS: dict[tuple[str, str], int] = {}


def allow_larger_upload(*, view_names: Iterable[str], field: str, max_bytes: int) -> None:
    """Let staff upload up to `max_bytes` to the form field `field` on the views named (e.g. course media in
    the admin). The form must refuse a larger file itself (`validate_size`): past the limit it receives a
    `TooLargeUpload` with no content. Call from AppConfig.ready()."""
    for view_name in view_names:
        _LARGER_LIMITS[view_name, field] = max_bytes


def upload_limit(request, field: str) -> int:
    """The most bytes of a file in `field` this request passes on: UPLOAD_MAX_BYTES unless a larger limit is
    allowed for its view and field and the person is staff. The view is known once the URL is resolved,
    which is before anything reads the body (CsrfViewMiddleware reads it in process_view)."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or user is None or not user.is_staff:
        return UPLOAD_MAX_BYTES
    return _LARGER_LIMITS.get((match.view_name, field), UPLOAD_MAX_BYTES)


class TooLargeUpload(UploadedFile):
    """Stands in for a file that was cut off at the limit: no content, the size the client sent."""

    def __init__(self, *, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class LimitedUploadHandler(FileUploadHandler):
    """Count each file's bytes; past the limit, stop passing them to the handlers that store them."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = upload_limit(self.request, self.field_name)
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
        return self.received > self.limit


def validate_size(upload, *, max_bytes: int) -> None:
    """Refuse a file past `max_bytes` (a `TooLargeUpload` too) with a clear ValidationError."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )


def validate_pdf(upload, *, max_bytes: int = PDF_MAX_BYTES) -> None:
    """Accept a PDF by its signature (`%PDF-` as its first bytes) and size; raise a clear ValidationError."""
    validate_size(upload, max_bytes=max_bytes)
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
