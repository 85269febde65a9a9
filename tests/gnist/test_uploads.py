"""The upload handler stops storing a file past the limit; the PDF check reads the file's first bytes."""

import io
import os
from types import SimpleNamespace

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser

from gnist import uploads

BOUNDARY = "gnistboundary"


def _parse(content: bytes, *, user):
    """Parse a multipart body with one file through our handler chain; return the files and the handlers."""
    body = (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="plan.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    request = SimpleNamespace(user=user)
    handlers = [
        uploads.LimitedUploadHandler(request),
        MemoryFileUploadHandler(request),
        TemporaryFileUploadHandler(request),
    ]
    request.upload_handlers = handlers
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(len(body))}
    _post, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    return files, handlers


@pytest.fixture
def small_limit(monkeypatch, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # Past this the body streams to a temporary file.
    monkeypatch.setattr(uploads, "UPLOAD_MAX_BYTES", 5000)


def test_file_past_the_limit_never_stays_in_a_temporary_file(small_limit):
    files, handlers = _parse(b"%PDF-" + b"0" * 200_000, user=SimpleNamespace(is_staff=False))

    upload = files["file"]
    assert (type(upload), upload.name, upload.size, upload.read()) == (
        uploads.TooLargeUpload,
        "plan.pdf",
        200_005,
        b"",
    )
    temporary = handlers[2].file
    assert (temporary.closed, os.path.exists(temporary.temporary_file_path())) == (True, False)


def test_file_within_the_limit_is_stored_whole(small_limit):
    files, _handlers = _parse(b"%PDF-" + b"0" * 4000, user=SimpleNamespace(is_staff=False))

    assert files["file"].read() == b"%PDF-" + b"0" * 4000


def test_staff_uploads_are_limited_only_by_the_proxy(small_limit):
    files, _handlers = _parse(b"0" * 20_000, user=SimpleNamespace(is_staff=True))

    assert files["file"].read() == b"0" * 20_000
