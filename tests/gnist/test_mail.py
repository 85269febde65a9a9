"""The outbox: rendered at queue time, sent after commit, retried on SMTP trouble, never sent twice."""

import re
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import translation

from accounts.models import User
from gnist import mail
from gnist.celery import app as celery_app
from gnist.models import OutgoingEmail
from gnist.tasks import send_email

pytestmark = pytest.mark.django_db


def test_send_test_email_queues_and_sends_once(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = mail.send_test_email(to="kari@example.no", key="test:kari")

    email.refresh_from_db()
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]
    assert [m.subject for m in mailoutbox] == ["Test-e-post fra Gnist"]
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert email.sent_at is not None
    assert mailoutbox[0].alternatives[0].mimetype == "text/html"
    assert mailoutbox[0].extra_headers["X-Gnist-Email-Id"] == str(email.pk)


def test_send_test_email_renders_in_active_language(mailoutbox):
    with translation.override("en"):
        email = mail.send_test_email(to="kari@example.no")

    assert email.language == "en"
    assert '<html lang="en">' in email.body_html
    assert email.body_text.startswith("This is a test e-mail from Gnist.")


def test_same_idempotency_key_twice_is_one_email(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = mail.send_test_email(to="kari@example.no", key="test:once")
    with django_capture_on_commit_callbacks(execute=True):
        second = mail.send_test_email(to="kari@example.no", key="test:once")

    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(mailoutbox) == 1


def test_task_run_twice_sends_once(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = mail.send_test_email(to="kari@example.no")

    send_email.delay(email_id=email.pk)
    send_email.apply(kwargs={"email_id": email.pk})

    email.refresh_from_db()
    assert len(mailoutbox) == 1
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)


def test_task_for_missing_email_does_nothing(mailoutbox):
    send_email.delay(email_id=987654)

    assert mailoutbox == []


def test_nothing_queued_when_transaction_rolls_back(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_test_email(to="kari@example.no")
        raise RuntimeError("the caller's work failed")

    assert OutgoingEmail.objects.count() == 0
    assert mailoutbox == []


def test_email_waits_for_the_callers_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = mail.send_test_email(to="kari@example.no")

    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mailoutbox) == 1


def _flaky_send(failures: int):
    """A locmem send that raises an SMTP error `failures` times, then delivers."""
    calls = {"n": 0}
    real_send = EmailBackend.send_messages

    def send_messages(self, messages):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise SMTPServerDisconnected("connection unexpectedly closed")
        return real_send(self, messages)

    return send_messages


def _queued_email(capture, monkeypatch) -> OutgoingEmail:
    """A queued row whose on-commit task is held back, so the test can run the task and its retries itself.

    Eager retries run in place only when errors do not propagate (Celery re-applies the task in a loop,
    skipping the countdowns); tests/conftest.py turns propagation on, so it is turned off here.
    """
    celery_app.conf.task_eager_propagates = False  # tests/conftest.py sets it back for the next test
    with capture(execute=False):
        return mail.send_test_email(to="kari@example.no")


def test_failing_smtp_send_is_retried_and_attempts_counted(
    mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(EmailBackend, "send_messages", _flaky_send(failures=2))
    email = _queued_email(django_capture_on_commit_callbacks, monkeypatch)

    result = send_email.apply(kwargs={"email_id": email.pk}, throw=False)

    email.refresh_from_db()
    assert result.state == "SUCCESS"
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 3)
    assert email.last_error == "SMTPServerDisconnected: connection unexpectedly closed"
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]


def test_email_marked_failed_after_last_retry(mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(EmailBackend, "send_messages", _flaky_send(failures=100))
    email = _queued_email(django_capture_on_commit_callbacks, monkeypatch)

    result = send_email.apply(kwargs={"email_id": email.pk}, throw=False)

    email.refresh_from_db()
    assert result.state == "FAILURE"
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, send_email.max_retries + 1)
    assert mailoutbox == []


def test_failed_attempt_keeps_the_email_queued_and_raises(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(EmailBackend, "send_messages", _flaky_send(failures=1))
    email = _queued_email(django_capture_on_commit_callbacks, monkeypatch)

    with pytest.raises(SMTPServerDisconnected):
        mail.deliver(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.QUEUED, 1)


def test_account_email_goes_through_the_outbox(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/signup/",
            {
                "email": "ola@example.no",
                "name": "Ola Nordmann",
                "password1": "lang-og-trygg-passord",
                "password2": "lang-og-trygg-passord",
            },
        )

    assert response.status_code == 302
    email = OutgoingEmail.objects.get()
    assert (email.to, email.status, email.template) == (
        "ola@example.no",
        OutgoingEmail.Status.SENT,
        "account/email_confirmation_signup",
    )
    assert [m.to for m in mailoutbox] == [["ola@example.no"]]
    assert [m.subject for m in mailoutbox] == [email.subject]
    assert email.subject.startswith("[Gnist] ")
    assert "/konto/confirm-email/" in mailoutbox[0].body
    assert "/konto/confirm-email/" in mailoutbox[0].alternatives[0].content


def test_second_password_reset_request_sends_a_second_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.create_user("ola@example.no", "lang-og-trygg-passord")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/konto/password/reset/", {"email": "ola@example.no"})

    assert [m.to for m in mailoutbox] == [["ola@example.no"], ["ola@example.no"]]
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2


def test_django_mail_api_is_the_one_used():
    assert django_mail.mailers.default.__class__ is EmailBackend


def test_admin_lists_the_outbox_read_only_filtered_by_status(
    client, settings, django_capture_on_commit_callbacks
):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    admin = User.objects.create_superuser("admin@example.no", "lang-og-trygg-passord")
    with django_capture_on_commit_callbacks(execute=False):
        queued = mail.send_test_email(to="queued@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_test_email(to="sent@example.no")
    client.force_login(admin)

    changelist = client.get("/admin/gnist/outgoingemail/?status__exact=queued")
    detail = client.get(f"/admin/gnist/outgoingemail/{queued.pk}/change/")

    assert changelist.status_code == 200
    assert [e.to for e in changelist.context["cl"].result_list] == ["queued@example.no"]
    assert detail.status_code == 200
    assert detail.context["has_change_permission"] is False
    assert client.get("/admin/gnist/outgoingemail/add/").status_code == 403


def test_account_email_body_is_blanked_once_sent(client, mailoutbox, django_capture_on_commit_callbacks):
    User.objects.create_user("ola@example.no", "lang-og-trygg-passord")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": "ola@example.no"})

    email = OutgoingEmail.objects.get()
    assert (email.template, email.status, email.sensitive) == (
        "account/password_reset_key",
        OutgoingEmail.Status.SENT,
        True,
    )
    assert (email.body_text, email.body_html) == ("", "")
    assert "/konto/password/reset/key/" in mailoutbox[0].body
    assert "/konto/password/reset/key/" in mailoutbox[0].alternatives[0].content


def test_sensitive_email_keeps_its_body_until_sent_then_blanks_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = mail.queue(
            "test",
            to="kari@example.no",
            context={"site_url": "https://gnist.example"},
            key="t:1",
            sensitive=True,
        )
    email.refresh_from_db()
    assert email.body_text.startswith("Dette er en test-e-post fra Gnist.")

    mail.deliver(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.body_text, email.body_html) == (OutgoingEmail.Status.SENT, "", "")
    assert mailoutbox[0].body.startswith("Dette er en test-e-post fra Gnist.")
    assert '<html lang="nb">' in mailoutbox[0].alternatives[0].content


def test_sensitive_email_that_failed_for_good_is_blanked(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(EmailBackend, "send_messages", _flaky_send(failures=1))
    with django_capture_on_commit_callbacks(execute=False):
        email = mail.queue("test", to="kari@example.no", context={}, key="t:2", sensitive=True)

    with pytest.raises(SMTPServerDisconnected):
        mail.deliver(email_id=email.pk, final_attempt=True)

    email.refresh_from_db()
    assert (email.status, email.body_text, email.body_html) == (OutgoingEmail.Status.FAILED, "", "")


def test_sensitive_email_keeps_its_body_for_the_retry(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(EmailBackend, "send_messages", _flaky_send(failures=1))
    with django_capture_on_commit_callbacks(execute=False):
        email = mail.queue("test", to="kari@example.no", context={}, key="t:3", sensitive=True)

    with pytest.raises(SMTPServerDisconnected):
        mail.deliver(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.body_text.startswith("Dette er en test-e-post fra Gnist.")


def test_ordinary_email_keeps_its_body_after_sending(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = mail.send_test_email(to="kari@example.no")

    email.refresh_from_db()
    assert (email.status, email.sensitive) == (OutgoingEmail.Status.SENT, False)
    assert email.body_text == mailoutbox[0].body
    assert email.body_html == mailoutbox[0].alternatives[0].content


def test_admin_never_shows_an_email_body(client, settings, django_capture_on_commit_callbacks):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    admin = User.objects.create_superuser("admin@example.no", "lang-og-trygg-passord")
    User.objects.create_user("ola@example.no", "lang-og-trygg-passord")
    with django_capture_on_commit_callbacks(execute=False):  # still queued: the link is in the row
        client.post("/konto/password/reset/", {"email": "ola@example.no"})
    email = OutgoingEmail.objects.get()
    reset_path = re.search(r"/konto/password/reset/key/\S+/", email.body_text).group(0)
    client.force_login(admin)

    detail = client.get(f"/admin/gnist/outgoingemail/{email.pk}/change/")

    assert detail.status_code == 200
    assert "ola@example.no" in detail.text
    assert email.subject in detail.text
    assert reset_path not in detail.text
    assert "reset/key" not in detail.text
