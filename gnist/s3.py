"""The private storage on S3-compatible object storage: apart from gnist.storage because boto3 is slow to
import and needed only when GNIST_S3_BUCKET is set."""

from storages.backends.s3 import S3Storage

from gnist.storage import PrivateStorageMixin


class PrivateS3Storage(PrivateStorageMixin, S3Storage):
    """Objects stored with a private ACL and never given a URL, signed or not: views stream them."""
