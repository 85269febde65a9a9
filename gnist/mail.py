"""Every e-mail the portal sends goes through this module: one function per e-mail.

An e-mail is rendered when it is queued — in the language active then (the request's, or the one given) — and
stored as an `OutgoingEmail` row inside the caller's transaction. A Celery task queued after commit sends it:
it locks the row, skips it when it is already sent, and marks it sent in the same transaction, so a retried or
twice-delivered task never sends twice. The idempotency key makes queueing idempotent too: the same key queued
twice is one row and one e-mail.

Templates: `templates/emails/<name>-subject.txt`, `<name>-body.txt` and `<name>-body.html`.

A sensitive e-mail carries a secret (a password-reset, verification or invitation link): its bodies are kept
only until it is sent or given up, then blanked, so the outbox never becomes a store of live links. Other
e-mails keep their bodies as an audit of what was sent for `GNIST_OUTBOX_RETENTION_DAYS` (a nightly task
blanks them), and account deletion blanks the person's e-mails at once; the rows stay as the log of sends.

A beat task re-queues e-mails whose send task was lost (`requeue_stuck`); one that failed for good stays
`failed` with its error until an admin re-queues it (`requeue_failed`).
"""

import logging
import uuid
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
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
    headers: dict[str, str] | None = None,
) -> OutgoingEmail:
    """Render `emails/<name>-*` in `language` (default: the active one); store it to send after commit.

    The building block for each app's e-mail functions (`<app>/emails.py`): one function per e-mail there,
    each choosing a key that says what must not be sent twice (e.g. `certificate-ready:<id>`). Pass
    `sensitive=True` when the e-mail carries a secret link or token: its bodies are blanked once delivered.
    `headers` are sent with the message as they are (e.g. `List-Unsubscribe`).
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
        headers=headers or {},
    )


def _store(
    *,
    template: str,
    key: str,
    to: str,
    subject: str,
    body_text: str,
    body_html: str,
    sensitive: bool,
    headers: dict[str, str] | None = None,
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
                "headers": headers or {},
            },
        )
    if created:
        send_email.delay_on_commit(email_id=email.pk)
    else:
        logger.info("E-mail %s was already queued as #%s; not queued again.", key, email.pk)
    return email


def deliver(*, email_id: int, final_attempt: bool = False, retry_in: float = 0) -> None:
    """Send one stored e-mail unless it is gone or no longer queued.

    Steps: lock the row (a duplicate task waits here, then sees it sent); skip it unless it is queued; fail it
    if its bodies were removed before it went out; count the attempt; send through the default mailer; mark
    it sent — or, on any error, keep the error text, mark it failed on the last attempt (else note the retry
    due in `retry_in` seconds), and re-raise after the row is saved so the task retries. A sensitive e-mail's
    bodies are blanked once it is sent or failed for good: nothing will need them again.
    """
    error = None
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            logger.warning("E-mail #%s is gone; nothing to send.", email_id)
            return
        if email.status != OutgoingEmail.Status.QUEUED:
            logger.info("E-mail #%s is %s; not sending it.", email_id, email.status)
            return
        if email.blanked_at is not None:
            email.status = OutgoingEmail.Status.FAILED
            email.last_error = "Its content was removed before it could be sent."
            email.save(update_fields=["status", "last_error"])
            logger.warning("E-mail #%s lost its content before it was sent; marked failed.", email_id)
            return
        email.attempts += 1
        try:
            _message(email).send()
        # Any failure (SMTP, network, a bug in a backend) is kept on the row and retried by the task.
        except Exception as exc:
            error = exc
            now = timezone.now()  # after the send, which may have waited long on the mail server
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if final_attempt:
                email.status = OutgoingEmail.Status.FAILED
            else:
                email.due_at = now + timedelta(seconds=retry_in)
            email.save(
                update_fields=["attempts", "last_error", "status", "due_at", *_blank_if_done(email, now)]
            )
        else:
            now = timezone.now()
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = now
            email.save(update_fields=["attempts", "status", "sent_at", *_blank_if_done(email, now)])
    if error is not None:
        logger.warning("Sending e-mail #%s failed (attempt %s): %s", email_id, email.attempts, error)
        raise error


def _blank_if_done(email: OutgoingEmail, now: datetime) -> list[str]:
    """Blank a sensitive e-mail's bodies once no attempt will follow; return the fields to save."""
    if not email.sensitive or email.status == OutgoingEmail.Status.QUEUED:
        return []
    email.body_text = email.body_html = ""
    email.headers = {}
    email.blanked_at = now
    return ["body_text", "body_html", "headers", "blanked_at"]


# ----------------------------------------------------------------------------------------------------
# Stuck and failed e-mails

# A send task still not run this long after it was due was lost (a dead worker, a broker that dropped it).
STUCK_AFTER = timedelta(minutes=10)


def requeue_stuck(*, now: datetime) -> list[int]:
    """Queue a new send task for every e-mail still queued `STUCK_AFTER` past its due time; return their ids.

    Steps: pick the stuck rows, skipping any a worker holds locked (being sent right now); move their due time
    to now, so the next run leaves them alone for another `STUCK_AFTER`; queue a send task for each after
    commit. Never a second send: `deliver` locks the row and sends only a queued one, so if the old task turns
    up after all, whichever comes second finds the e-mail sent.
    """
    from gnist.tasks import send_email  # The task module imports this one.

    with transaction.atomic():
        stuck = OutgoingEmail.objects.stuck(now=now, after=STUCK_AFTER).select_for_update(skip_locked=True)
        ids = list(stuck.values_list("pk", flat=True))
        OutgoingEmail.objects.filter(pk__in=ids, status=OutgoingEmail.Status.QUEUED).update(due_at=now)
        for email_id in ids:
            send_email.delay_on_commit(email_id=email_id)
    if ids:
        logger.warning("Re-queued %s stuck e-mail(s): %s", len(ids), ids)
    return ids


def requeue_failed(email_ids, *, actor) -> list[int]:
    """Send failed e-mails again (an admin, once the cause is fixed); return the ids re-queued.

    Only failed e-mails whose bodies are kept: a blanked one (a sensitive link, past retention, a deleted
    recipient) has nothing to send — the person asks again instead. The attempt count and last error stay.
    """
    from gnist.tasks import send_email  # The task module imports this one.

    now = timezone.now()
    with transaction.atomic():
        failed = OutgoingEmail.objects.filter(pk__in=email_ids).resendable().select_for_update()
        ids = list(failed.values_list("pk", flat=True))
        OutgoingEmail.objects.filter(pk__in=ids, status=OutgoingEmail.Status.FAILED).update(
            status=OutgoingEmail.Status.QUEUED, due_at=now
        )
        for email_id in ids:
            send_email.delay_on_commit(email_id=email_id)
    logger.info("%s re-queued failed e-mail(s) %s.", actor, ids)
    return ids


# ----------------------------------------------------------------------------------------------------
# What the outbox keeps about people


def blank_old_bodies(*, now: datetime) -> int:
    """Blank the bodies of e-mails older than `GNIST_OUTBOX_RETENTION_DAYS`; the rows stay as a log of sends.

    Bodies hold whole applications and other people's names; the subject names only a municipality or a round
    and says what the e-mail was, so it stays with the row.
    """
    cutoff = now - timedelta(days=settings.GNIST_OUTBOX_RETENTION_DAYS)
    count = OutgoingEmail.objects.with_bodies_written_before(cutoff).update(
        body_text="", body_html="", headers={}, blanked_at=now
    )
    logger.info("Blanked the bodies of %s e-mail(s) written before %s.", count, cutoff.isoformat())
    return count


def anonymise_recipient(user) -> None:
    """Before an account is deleted: remove the person from every e-mail sent to any of their addresses.

    Blanks the address, the bodies and the last error (an SMTP refusal quotes the address) and replaces an
    idempotency key that holds an address; the rows stay, so the log still counts what was sent.
    """
    emails = OutgoingEmail.objects.to_any_of(_addresses_of(user))
    emails.filter(idempotency_key__contains="@").update(
        idempotency_key=Concat(Value("anonymised:"), Cast("pk", output_field=CharField()))
    )
    emails.update(to="", body_text="", body_html="", headers={}, last_error="", blanked_at=timezone.now())


def export_recipient(user) -> list[dict]:
    """What the outbox holds about a person: which e-mails went to their addresses, when, and how it went.

    Not the bodies: the person has them in their mailbox, and they name other people (team members, contacts).
    """
    emails = OutgoingEmail.objects.to_any_of(_addresses_of(user)).order_by("created_at", "pk")
    return [
        {
            "to": email.to,
            "subject": email.subject,
            "template": email.template,
            "status": email.status,
            "created_at": email.created_at.isoformat(),
            "sent_at": email.sent_at.isoformat() if email.sent_at else None,
        }
        for email in emails
    ]


def _addresses_of(user) -> set[str]:
    """Every address of the person (allauth's, the user's own): any of them may have been written to."""
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return {address for address in addresses if address}


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={**email.headers, "X-Gnist-Email-Id": str(email.pk)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message
