"""The upload handler stops storing a file past the limit; the PDF check reads the file's first bytes."""

import io
import os
from types import SimpleNamespace

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser

from gnist import uploads

BOUNDARY = "gnistboundary"


def _parse(content: bytes, *, user, view_name: str | None = None, field: str = "file"):
    """Parse a multipart body with one file in `field`, posted to the view named, through our handler chain;
    return the files and the handlers."""
    body = (
        (
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="plan.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    request = SimpleNamespace(
        user=user, resolver_match=SimpleNamespace(view_name=view_name) if view_name else None
    )
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


def test_staff_uploads_are_cut_off_at_the_limit_like_everyone_elses(small_limit):
    files, _handlers = _parse(b"%PDF-" + b"0" * 20_000, user=SimpleNamespace(is_staff=True))

    assert (type(files["file"]), files["file"].size) == (uploads.TooLargeUpload, 20_005)


@pytest.mark.parametrize(
    ("is_staff", "view_name", "field", "stored"),
    [
        (True, "admin:lesson_change", "media", True),
        (False, "admin:lesson_change", "media", False),
        (True, "admin:lesson_change", "captions", False),
        (True, "admin:lesson_add", "media", False),
    ],
    ids=["staff on the allowed field", "not staff", "another field", "another view"],
)
def test_a_larger_limit_holds_only_for_staff_on_its_view_and_field(
    small_limit, monkeypatch, is_staff, view_name, field, stored
):
    monkeypatch.setattr(uploads, "_LARGER_LIMITS", {})
    uploads.allow_larger_upload(view_names=["admin:lesson_change"], field="media", max_bytes=30_000)

    files, _handlers = _parse(
        b"0" * 20_000, user=SimpleNamespace(is_staff=is_staff), view_name=view_name, field=field
    )

    assert files[field].read() == (b"0" * 20_000 if stored else b"")


def test_a_larger_limit_still_cuts_off_past_it(small_limit, monkeypatch):
    monkeypatch.setattr(uploads, "_LARGER_LIMITS", {})
    uploads.allow_larger_upload(view_names=["admin:lesson_change"], field="media", max_bytes=30_000)

    files, _handlers = _parse(
        b"0" * 40_000, user=SimpleNamespace(is_staff=True), view_name="admin:lesson_change", field="media"
    )

    assert (type(files["media"]), files["media"].size) == (uploads.TooLargeUpload, 40_000)
