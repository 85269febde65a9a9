"""Every e-mail the portal sends goes through this module: one function per e-mail.

An e-mail is rendered when it is queued — in the language active then (the request's, or the one given) — and
stored as an `OutgoingEmail` row inside the caller's transaction. A Celery task queued after commit sends it:
it locks the row, skips it when it is already sent, and marks it sent in the same transaction, so a retried or
twice-delivered task never sends twice. The idempotency key makes queueing idempotent too: the same key queued
twice is one row and one e-mail.

Templates: `templates/emails/<name>-subject.txt`, `<name>-body.txt` and `<name>-body.html`.

A sensitive e-mail carries a secret (a password-reset, verification or invitation link): its bodies are kept
only until it is sent or given up, then blanked, so the outbox never becomes a store of live links. Other
e-mails keep their bodies as an audit of what was sent.
"""

import logging
import uuid
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from gnist.models import OutgoingEmail

logger = logging.getLogger(__name__)


# ----------------------------------------------------------------------------------------------------
# The e-mails


def send_test_email(*, to: str, key: str | None = None) -> OutgoingEmail:
    """A short message an administrator sends to check that e-mail delivery works end to end."""
    return queue(
        "test",
        to=to,
        context={"site_url": settings.SITE_URL},
        key=key or f"test:{to}:{uuid.uuid4().hex}",
    )


def send_account_email(
    *, template_prefix: str, message: EmailMessage, sensitive: bool = True
) -> list[OutgoingEmail]:
    """An e-mail django-allauth rendered from its own templates (verification, password reset, notices).

    Every call is one thing a person asked for — a second reset link is a new request and must arrive — so the
    key is unique per call; what must never happen twice is the delivery of one row, which `deliver` guards.
    Sensitive by default: allauth's mails carry verification, password-reset and sign-in links.
    """
    alternatives = getattr(message, "alternatives", [])
    html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
    if not html:
        context = {"subject": message.subject, "text": message.body}
        html = render_to_string("emails/account-body.html", context)
    name = template_prefix.rsplit("/", 1)[-1]
    return [
        _store(
            template=f"account/{name}"[:100],
            key=f"account:{name}:{uuid.uuid4().hex}",
            to=recipient,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            sensitive=sensitive,
        )
        for recipient in message.to
    ]


# ----------------------------------------------------------------------------------------------------
# Queueing and delivery


def queue(
    name: str,
    *,
    to: str,
    context: dict,
    key: str,
    language: str | None = None,
    sensitive: bool = False,
) -> OutgoingEmail:
    """Render `emails/<name>-*` in `language` (default: the active one); store it to send after commit.

    The building block for each app's e-mail functions (`<app>/emails.py`): one function per e-mail there,
    each choosing a key that says what must not be sent twice (e.g. `certificate-ready:<id>`). Pass
    `sensitive=True` when the e-mail carries a secret link or token: its bodies are blanked once delivered.
    """
    with translation.override(language or translation.get_language()):
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        body_text = render_to_string(f"emails/{name}-body.txt", context)
        body_html = render_to_string(f"emails/{name}-body.html", context)
    return _store(
        template=name,
        key=key,
        to=to,
        subject=" ".join(subject.split()),
        body_text=body_text.strip() + "\n",
        body_html=body_html,
        sensitive=sensitive,
    )


def _store(
    *, template: str, key: str, to: str, subject: str, body_text: str, body_html: str, sensitive: bool
) -> OutgoingEmail:
    """Create the row in the caller's transaction and send it once that commits; a known key is a no-op."""
    from gnist.tasks import send_email  # The task module imports this one.

    with transaction.atomic():
        email, created = OutgoingEmail.objects.get_or_create(
            idempotency_key=key,
            defaults={
                "template": template,
                "to": to,
                "subject": subject[:255],
                "body_text": body_text,
                "body_html": body_html,
                "sensitive": sensitive,
                "language": translation.get_language() or "",
            },
        )
    if created:
        send_email.delay_on_commit(email_id=email.pk)
    else:
        logger.info("E-mail %s was already queued as #%s; not queued again.", key, email.pk)
    return email


def deliver(*, email_id: int, final_attempt: bool = False) -> None:
    """Send one stored e-mail unless it is gone or already sent.

    Steps: lock the row (a duplicate task waits here, then sees it sent); count the attempt; send through the
    default mailer; mark it sent — or keep the error, mark it failed on the last attempt, and re-raise after
    the row is saved so the task retries. A sensitive e-mail's bodies are blanked once it is sent or failed
    for good: nothing will need them again.
    """
    error = None
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            logger.warning("E-mail #%s is gone; nothing to send.", email_id)
            return
        if email.status == OutgoingEmail.Status.SENT:
            logger.info("E-mail #%s was already sent; not sending again.", email_id)
            return
        email.attempts += 1
        try:
            _message(email).send()
        except (SMTPException, OSError) as exc:
            error = exc
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            email.status = OutgoingEmail.Status.FAILED if final_attempt else OutgoingEmail.Status.QUEUED
            email.save(update_fields=["attempts", "last_error", "status", *_blank_if_done(email)])
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.save(update_fields=["attempts", "status", "sent_at", *_blank_if_done(email)])
    if error is not None:
        logger.warning("Sending e-mail #%s failed (attempt %s): %s", email_id, email.attempts, error)
        raise error


def _blank_if_done(email: OutgoingEmail) -> list[str]:
    """Blank a sensitive e-mail's bodies once no attempt will follow; return the fields to save."""
    if not email.sensitive or email.status == OutgoingEmail.Status.QUEUED:
        return []
    email.body_text = email.body_html = ""
    return ["body_text", "body_html"]


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"X-Gnist-Email-Id": str(email.pk)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message
