"""The outbox: rendered when queued, sent after commit, retried on any error, sent once, then forgotten."""

import re
from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from accounts.personal_data import delete_account
from gnist import mail, tasks
from gnist.celery import app as celery_app
from gnist.models import OutgoingEmail
from gnist.personal_data import export_for
from gnist.tasks import send_email
from tests.factories import UserFactory

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


def _flaky_send(failures: int, error: Exception | None = None):
    """A locmem send that raises `error` (by default an SMTP one) `failures` times, then delivers."""
    calls = {"n": 0}
    real_send = EmailBackend.send_messages

    def send_messages(self, messages):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise error or SMTPServerDisconnected("connection unexpectedly closed")
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


# --- stuck and failed e-mails ----------------------------------------------------------------------


def _lost_email(
    capture, *, due_minutes_ago: int, to: str = "kari@example.no"
) -> tuple[OutgoingEmail, object]:
    """A queued row whose send task never ran (a dead worker, a dropped message); returns it and that task."""
    with capture(execute=False) as callbacks:
        email = mail.send_test_email(to=to)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        due_at=timezone.now() - timedelta(minutes=due_minutes_ago)
    )
    return email, callbacks[0]


def test_requeue_stuck_sends_an_email_stuck_eleven_minutes_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    email, lost_task = _lost_email(django_capture_on_commit_callbacks, due_minutes_ago=11)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.requeue_stuck_emails.delay()
    lost_task()  # the lost task turns up after all: it finds the e-mail sent
    later = mail.requeue_stuck(now=timezone.now() + timedelta(hours=1))

    email.refresh_from_db()
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert later == []


def test_requeue_stuck_leaves_an_email_queued_five_minutes_ago_alone(
    mailoutbox, django_capture_on_commit_callbacks
):
    email, _lost_task = _lost_email(django_capture_on_commit_callbacks, due_minutes_ago=5)

    with django_capture_on_commit_callbacks(execute=True):
        requeued = mail.requeue_stuck(now=timezone.now())

    email.refresh_from_db()
    assert requeued == []
    assert (email.status, email.attempts) == (OutgoingEmail.Status.QUEUED, 0)
    assert mailoutbox == []


def test_requeue_stuck_leaves_an_email_waiting_for_its_retry_alone(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(EmailBackend, "send_messages", _flaky_send(failures=1))
    email, _lost_task = _lost_email(django_capture_on_commit_callbacks, due_minutes_ago=60)
    with pytest.raises(SMTPServerDisconnected):
        mail.deliver(email_id=email.pk, retry_in=30 * 60)  # the task will try again in 30 minutes

    assert mail.requeue_stuck(now=timezone.now() + timedelta(minutes=15)) == []
    assert mail.requeue_stuck(now=timezone.now() + timedelta(minutes=41)) == [email.pk]


def test_requeue_stuck_is_scheduled_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stuck-emails"]

    assert (entry["task"], entry["schedule"].minute) == (
        tasks.requeue_stuck_emails.name,
        set(range(0, 60, 5)),
    )


def test_generic_send_error_is_retried_then_sent(mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(EmailBackend, "send_messages", _flaky_send(failures=2, error=RuntimeError("boom")))
    email = _queued_email(django_capture_on_commit_callbacks, monkeypatch)

    result = send_email.apply(kwargs={"email_id": email.pk}, throw=False)

    email.refresh_from_db()
    assert result.state == "SUCCESS"
    assert (email.status, email.attempts, email.last_error) == (
        OutgoingEmail.Status.SENT,
        3,
        "RuntimeError: boom",
    )
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]


def test_generic_send_error_ends_failed_and_shows_in_the_admin_filter(
    client, cast, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_test_email(to="sent@example.no")
    error = ValueError("the mail service answered nonsense")
    monkeypatch.setattr(EmailBackend, "send_messages", _flaky_send(failures=100, error=error))
    email = _queued_email(django_capture_on_commit_callbacks, monkeypatch)

    result = send_email.apply(kwargs={"email_id": email.pk}, throw=False)
    client.force_login(cast.programme_admin)
    changelist = client.get("/admin/gnist/outgoingemail/?status__exact=failed")

    email.refresh_from_db()
    assert result.state == "FAILURE"
    assert (email.status, email.attempts, email.last_error) == (
        OutgoingEmail.Status.FAILED,
        send_email.max_retries + 1,
        "ValueError: the mail service answered nonsense",
    )
    assert [m.to for m in mailoutbox] == [["sent@example.no"]]
    assert [e.pk for e in changelist.context["cl"].result_list] == [email.pk]
    assert "ValueError: the mail service answered nonsense" in changelist.text


def _failed_email(monkeypatch, *, sensitive: bool = False, to: str = "kari@example.no") -> OutgoingEmail:
    """An e-mail whose last attempt failed; the mailer works again afterwards."""
    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", _flaky_send(failures=1))
        email = mail.queue("test", to=to, context={}, key=f"failed:{to}", sensitive=sensitive)
        with pytest.raises(SMTPServerDisconnected):
            mail.deliver(email_id=email.pk, final_attempt=True)
    email.refresh_from_db()
    return email


def test_admin_requeue_action_sends_a_failed_email_again(
    client, cast, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        failed = _failed_email(monkeypatch)
        blanked = _failed_email(monkeypatch, sensitive=True, to="lenke@example.no")
        queued = mail.send_test_email(to="venter@example.no")
    client.force_login(cast.programme_admin)

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        response = client.post(
            "/en/admin/gnist/outgoingemail/",
            {"action": "requeue", "_selected_action": [failed.pk, blanked.pk, queued.pk]},
            follow=True,
        )

    assert [m.to for m in mailoutbox] == [["kari@example.no"]]
    assert list(OutgoingEmail.objects.order_by("pk").values_list("status", "attempts")) == [
        (OutgoingEmail.Status.SENT, 2),
        (OutgoingEmail.Status.FAILED, 1),
        (OutgoingEmail.Status.QUEUED, 0),
    ]
    assert [str(m) for m in response.context["messages"]] == [
        "1 e-mail queued to be sent again.",
        "2 e-mails were not queued: they have not failed, or their content was removed.",
    ]


def test_requeue_action_needs_the_change_permission(client, monkeypatch, settings):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    failed = _failed_email(monkeypatch)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename="view_outgoingemail"))
    client.force_login(viewer)

    response = client.post(
        "/admin/gnist/outgoingemail/", {"action": "requeue", "_selected_action": [failed.pk]}
    )

    failed.refresh_from_db()
    assert response.status_code == 200  # the changelist again, with "no action selected"
    assert failed.status == OutgoingEmail.Status.FAILED


# --- retention and account deletion ---------------------------------------------------------------


def _email_written(days_ago: int, *, to: str = "kari@example.no") -> OutgoingEmail:
    email = mail.send_test_email(to=to)
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return email


def test_bodies_older_than_thirty_days_are_blanked(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old, young = _email_written(31), _email_written(29)

    tasks.blank_old_email_bodies.delay()

    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.body_text, old.body_html, old.subject) == ("", "", "Test-e-post fra Gnist")
    assert old.blanked_at is not None
    assert young.body_text.startswith("Dette er en test-e-post fra Gnist.")
    assert young.blanked_at is None


def test_outbox_retention_days_is_a_setting(settings, django_capture_on_commit_callbacks):
    settings.GNIST_OUTBOX_RETENTION_DAYS = 7
    with django_capture_on_commit_callbacks(execute=True):
        _email_written(8), _email_written(6)

    assert mail.blank_old_bodies(now=timezone.now()) == 1


def test_body_blanking_is_scheduled_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["blank-old-email-bodies"]

    assert (entry["task"], entry["schedule"].hour, entry["schedule"].minute) == (
        tasks.blank_old_email_bodies.name,
        {3},
        {45},
    )


def test_email_blanked_before_it_was_sent_fails_instead_of_sending_empty(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = _email_written(31)
    mail.blank_old_bodies(now=timezone.now())

    mail.deliver(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, 0)
    assert email.last_error == "Its content was removed before it could be sent."
    assert mailoutbox == []


def test_account_deletion_blanks_the_persons_emails_and_only_theirs(django_capture_on_commit_callbacks):
    kari = UserFactory(email="kari@example.no")
    EmailAddress.objects.create(user=kari, email="Kari.Privat@Example.no")
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_test_email(to="KARI@example.no", key="test:KARI@example.no")
        mail.send_test_email(to="kari.privat@example.no")
        other = mail.send_test_email(to="per@example.no")

    delete_account(kari)

    assert (
        list(OutgoingEmail.objects.exclude(pk=other.pk).values_list("to", "body_text", "body_html", "status"))
        == [("", "", "", OutgoingEmail.Status.SENT)] * 2
    )
    assert not OutgoingEmail.objects.filter(idempotency_key__icontains="kari").exists()
    other.refresh_from_db()
    assert (other.to, other.blanked_at) == ("per@example.no", None)
    assert other.body_text.startswith("Dette er en test-e-post fra Gnist.")


def test_data_export_lists_the_persons_emails_without_bodies(django_capture_on_commit_callbacks):
    kari = UserFactory(email="kari@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        email = mail.send_test_email(to="Kari@example.no")
        mail.send_test_email(to="per@example.no")
    email.refresh_from_db()

    assert export_for(kari)["emails"] == [
        {
            "to": "Kari@example.no",
            "subject": "Test-e-post fra Gnist",
            "template": "test",
            "status": "sent",
            "created_at": email.created_at.isoformat(),
            "sent_at": email.sent_at.isoformat(),
        }
    ]


def test_extra_headers_are_stored_and_sent_with_the_message(mailoutbox, django_capture_on_commit_callbacks):
    headers = {"List-Unsubscribe": "<https://gnist.example/stopp/abc/>"}
    with django_capture_on_commit_callbacks(execute=True):
        email = mail.queue("test", to="kari@example.no", context={}, key="test:headers", headers=headers)

    email.refresh_from_db()
    assert email.headers == headers
    sent = mailoutbox[0].message()
    assert (sent["List-Unsubscribe"], sent["X-Gnist-Email-Id"]) == (
        "<https://gnist.example/stopp/abc/>",
        str(email.pk),
    )
