"""Where uploaded and generated files live: public media ("default") and private files ("private").

Private files (application attachments, certificate PDFs) have no URL at all: only views that check
permission read them, through the storage, and stream them. Both storages are folders on disk unless
GNIST_S3_BUCKET is set (see settings.py); `gnist.s3` holds the S3 variant of the private one.
"""

from functools import partial
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils.functional import LazyObject, empty


class PrivateFileHasNoURL(Exception):
    """A private file was asked for a URL: serve it through a view that checks permission instead."""


class PrivateStorageMixin:
    def url(self, name, *args, **kwargs):
        raise PrivateFileHasNoURL(f"{name} is private: serve it through a view that checks permission.")


class PrivateFileSystemStorage(PrivateStorageMixin, FileSystemStorage):
    """Files on disk outside MEDIA_ROOT, so neither the web server nor DEBUG's media view can reach them."""


class _PrivateStorage(LazyObject):
    """`storages["private"]`, looked up on first use, so tests can swap it (like default_storage)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


def get_private_storage():
    """For `FileField(storage=get_private_storage)`: migrations keep this name, not the backend in use."""
    return private_storage


def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


setting_changed.connect(_reset_private_storage, dispatch_uid="gnist.storage.reset_private_storage")


def delete_files_with_rows(model, *field_names: str) -> None:
    """Delete the files in `field_names` from storage when a `model` row is deleted, once the transaction has
    committed (a rollback keeps them). post_delete fires for every way a row goes: `.delete()` on an object or
    a queryset, cascades and the admin. A name may also be an attribute holding a list of files (an image's
    smaller copies). Call from AppConfig.ready()."""

    def delete_files(sender, instance, using, **kwargs):
        for name in field_names:
            value = getattr(instance, name)
            for file in value if isinstance(value, list | tuple) else [value]:
                if file:
                    transaction.on_commit(partial(file.storage.delete, file.name), using=using, robust=True)

    post_delete.connect(delete_files, sender=model, weak=False, dispatch_uid=f"{model._meta.label}.files")


@checks.register(checks.Tags.security)
def check_private_root(app_configs, **kwargs):
    """Private files under MEDIA_ROOT would be public wherever media are served."""
    location = settings.STORAGES.get("private", {}).get("OPTIONS", {}).get("location")
    if not location or not settings.MEDIA_ROOT:
        return []
    private, media = Path(location).resolve(), Path(settings.MEDIA_ROOT).resolve()
    if private == media or media in private.parents:
        return [
            checks.Error(
                "The private file storage is inside MEDIA_ROOT, where media are served publicly.",
                hint="Set DJANGO_PRIVATE_ROOT to a folder outside DJANGO_MEDIA_ROOT.",
                id="gnist.E001",
            )
        ]
    return []
