"""Rounds: preparing next year's round from this year's setup."""

import datetime

from django.db import transaction

from gnist.languages import localized_values
from municipalities.models import OSLO, Criterion, Phase, Round


def _a_year_later(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is None:
        return None
    moment = moment.astimezone(OSLO)  # a year later on the same Oslo wall-clock time
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + 1, day=28)


@transaction.atomic
def copy_round_setup(round_: Round) -> Round:
    """A new draft round with `round_`'s texts, criteria and phases, every date a year later.

    Steps: number it after the newest round; copy the texts in every language as a draft (the public does
    not see it); copy the criteria; copy the phases with their flags, each date a year later in Oslo time.
    """
    number = (Round.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    copy = Round.objects.create(
        number=number,
        start_year=round_.start_year + 1,
        end_year=round_.end_year + 1,
        is_draft=True,
        **localized_values(
            round_, "title", "theme", "eligibility", "description", "solution_part_name", "funding"
        ),
    )
    for criterion in round_.criteria.all():
        Criterion.objects.create(
            round=copy,
            order=criterion.order,
            **localized_values(criterion, "name", "description"),
        )
    for phase in round_.phases.all():
        Phase.objects.create(
            round=copy,
            order=phase.order,
            kind=phase.kind,
            starts_at=_a_year_later(phase.starts_at),
            ends_at=_a_year_later(phase.ends_at),
            **{flag: getattr(phase, flag) for flag in ["month_only", *Phase.OPENS_FLAGS]},
            **localized_values(phase, "name"),
        )
    return copy
