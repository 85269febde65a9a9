"""Celery tasks of the course: thin, keyword-only ids, the work is in services."""

from celery import shared_task

from competence import services


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=10, max_retries=5, acks_late=True)
def generate_certificate_pdf(self, *, certificate_id: int) -> None:
    services.generate_certificate(certificate_id)
