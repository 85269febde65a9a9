import pytest
from django.core.management import CommandError, call_command

from gnist.models import OutgoingEmail


@pytest.mark.django_db
def test_send_test_email_command_sends_one_email(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_email", "drift@example.no")

    assert [message.to for message in mailoutbox] == [["drift@example.no"]]
    assert list(OutgoingEmail.objects.values_list("to", "status")) == [("drift@example.no", "sent")]


@pytest.mark.django_db
def test_send_test_email_command_refuses_a_malformed_address():
    with pytest.raises(CommandError, match="not an e-mail address"):
        call_command("send_test_email", "not-an-address")
    assert OutgoingEmail.objects.count() == 0
