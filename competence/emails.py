"""The course's e-mails, queued through gnist.mail (rendered now, sent after commit, never twice)."""

from django.conf import settings

from gnist import mail


def send_certificate_ready(certificate) -> None:
    """Tell the person their certificate PDF is ready; one e-mail per certificate, whatever retries."""
    mail.queue(
        "certificate-ready",
        to=certificate.user.email,
        context={
            "certificate": certificate,
            "download_url": settings.SITE_URL + _in_language(certificate.language, "competence:certificate"),
            "verification_url": certificate.verification_url,
        },
        key=f"competence:certificate-ready:{certificate.pk}",
        language=certificate.language,
    )


def _in_language(language: str, name: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name)
