"""A municipality's team today acts for what the municipality was in the earlier structure: a round of 2022
names the municipality as it was then, and today's team answers for its applications and challenges. Teams
themselves stay today's."""

import datetime

import pytest
from django.urls import reverse

from municipalities import permissions
from municipalities.models import Membership
from tests.factories import ApplicationFactory, MembershipFactory, MunicipalityFactory


@pytest.fixture
def history(cast):
    """`cast.municipality` continues `then` (the earlier structure); `unrelated` is someone else's."""
    then = MunicipalityFactory(
        name="Castrup",
        number="9901",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2023, 12, 31),
    )
    unrelated = MunicipalityFactory(
        name="Fjernvik",
        number="9902",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2023, 12, 31),
    )
    cast.municipality.predecessors.add(then)
    return then, unrelated


def test_team_acts_for_its_predecessor_and_nothing_else(cast, history):
    then, unrelated = history

    assert permissions.approved_municipality_ids(cast.staff) == {cast.municipality.pk, then.pk}
    assert unrelated.pk not in permissions.approved_municipality_ids(cast.staff)
    assert permissions.approved_municipality_ids(cast.other_staff) == {cast.other_municipality.pk}


def test_pending_member_acts_for_neither(cast, history):
    newcomer = MembershipFactory(municipality=cast.municipality, status=Membership.Status.PENDING).user

    assert permissions.approved_municipality_ids(newcomer) == set()


def test_predecessor_team_is_not_todays_team(cast, history):
    then, _unrelated = history

    assert permissions.can_view_team(cast.staff, then) is False
    assert permissions.can_manage_team(cast.staff, then) is False


def test_todays_team_reads_the_predecessors_application(client, cast, history):
    then, _unrelated = history
    application = ApplicationFactory(municipality=then, created_by=None)

    client.force_login(cast.staff)
    mine = client.get(application.get_absolute_url()).status_code
    client.force_login(cast.other_staff)
    theirs = client.get(application.get_absolute_url()).status_code

    assert (mine, theirs) == (200, 404)


def test_todays_team_finds_the_predecessors_application_in_its_list(client, cast, history):
    then, unrelated = history
    ours = ApplicationFactory(municipality=then, created_by=None)
    theirs = ApplicationFactory(municipality=unrelated, created_by=None)

    client.force_login(cast.staff)
    page = client.get(reverse("municipalities:application_list")).content.decode()

    assert (ours.get_absolute_url() in page, theirs.get_absolute_url() in page) == (True, False)
