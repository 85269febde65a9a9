"""Preparing next year's round: a draft copy of a round's setup, every date a year later."""

import datetime

from municipalities import services
from municipalities.models import OSLO, Phase, Round
from tests.factories import CriterionFactory, PhaseFactory, RoundFactory


def test_copy_round_setup_makes_a_draft_a_year_later(db):
    round_ = RoundFactory(number=901, title="Utvalgsrunde")
    PhaseFactory(
        round=round_,
        order=1,
        applications=True,
        starts_at=datetime.datetime(2028, 2, 29, tzinfo=OSLO),
        ends_at=datetime.datetime(2028, 3, 31, 12, tzinfo=OSLO),
    )
    PhaseFactory(round=round_, order=2, kind=Phase.Kind.OFFERS, opens_offers=True, month_only=True)
    CriterionFactory(round=round_, order=1, name="Endringsvilje")
    maximum = Round.objects.order_by("-number").first().number

    copy = services.copy_round_setup(round_)

    assert (copy.number, copy.is_draft, copy.title, copy.start_year) == (
        maximum + 1,
        True,
        round_.title,
        round_.start_year + 1,
    )
    assert list(copy.criteria.values_list("order", "name")) == [(1, "Endringsvilje")]
    assert list(
        copy.phases.values_list("order", "starts_at", "ends_at", "month_only", *Phase.OPENS_FLAGS)
    ) == [
        (
            1,
            datetime.datetime(2029, 2, 28, tzinfo=OSLO),
            datetime.datetime(2029, 3, 31, 12, tzinfo=OSLO),
            False,
            *[flag == "opens_applications" for flag in Phase.OPENS_FLAGS],
        ),
        (2, None, None, True, *[flag == "opens_offers" for flag in Phase.OPENS_FLAGS]),
    ]
    assert services.copy_round_setup(round_).number == maximum + 2
