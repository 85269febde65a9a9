"""The profile page, the personal-data download and account deletion."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation

from accounts import views
from accounts.models import User
from gnist import personal_data as gnist_personal_data
from municipalities.models import Membership
from tests.accounts.conftest import PASSWORD, make_verified_user
from tests.factories import MembershipFactory, MunicipalityFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def test_profile_redirects_anonymous_to_sign_in(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('accounts:profile')}"


def test_profile_shows_name_email_memberships_and_security_links(client, verified_user):
    aseral = MunicipalityFactory(name="Åseral")
    MembershipFactory(user=verified_user, municipality=aseral, role=Membership.Role.ADMIN)
    MembershipFactory(user=make_verified_user(), municipality=MunicipalityFactory(name="Lesja"))
    client.force_login(verified_user)

    response = client.get("/en/profil/")

    html = response.text
    assert "Kari Nordmann" in html
    assert "kari@example.no" in html
    rows = re.findall(r"<tr>\s*<th[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>", html)
    # An approved membership links to the team page.
    team = f'<a class="ds-link" href="/en/kommuner/{aseral.number}/team/">Åseral</a>'
    assert rows == [(team, "Administrator", "Approved")]
    with translation.override("en"):
        for name in [
            "account_change_password",
            "account_email",
            "mfa_index",
            "accounts:export",
            "accounts:delete",
        ]:
            assert f'href="{reverse(name)}"' in html


def test_profile_shows_the_apps_sections_between_the_details_and_security(client, verified_user):
    client.force_login(verified_user)

    html = client.get("/en/profil/").text

    assert re.findall(r'<h2 [^>]*id="([\w-]+)"', html) == [
        "details-heading",
        "memberships-heading",  # municipalities' section
        "course-heading",  # competence's section
        "challenge-alerts-heading",  # challenges' section
        "security-heading",
        "data-heading",
    ]
    assert "You are not a member of any municipality." in html
    with translation.override("en"):
        assert f'href="{reverse("competence:notebook")}"' in html


def test_profile_query_count_does_not_grow_with_memberships(client, verified_user):
    MembershipFactory(user=verified_user)
    client.force_login(verified_user)
    # The challenges' section reads whether the person is approved staff from the memberships already read.
    assert count_queries(client, "/profil/") == 7

    for _ in range(5):
        MembershipFactory(user=verified_user)
    assert count_queries(client, "/profil/") == 7


def test_profile_post_changes_the_name(client, verified_user):
    client.force_login(verified_user)

    response = client.post(reverse("accounts:profile"), {"profile-name": "Kari N. Nordmann"})

    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.name == "Kari N. Nordmann"


def test_profile_post_with_empty_name_shows_error_summary(client, verified_user):
    client.force_login(verified_user)

    response = client.post(reverse("accounts:profile"), {"profile-name": ""})

    assert response.status_code == 200
    assert re.search(r'<ds-error-summary[^>]*>.*<a href="#id_profile-name">', response.text, re.S)
    verified_user.refresh_from_db()
    assert verified_user.name == "Kari Nordmann"


def test_data_download_is_a_json_attachment_about_the_person_only(client, verified_user):
    EmailAddress.objects.create(user=verified_user, email="kari.privat@example.no", verified=False)
    other = make_verified_user(email="someone.else@example.no", name="Per Hansen")
    MembershipFactory(user=other, municipality=MunicipalityFactory(name="Lesja"))
    MembershipFactory(user=verified_user, municipality=MunicipalityFactory(name="Åseral"))
    client.force_login(verified_user)

    response = client.get(reverse("accounts:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gnist-mine-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "kari@example.no"
    assert data["account"]["name"] == "Kari Nordmann"
    assert data["account"]["two_factor_authentication"] is False
    assert data["account"]["email_addresses"] == [
        {"email": "kari.privat@example.no", "verified": False, "primary": False},
        {"email": "kari@example.no", "verified": True, "primary": True},
    ]
    body = response.content.decode()
    assert "someone.else@example.no" not in body
    assert "Per Hansen" not in body
    assert "Lesja" not in body


def test_data_download_requires_sign_in_and_get(client, verified_user):
    assert client.get(reverse("accounts:export")).status_code == 302
    client.force_login(verified_user)
    assert client.post(reverse("accounts:export")).status_code == 405


def test_delete_page_get_does_not_delete(client, verified_user):
    client.force_login(verified_user)

    response = client.get("/en/profil/slett/")

    assert response.status_code == 200
    assert 'id="id_password"' in response.text
    assert 'id="id_confirm"' in response.text
    assert User.objects.filter(pk=verified_user.pk).exists()


@pytest.mark.parametrize(
    ("data", "invalid"),
    [
        ({"password": "wrong-password", "confirm": "on"}, ["id_password"]),
        ({"password": PASSWORD}, ["id_confirm"]),
        ({}, ["id_password", "id_confirm"]),
    ],
)
def test_delete_requires_password_and_confirmation(client, verified_user, data, invalid):
    client.force_login(verified_user)

    response = client.post(reverse("accounts:delete"), data)

    assert response.status_code == 200
    summary = re.search(r"<ds-error-summary.*?</ds-error-summary>", response.text, re.S).group(0)
    assert re.findall(r'href="#(id_\w+)"', summary) == invalid
    assert User.objects.filter(pk=verified_user.pk).exists()
    assert client.session.get("_auth_user_id") == str(verified_user.pk)


def test_empty_delete_error_summary_names_each_field(client, verified_user):
    client.force_login(verified_user)

    response = client.post(reverse("accounts:delete"), {})

    summary = re.search(r"<ds-error-summary.*?</ds-error-summary>", response.text, re.S).group(0)
    assert re.findall(r"<li><a [^>]*>(.*?)</a></li>", summary) == [
        "Passordet ditt: Feltet er påkrevet.",
        "Jeg forstår at kontoen min blir slettet og ikke kan gjenopprettes: Feltet er påkrevet.",
    ]


def test_delete_with_password_signs_out_and_deletes_the_user(client, verified_user, monkeypatch):
    membership = MembershipFactory(user=verified_user)
    anonymised = []
    monkeypatch.setitem(gnist_personal_data._anonymisers, "test", lambda user: anonymised.append(user.pk))
    client.force_login(verified_user)

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert anonymised == [verified_user.pk]
    assert User.objects.filter(pk=verified_user.pk).exists() is False
    assert EmailAddress.objects.filter(email="kari@example.no").exists() is False
    assert Membership.objects.filter(pk=membership.pk).exists() is False
    assert client.session.get("_auth_user_id") is None


def test_last_superuser_cannot_delete_themselves(client):
    admin = make_verified_user(email="admin@example.no", is_staff=True, is_superuser=True)
    client.force_login(admin)

    page = client.get("/en/profil/slett/")
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    assert "You are the only administrator with full rights." in page.text
    assert 'id="id_password"' not in page.text
    assert response.status_code == 200
    assert User.objects.filter(pk=admin.pk).exists()


def test_superuser_can_delete_themselves_when_another_superuser_exists(client):
    admin = make_verified_user(email="admin@example.no", is_superuser=True)
    make_verified_user(email="admin2@example.no", is_superuser=True)
    client.force_login(admin)

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert User.objects.filter(pk=admin.pk).exists() is False


def test_delete_that_fails_keeps_the_person_signed_in_and_says_why(client, verified_user, monkeypatch):
    def protected(user):
        raise ProtectedError("still referenced", set())

    monkeypatch.setattr(views, "delete_account", protected)
    client.force_login(verified_user)

    # In English: the message is new and not yet translated into bokmål.
    response = client.post("/en/profil/slett/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/en/profil/"
    assert client.session.get("_auth_user_id") == str(verified_user.pk)
    assert User.objects.filter(pk=verified_user.pk).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your account could not be deleted because other data in Gnist still depends on it. "
        "Nothing has been deleted. E-mail us at post@gnist.no and we will help you."
    ]


def test_delete_that_fails_rolls_back_the_anonymisers(client, verified_user, monkeypatch):
    membership = MembershipFactory(user=verified_user)

    def anonymise_then_fail(user):
        Membership.objects.filter(user=user).delete()
        raise ProtectedError("still referenced", set())

    monkeypatch.setitem(gnist_personal_data._anonymisers, "test", anonymise_then_fail)
    client.force_login(verified_user)

    client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.session.get("_auth_user_id") == str(verified_user.pk)


def test_profile_links_team_staff_to_their_applications(client, cast):
    client.force_login(cast.staff)
    staff_page = client.get(reverse("accounts:profile")).text
    client.force_login(cast.participant)
    participant_page = client.get(reverse("accounts:profile")).text

    link = f'href="{reverse("municipalities:application_list")}"'
    assert (link in staff_page, link in participant_page) == (True, False)
