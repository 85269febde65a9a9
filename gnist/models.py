"""Models shared by the whole portal: the outbox every e-mail passes through, and the private PDF that the
apps' attachments are made of."""

from datetime import datetime, timedelta

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gnist.fields import actor_field
from gnist.storage import get_private_storage


class OutgoingEmailQuerySet(models.QuerySet):
    def stuck(self, *, now: datetime, after: timedelta):
        """Still queued `after` past its task's due time: the task was lost (dead worker, lost message)."""
        return self.filter(status=OutgoingEmail.Status.QUEUED, due_at__lt=now - after)

    def with_bodies_written_before(self, moment: datetime):
        """Rows whose bodies are still kept and were written before `moment` (the retention cut-off)."""
        return self.filter(blanked_at__isnull=True, created_at__lt=moment)

    def to_any_of(self, addresses):
        """E-mails to any of `addresses`, ignoring case (the same mailbox may be typed either way)."""
        return self.alias(to_lower=Lower("to")).filter(
            to_lower__in={address.lower() for address in addresses}
        )

    def resendable(self):
        """Failed e-mails with something left to send: not blanked (sensitive, too old, recipient deleted)."""
        return self.filter(status=OutgoingEmail.Status.FAILED, blanked_at__isnull=True)


class OutgoingEmail(models.Model):
    """One e-mail to one recipient, rendered when it was queued and sent at most once by a Celery task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # Who and why in one string: the same key queued twice is one e-mail (see gnist/mail.py).
    idempotency_key = models.CharField(_("idempotency key"), max_length=255, unique=True)
    template = models.CharField(_("template"), max_length=100)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # Carries a secret (sign-in, reset or invitation link): the bodies are blanked once it is delivered.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Extra headers sent with it, e.g. List-Unsubscribe (RFC 8058) on alert e-mails.
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When a send task should next run (queueing, a retry's countdown, a re-queue); queued long after: stuck.
    due_at = models.DateTimeField(_("next attempt due"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Bodies blanked (sensitive and done, past retention, recipient deleted): there is nothing left to send.
    blanked_at = models.DateTimeField(_("content removed at"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class PrivatePdf(models.Model):
    """A PDF someone uploaded, kept in private storage under its own name and served only by a view that
    checks permission; `name` is the uploader's file name, given back on download.

    A subclass adds what it is attached to and its file: `file = PrivatePdf.file_field(upload_to=…)`, each app
    keeping its own path, and its download and removal views as `get_absolute_url` and `get_delete_url`
    (templates/gnist/_attachment_list.html). Delete the files with the rows
    (`gnist.storage.delete_files_with_rows`).
    """

    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = actor_field(_("uploaded by"))

    class Meta:
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name

    @staticmethod
    def file_field(*, upload_to) -> models.FileField:
        # Not a field of this model: a field's upload_to is named in migrations, and each app keeps its own.
        return models.FileField(_("file"), upload_to=upload_to, storage=get_private_storage)
