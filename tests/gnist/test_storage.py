"""The two file storages: public media under MEDIA_URL, private files with no URL, on disk or on S3."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from gnist.storage import PrivateFileHasNoURL, private_storage

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_private_file_has_no_url(private_root):
    name = private_storage.save("applications/1/plan.pdf", ContentFile(PDF))

    with pytest.raises(PrivateFileHasNoURL):
        private_storage.url(name)
    assert (private_root / name).read_bytes() == PDF


def test_media_view_serves_public_media_but_never_a_private_file(client, media_served, private_root):
    public = default_storage.save("competence/captions/film.vtt", ContentFile(b"WEBVTT\n"))
    private = private_storage.save("applications/1/plan.pdf", ContentFile(PDF))
    # The private file seen from the media folder, e.g. ../../private0/applications/1/plan.pdf.
    relative = private_root.relative_to(media_served.parent)

    served = client.get(f"/media/{public}")
    assert b"".join(served.streaming_content) == b"WEBVTT\n"
    # Not found in the media folder; a way out of it is refused as suspicious (400).
    attempts = [f"/media/{private}", f"/media/../{relative}/{private}", f"/media/%2e%2e/{relative}/{private}"]
    assert [client.get(url).status_code for url in attempts] == [404, 400, 400]


def _object(s3, bucket, key) -> bytes:
    return s3.client.get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.mark.s3
def test_s3_keeps_media_public_and_private_files_private(s3):
    public = default_storage.save("competence/captions/film.vtt", ContentFile(b"WEBVTT\n"))
    private = private_storage.save("applications/1/plan.pdf", ContentFile(PDF))

    assert _object(s3, s3.public, f"media/{public}") == b"WEBVTT\n"
    assert default_storage.url(public) == f"{s3.endpoint}/{s3.public}/media/{public}"
    assert _object(s3, s3.private, f"private/{private}") == PDF
    grants = s3.client.get_object_acl(Bucket=s3.private, Key=f"private/{private}")["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner alone
    with pytest.raises(PrivateFileHasNoURL):
        private_storage.url(private)


@pytest.mark.s3
@pytest.mark.django_db(transaction=True)
def test_s3_file_is_deleted_with_its_row_only_after_commit(s3, cast):
    from municipalities.models import ApplicationAttachment
    from tests.factories import ApplicationFactory

    attachment = ApplicationAttachment.objects.create(
        application=ApplicationFactory(municipality=cast.municipality, created_by=cast.staff),
        file=ContentFile(PDF, name="plan.pdf"),
        name="plan.pdf",
        size=len(PDF),
    )
    key = f"private/{attachment.file.name}"

    with pytest.raises(RuntimeError), transaction.atomic():
        ApplicationAttachment.objects.get(pk=attachment.pk).delete()
        raise RuntimeError("rolled back")
    assert _object(s3, s3.private, key) == PDF

    ApplicationAttachment.objects.get(pk=attachment.pk).delete()
    assert s3.client.list_objects_v2(Bucket=s3.private)["KeyCount"] == 0
