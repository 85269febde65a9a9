"""Team admins can cite their colleagues' course completion (Gnist kompetanse) in an application."""

from pathlib import Path

import pytest
from django.urls import reverse

from competence.loading import load_course
from municipalities.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.municipalities.test_applications import draft, open_now, round_  # noqa: F401 -- shared fixtures


@pytest.fixture(autouse=True)
def _course(db):
    """The team completion page needs a course edition; the competence tests' tiny one will do."""
    load_course(Path(__file__).parent.parent / "competence" / "content")


def _edit_page(client, user, application):
    client.force_login(user)
    # On the anchoring part of the application, which the course completion strengthens.
    response = client.get(
        reverse("municipalities:application_section", kwargs={"pk": application.pk, "section": "forankring"})
    )
    assert response.status_code == 200
    return response.text


def test_team_admin_sees_a_link_to_the_team_course_completion(client, cast, draft, open_now):  # noqa: F811
    html = _edit_page(client, cast.staff, draft)

    team_url = reverse("competence:team", kwargs={"number": cast.municipality.number})
    assert f'href="{team_url}"' in html
    # The page behind the link lets the same person in.
    assert client.get(team_url).status_code == 200


def test_editor_gets_no_link_they_could_not_follow(client, cast, draft, open_now):  # noqa: F811
    editor = UserFactory()
    MembershipFactory(
        user=editor,
        municipality=cast.municipality,
        role=Membership.Role.EDITOR,
        status=Membership.Status.APPROVED,
    )
    team_url = reverse("competence:team", kwargs={"number": cast.municipality.number})

    assert f'href="{team_url}"' not in _edit_page(client, editor, draft)
    assert client.get(team_url).status_code == 404
