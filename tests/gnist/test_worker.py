"""A real Celery worker on Redis sends a queued e-mail exactly once, even when the task arrives twice."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from gnist import mail
from gnist.celery import app as celery_app
from gnist.models import OutgoingEmail
from gnist.tasks import send_email
from tests.helpers import wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="REDIS_URL is unset: no Redis broker to test with"
    ),
]


@pytest.fixture
def worker():
    """A worker thread on Redis with tasks sent for real (tests/conftest.py makes them eager by default)."""
    celery_app.conf.update(
        task_always_eager=False,
        broker_url=os.environ["REDIS_URL"],
        # A queue of our own, so a leftover message from another run, or a task of a parallel test process
        # (pytest-xdist names each one in PYTEST_XDIST_WORKER), cannot be picked up.
        task_default_queue=f"gnist-test-worker-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
    )
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as w:
            yield w
    finally:
        celery_app.conf.update(task_default_queue="celery")


@pytest.fixture
def finished_tasks():
    """Ids of the tasks the worker has finished, in order."""
    finished = []

    def record(sender=None, task_id=None, **kwargs):
        finished.append(task_id)

    task_postrun.connect(record, weak=False)
    yield finished
    task_postrun.disconnect(record)


@pytest.mark.django_db(transaction=True)
def test_worker_sends_queued_email_exactly_once(worker, finished_tasks, mailoutbox):
    email = mail.send_test_email(to="kari@example.no", key="worker:kari")
    wait_for(lambda: len(finished_tasks) == 1)

    # The broker delivers the same task again (a redelivery after a lost ack, say): it must not send again.
    duplicate = send_email.delay(email_id=email.pk)
    wait_for(lambda: duplicate.id in finished_tasks)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]
    assert [m.subject for m in mailoutbox] == ["Test-e-post fra Gnist"]
