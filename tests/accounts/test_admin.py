"""The user and group admin: only superusers hand out staff status, superuser status, groups and permissions,
and only superusers change or delete a superuser's account."""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories import UserFactory, programme_staff
from tests.helpers import as_role

USERS = "/admin/accounts/user/"


@pytest.fixture
def clerk(db):
    """Staff who may view and change users, and nothing else (not a superuser)."""
    return programme_staff("accounts.view_user", "accounts.change_user", email="clerk@example.no")


@pytest.fixture
def editors(db):
    return Group.objects.create(name="Redaktører")


def _privileges(user) -> tuple:
    user.refresh_from_db()
    return (
        user.name,
        user.is_staff,
        user.is_superuser,
        list(user.groups.all()),
        list(user.user_permissions.values_list("codename", flat=True)),
    )


def _change_form(user, editors, **fields) -> dict:
    """The change form as a browser posts it, asking for every power there is."""
    change_user = Permission.objects.get(codename="change_user")
    return {
        "email": user.email,
        "name": "Nytt Navn",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [editors.pk],
        "user_permissions": [change_user.pk],
        "date_joined_0": "2030-01-01",
        "date_joined_1": "12:00:00",
        **fields,
    }


def test_user_admin_staff_cannot_make_themselves_superuser(client, clerk, editors):
    client.force_login(clerk)

    response = client.post(f"{USERS}{clerk.pk}/change/", _change_form(clerk, editors))

    assert (response.status_code, response["Location"]) == (302, USERS)
    assert _privileges(clerk) == ("Nytt Navn", True, False, [], ["change_user", "view_user"])


def test_user_admin_staff_cannot_grant_powers_to_others(client, clerk, editors):
    person = UserFactory(email="person@example.no", name="Per Son")
    client.force_login(clerk)

    response = client.post(f"{USERS}{person.pk}/change/", _change_form(person, editors))

    assert response.status_code == 302
    assert _privileges(person) == ("Nytt Navn", False, False, [], [])


def test_user_admin_shows_privileges_read_only_to_staff(client, clerk):
    client.force_login(clerk)

    response = client.get(f"{USERS}{clerk.pk}/change/")

    assert list(response.context["adminform"].form.fields) == [
        "email",
        "password",
        "name",
        "is_active",
        "last_login",
        "date_joined",
    ]


def test_user_admin_staff_cannot_change_a_superusers_account(client, cast, clerk, editors):
    client.force_login(clerk)
    url = f"{USERS}{cast.programme_admin.pk}/"

    response = client.post(f"{url}change/", _change_form(cast.programme_admin, editors, is_active=""))

    cast.programme_admin.refresh_from_db()
    assert (response.status_code, cast.programme_admin.name, cast.programme_admin.is_active) == (
        403,
        "Pia Program",
        True,
    )
    pages = [client.get(f"{url}{page}/") for page in ["change", "password", "delete"]]
    assert [page.status_code for page in pages] == [200, 403, 403]
    assert pages[0].context["original"] == cast.programme_admin  # shown, read-only


def test_user_admin_superuser_grants_powers(client, cast, editors):
    person = UserFactory(email="person@example.no", name="Per Son")
    client.force_login(cast.programme_admin)

    response = client.post(f"{USERS}{person.pk}/change/", _change_form(person, editors))

    assert response.status_code == 302
    assert _privileges(person) == ("Nytt Navn", True, True, [editors], ["change_user"])


def test_group_admin_staff_cannot_give_their_group_permissions(client, editors):
    member = programme_staff("auth.view_group", "auth.change_group", email="member@example.no")
    member.groups.add(editors)
    client.force_login(member)

    response = client.post(
        f"/admin/auth/group/{editors.pk}/change/",
        {"name": "Alt", "permissions": list(Permission.objects.values_list("pk", flat=True))},
    )

    editors.refresh_from_db()
    assert (response.status_code, editors.name, list(editors.permissions.all())) == (302, "Alt", [])


def test_group_admin_superuser_gives_permissions(client, cast, editors):
    view_user = Permission.objects.get(codename="view_user")
    client.force_login(cast.programme_admin)

    client.post(
        f"/admin/auth/group/{editors.pk}/change/", {"name": "Redaktører", "permissions": [view_user.pk]}
    )

    assert list(editors.permissions.all()) == [view_user]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_admin_index_names_every_section_differently(client, cast, language):
    as_role(client, "programme_admin")

    response = client.get("/admin/" if language == "nb" else f"/{language}/admin/")

    names = [str(app["name"]) for app in response.context["app_list"]]
    assert sorted(set(names)) == sorted(names)


def test_two_factor_methods_admin_is_translated_and_never_shows_the_secret(client, cast):
    from allauth.mfa.models import Authenticator

    as_role(client, "programme_admin")
    totp = Authenticator.objects.get(user=cast.programme_admin, type=Authenticator.Type.TOTP)

    listing = client.get("/en/admin/mfa/authenticator/")
    page = client.get(f"/en/admin/mfa/authenticator/{totp.pk}/change/")

    assert (str(listing.context["cl"].opts.verbose_name_plural), listing.context["cl"].result_count) == (
        "two-factor methods",
        1,
    )
    assert "Authenticators" not in listing.text
    assert "TOTP Authenticator" in page.text
    assert totp.data["secret"] not in page.text
    assert client.post(f"/en/admin/mfa/authenticator/{totp.pk}/change/", {}).status_code == 403
