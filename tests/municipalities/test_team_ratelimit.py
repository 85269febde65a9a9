"""Requests to join and invitations e-mail other people, so each person gets a daily cap."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from municipalities import services
from municipalities.models import Membership
from tests.factories import MunicipalityFactory


def test_join_requests_are_capped_per_day(client, cast, django_capture_on_commit_callbacks):
    municipalities = [MunicipalityFactory() for _ in range(services.JOIN_REQUESTS_PER_DAY + 1)]
    client.force_login(cast.participant)

    with django_capture_on_commit_callbacks(execute=True):
        for municipality in municipalities:
            response = client.post(reverse("municipalities:team_request", args=[municipality.number]))

    assert Membership.objects.filter(user=cast.participant).count() == services.JOIN_REQUESTS_PER_DAY
    # Messages pile up unread here (no page is rendered between the posts): the last one is the refusal.
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Du har bedt om å bli med i mange team i dag. Prøv igjen i morgen."
    )
    assert not Membership.objects.filter(user=cast.participant, municipality=municipalities[-1]).exists()


def test_invitations_are_capped_per_day(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.staff)
    invite = reverse("municipalities:team_invite", args=[cast.municipality.number])

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(services.INVITATIONS_PER_DAY + 1):
            response = client.post(
                invite, {"invite-email": f"kollega{n}@example.no", "invite-role": "editor"}
            )

    assert len(mail.outbox) == services.INVITATIONS_PER_DAY
    assert response.status_code == 200
    assert "Du har sendt mange invitasjoner i dag. Prøv igjen i morgen." in response.text


def test_asking_again_while_waiting_does_not_use_up_the_cap(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.participant)
    ask = reverse("municipalities:team_request", args=[cast.municipality.number])

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(services.JOIN_REQUESTS_PER_DAY + 1):
            client.post(ask)  # a double click, a reload: still the one waiting request
        response = client.post(reverse("municipalities:team_request", args=[cast.other_municipality.number]))

    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Du har bedt om å bli med i teamet til Andrestad. Du får en e-post når forespørselen er avgjort."
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["other-staff@example.no", "staff@example.no"]


def test_the_join_request_cap_holds_in_the_service(cast):
    municipalities = [MunicipalityFactory() for _ in range(services.JOIN_REQUESTS_PER_DAY + 1)]

    for municipality in municipalities[:-1]:
        services.request_membership(municipality, actor=cast.participant)
    with pytest.raises(services.DailyLimitReached):
        services.request_membership(municipalities[-1], actor=cast.participant)

    assert Membership.objects.filter(user=cast.participant).count() == services.JOIN_REQUESTS_PER_DAY
