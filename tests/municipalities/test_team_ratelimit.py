"""Requests to join and invitations e-mail other people, so each person gets a daily cap."""

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from municipalities.models import Membership
from municipalities.views import team
from tests.factories import MunicipalityFactory


def test_join_requests_are_capped_per_day(client, cast, django_capture_on_commit_callbacks):
    municipalities = [MunicipalityFactory() for _ in range(team.JOIN_REQUESTS_PER_DAY + 1)]
    client.force_login(cast.participant)

    with django_capture_on_commit_callbacks(execute=True):
        for municipality in municipalities:
            response = client.post(reverse("municipalities:team_request", args=[municipality.number]))

    assert Membership.objects.filter(user=cast.participant).count() == team.JOIN_REQUESTS_PER_DAY
    # Messages pile up unread here (no page is rendered between the posts): the last one is the refusal.
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Du har bedt om å bli med i mange team i dag. Prøv igjen i morgen."
    )
    assert not Membership.objects.filter(user=cast.participant, municipality=municipalities[-1]).exists()


def test_invitations_are_capped_per_day(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.staff)
    invite = reverse("municipalities:team_invite", args=[cast.municipality.number])

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(team.INVITATIONS_PER_DAY + 1):
            response = client.post(
                invite, {"invite-email": f"kollega{n}@example.no", "invite-role": "editor"}
            )

    assert len(mail.outbox) == team.INVITATIONS_PER_DAY
    assert response.status_code == 200
    assert "Du har sendt mange invitasjoner i dag. Prøv igjen i morgen." in response.text
