import datetime

import pytest
from django.utils import timezone

from municipalities import reference_data as reference
from tests.factories import PhaseFactory, RoundFactory


@pytest.fixture
def reference_data(db):
    """The real municipalities, rounds and participants, loaded with bulk inserts (fast enough per test)."""
    reference.load_municipalities()
    reference.load_rounds()
    reference.load_participants()


@pytest.fixture
def draft_round(db):
    """A draft round with an application phase open now: it must stay off every public page."""
    round_ = RoundFactory(number=950, title="Kladderunde", is_draft=True)
    now = timezone.now()
    PhaseFactory(
        round=round_,
        order=1,
        opens_applications=True,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    return round_
