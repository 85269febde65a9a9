"""Today's team writes and answers for the challenge of its municipality as it was in the round's structure
(municipalities' approved_municipality_ids covers predecessors)."""

import datetime

from django.urls import reverse

from challenges import permissions, services
from tests.factories import MunicipalityFactory, ParticipantFactory


def test_todays_team_writes_the_predecessors_challenge(client, cast, challenge_round):
    then = MunicipalityFactory(
        name="Castrup",
        number="9901",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2023, 12, 31),
    )
    cast.municipality.predecessors.add(then)
    participant = ParticipantFactory(round=challenge_round, municipalities=[then], display_name="Castrup")

    challenge = services.create_challenge(participant, actor=cast.staff, title="Hvordan kan vi bo godt?")
    edit = reverse("challenges:edit", kwargs={"pk": challenge.pk})
    client.force_login(cast.staff)
    mine = client.get(edit).status_code
    client.force_login(cast.other_staff)
    theirs = client.get(edit).status_code

    assert permissions.is_challenge_staff(cast.staff, challenge) is True
    assert (mine, theirs) == (200, 404)
