"""Team pages and actions, per role of the cast: outsiders get 404, members without admin rights 403."""

import datetime
import re
import uuid
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from municipalities import permissions, services
from municipalities.models import Membership
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory, programme_staff
from tests.helpers import ROLES, as_role, count_queries, denial_reason

ROLES_AND_EDITOR = [*ROLES, "editor"]
# Staff of the municipality and programme admins may; an editor on the team may not; everyone else may not
# know the team exists.
ADMIN_ACTION = {
    "staff": 302,
    "programme_admin": 302,
    "editor": 403,
    "other_staff": 404,
    "co_applicant_staff": 404,
    "supplier": 404,
    "juror": 404,
    "participant": 404,
    "anonymous": 404,
}


@pytest.fixture
def team(cast, editor):
    """The cast plus an approved editor on cast.municipality's team and someone waiting to join."""
    cast.editor = editor
    cast.member = MembershipFactory(
        user=UserFactory(email="member@example.no", name="Mona Medlem"), municipality=cast.municipality
    )
    cast.waiting = MembershipFactory(
        user=UserFactory(email="waiting@example.no", name="Vera Venter"),
        municipality=cast.municipality,
        status=Membership.Status.PENDING,
    )
    services.invite_colleague(cast.municipality, actor=cast.staff, email="invitert@example.no", role="editor")
    cast.invitation = cast.municipality.invitations.get()
    return cast


def url(name: str, cast, **kwargs) -> str:
    return reverse(f"municipalities:{name}", kwargs={"number": cast.municipality.number, **kwargs})


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- per role ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES_AND_EDITOR)
def test_team_page_per_role(client, team, role):
    as_role(client, role)

    response = client.get(url("team", team))

    expected = {"staff": 200, "editor": 200, "programme_admin": 200}.get(role, 404)
    assert response.status_code == expected
    if expected == 200:
        page = text(response.text)
        assert "Teamet til Castrup" in page
        assert ("Stine Stab" in page, "Mona Medlem" in page) == (True, True)
        # Requests, sent invitations and the way to invite are for those who manage the team only.
        invite = f'href="{url("team_invite", team)}"'
        managers_see = ("Vera Venter" in page, "invitert@example.no" in page, invite in response.text)
        assert managers_see == (role != "editor",) * 3


@pytest.mark.parametrize("role", ROLES_AND_EDITOR)
def test_withdraw_invitation_per_role(client, team, role):
    as_role(client, role)

    response = client.post(url("team_invitation_withdraw", team, pk=team.invitation.pk))

    team.invitation.refresh_from_db()
    assert response.status_code == ADMIN_ACTION[role]
    assert (team.invitation.withdrawn_by is not None) == (ADMIN_ACTION[role] == 302)


@pytest.mark.parametrize("role", ROLES_AND_EDITOR)
def test_invite_per_role(client, team, role, django_capture_on_commit_callbacks):
    as_role(client, role)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("team_invite", team), {"invite-email": "ny@example.no", "invite-role": "editor"}
        )

    assert response.status_code == ADMIN_ACTION[role]
    sent = [(["ny@example.no"], "Du er invitert til teamet til Castrup i Gnist")]
    assert [(m.to, m.subject) for m in mail.outbox] == (sent if ADMIN_ACTION[role] == 302 else [])


@pytest.mark.parametrize("role", ROLES_AND_EDITOR)
def test_decide_per_role(client, team, role, django_capture_on_commit_callbacks):
    as_role(client, role)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("team_decide", team, pk=team.waiting.pk), {"decision": "approve"})

    team.waiting.refresh_from_db()
    assert response.status_code == ADMIN_ACTION[role]
    assert team.waiting.status == ("approved" if ADMIN_ACTION[role] == 302 else "pending")


@pytest.mark.parametrize("role", ROLES_AND_EDITOR)
def test_remove_per_role(client, team, role):
    as_role(client, role)

    response = client.post(url("team_remove", team, pk=team.member.pk))

    team.member.refresh_from_db()
    assert response.status_code == ADMIN_ACTION[role]
    assert team.member.status == ("removed" if ADMIN_ACTION[role] == 302 else "approved")


@pytest.mark.parametrize("role", ROLES_AND_EDITOR)
def test_change_role_per_role(client, team, role):
    as_role(client, role)

    response = client.post(url("team_role", team, pk=team.member.pk), {"role": "admin"})

    team.member.refresh_from_db()
    assert response.status_code == ADMIN_ACTION[role]
    assert team.member.role == ("admin" if ADMIN_ACTION[role] == 302 else "editor")


# --- why a 403: said to those who may see the team, never to outsiders (they get a 404 above) ------------

# Each admin action: (URL name, the membership or invitation it acts on, what it posts, who does it).
ACTIONS = {
    "decide": (
        "team_decide",
        "waiting",
        {"decision": "approve"},
        "Only the administrators of Castrup's team, and the programme, decide requests to join it.",
    ),
    "invite": (
        "team_invite",
        None,
        {"invite-email": "ny@example.no", "invite-role": "editor"},
        "Only the administrators of Castrup's team, and the programme, invite colleagues to it.",
    ),
    "withdraw": (
        "team_invitation_withdraw",
        "invitation",
        {},
        "Only the administrators of Castrup's team, and the programme, withdraw its invitations.",
    ),
    "remove": (
        "team_remove",
        "member",
        {},
        "Only the administrators of Castrup's team, and the programme, remove colleagues from it.",
    ),
    "change_role": (
        "team_role",
        "member",
        {"role": "admin"},
        "Only the administrators of Castrup's team, and the programme, change roles on it.",
    ),
}


def post_action(client, team, action: str):
    name, target, data, _who = ACTIONS[action]
    kwargs = {"pk": getattr(team, target).pk} if target else {}
    return client.post("/en" + url(name, team, **kwargs), data)


@pytest.mark.parametrize("action", ACTIONS)
def test_an_editor_is_told_who_does_an_admin_action_and_whom_to_ask(client, team, action):
    as_role(client, "editor")

    response = post_action(client, team, action)

    assert (
        denial_reason(response) == f"{ACTIONS[action][3]} Ask the team's administrator, Stine Stab, to do it."
    )


@pytest.mark.parametrize("action", ACTIONS)
def test_programme_staff_who_only_read_teams_are_told_what_they_lack(client, team, action):
    client.force_login(programme_staff("municipalities.view_membership"))

    response = post_action(client, team, action)

    assert denial_reason(response) == (
        f"{ACTIONS[action][3]} Your staff account may read teams but not change them. Ask a programme "
        "administrator for the right to change memberships."
    )


def test_an_editor_of_a_team_with_several_administrators_is_told_their_names(client, team):
    MembershipFactory(user=UserFactory(name="Kari Kollega"), municipality=team.municipality, role="admin")
    as_role(client, "editor")

    response = post_action(client, team, "invite")

    assert denial_reason(response) == (
        f"{ACTIONS['invite'][3]} Ask one of the team's administrators, Kari Kollega and Stine Stab, to do it."
    )


def test_the_team_is_listed_in_norwegian_alphabetical_order(client, team):
    for name in ["Åse Ås", "Ørjan Ø", "Ærlig Æ", "anne Aas", "Zara Z"]:
        MembershipFactory(user=UserFactory(name=name), municipality=team.municipality)
    as_role(client, "staff")

    html = client.get(url("team", team)).content.decode()

    members = html[html.index('id="members-heading"') : html.index('id="requests-heading"')]
    names = re.findall(r'<th scope="row">([^<]+?)(?: <span|</th>)', members)
    assert names == [
        "anne Aas",
        "Eli Redaktør",
        "Mona Medlem",
        "Stine Stab",
        "Zara Z",
        "Ærlig Æ",
        "Ørjan Ø",
        "Åse Ås",
    ]


def test_an_editor_of_a_team_without_administrators_is_told_the_programme_does_it(client, cast):
    empty = MunicipalityFactory(name="Tomby")
    editor = MembershipFactory(user=UserFactory(name="Eva Eneste"), municipality=empty).user
    waiting = MembershipFactory(user=cast.participant, municipality=empty, status="pending")
    client.force_login(editor)

    response = client.post(
        "/en" + reverse("municipalities:team_decide", kwargs={"number": empty.number, "pk": waiting.pk}),
        {"decision": "approve"},
    )

    waiting.refresh_from_db()
    assert (denial_reason(response), waiting.status) == (
        "Only the administrators of Tomby's team, and the programme, decide requests to join it. The team "
        "has no administrator yet, so the programme does this for it: write to us at the address below.",
        "pending",
    )


@pytest.mark.parametrize("action", ["remove", "change_role"])
@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (
            "pending",
            "Mona Medlem has asked to join and is not on the team yet. Approve or decline the request first.",
        ),
        (
            "declined",
            "Mona Medlem's request to join was declined, so they are not on the team. Nothing was changed.",
        ),
        ("removed", "Mona Medlem is no longer on the team. Nothing was changed."),
    ],
)
def test_an_admin_changing_someone_not_on_the_team_is_told_so(client, team, action, status, reason):
    Membership.objects.filter(pk=team.member.pk).update(status=status)
    as_role(client, "staff")

    response = post_action(client, team, action)

    team.member.refresh_from_db()
    assert (denial_reason(response), team.member.status, team.member.role) == (reason, status, "editor")


@pytest.mark.parametrize("role", ROLES_AND_EDITOR)
def test_request_to_join_per_role(client, team, role, django_capture_on_commit_callbacks):
    user = as_role(client, role)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("team_request", team))

    if role == "anonymous":
        assert (response.status_code, response.url.split("?")[0]) == (302, reverse("account_login"))
        return
    membership = Membership.objects.get(user=user, municipality=team.municipality)
    if role in ("staff", "editor"):
        assert (response.status_code, response.url, membership.status) == (302, url("team", team), "approved")
        assert flashed(response) == ["Du er allerede med i teamet til Castrup."]
        assert mail.outbox == []
    else:
        assert (response.status_code, response.url, membership.status) == (
            302,
            "/kommuner/" + team.municipality.number + "/",
            "pending",
        )
        assert [(m.to, m.subject) for m in mail.outbox] == [
            (["staff@example.no"], "Forespørsel om å bli med i teamet til Castrup")
        ]


@pytest.mark.parametrize("role", ROLES_AND_EDITOR)
def test_invitation_page_per_role(client, team, role):
    token = services.invite_colleague(
        team.municipality, actor=team.staff, email="ny@example.no", role="editor"
    )
    as_role(client, role)

    response = client.get(reverse("municipalities:team_invitation_accept", kwargs={"token": token}))

    page = text(response.text)
    assert response.status_code == 200
    assert "Stine Stab har invitert ny@example.no til teamet til Castrup." in page
    if role == "anonymous":
        assert "Logg inn med ny@example.no for å takke ja." in page
    elif role in ("staff", "editor"):
        assert "Du er allerede med i teamet til Castrup." in page
    else:
        assert "Invitasjonen gjelder en annen e-postadresse" in page
        assert "Bli med i teamet til Castrup" not in page


def test_withdrawn_invitation_leaves_the_list_and_its_link_explains(client, team):
    token = services.invite_colleague(
        team.municipality, actor=team.staff, email="angret@example.no", role="admin"
    )
    invitation = team.municipality.invitations.get(email="angret@example.no")
    client.force_login(team.staff)
    with translation.override("en"):
        team_url, withdraw_url = url("team", team), url("team_invitation_withdraw", team, pk=invitation.pk)
        accept_url = reverse("municipalities:team_invitation_accept", kwargs={"token": token})

    response = client.post(withdraw_url)

    assert flashed(response) == ["The invitation to angret@example.no has been withdrawn."]
    invitations = client.get(team_url).text.split('id="invitations-heading"', 1)[1].split("</section>", 1)[0]
    assert ("invitert@example.no" in invitations, "angret@example.no" in invitations) == (True, False)
    client.logout()
    assert (
        "This invitation has been withdrawn by Castrup's team. Ask them for a new one if you need it."
        in unescape(text(client.get(accept_url).text))
    )


@pytest.mark.parametrize("role", ROLES_AND_EDITOR)
def test_invite_page_per_role(client, team, role):
    as_role(client, role)

    response = client.get(url("team_invite", team))

    # Who may invite sees the form; an editor is told why not; everyone else may not know the team exists.
    assert response.status_code == {"staff": 200, "programme_admin": 200}.get(role, ADMIN_ACTION[role])
    if response.status_code == 200:
        assert ('name="invite-email"' in response.text, "Inviter en kollega" in response.text) == (True, True)


@pytest.mark.parametrize("name", ["team", "team_request"])
def test_changes_are_post_only(client, team, name):
    client.force_login(team.staff)

    response = client.get(url(name, team)) if name != "team" else client.post(url(name, team))

    assert response.status_code == 405


def test_team_of_unknown_municipality_is_404(client, team):
    client.force_login(team.programme_admin)

    assert client.get("/kommuner/0000/team/").status_code == 404
    assert client.post("/kommuner/0000/team/bli-med/").status_code == 404


def test_team_of_a_municipality_that_has_ended_is_404(client, team):
    ended = MunicipalityFactory(valid_to=datetime.date(2023, 12, 31))
    client.force_login(team.programme_admin)

    assert client.get(f"/kommuner/{ended.number}/team/").status_code == 404
    assert client.post(f"/kommuner/{ended.number}/team/bli-med/").status_code == 404
    assert Membership.objects.filter(municipality=ended).count() == 0


def test_membership_of_another_team_is_404(client, team):
    """An admin cannot reach another municipality's membership through their own team's URL."""
    client.force_login(team.staff)
    other = MembershipFactory(municipality=team.other_municipality, status=Membership.Status.PENDING)

    response = client.post(url("team_decide", team, pk=other.pk), {"decision": "approve"})

    other.refresh_from_db()
    assert (response.status_code, other.status) == (404, "pending")


# --- flows ------------------------------------------------------------------------------------------------


def test_join_then_approve(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.participant)
    page = text(client.get(cast.municipality.get_absolute_url()).text)
    assert "Be om å bli med i teamet til kommunen" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("team_request", cast))
    assert flashed(response) == [
        "Du har bedt om å bli med i teamet til Castrup. Du får en e-post når forespørselen er avgjort."
    ]
    page = text(client.get(cast.municipality.get_absolute_url()).text)
    assert "Forespørselen venter på godkjenning." in page
    assert "Be om å bli med i teamet til kommunen" not in page
    assert client.get(url("team", cast)).status_code == 404

    client.force_login(cast.staff)
    membership = Membership.objects.get(user=cast.participant)
    assert "Dina Deltaker" in text(client.get(url("team", cast)).text)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("team_decide", cast, pk=membership.pk), {"decision": "approve"})

    membership.refresh_from_db()
    assert (response.status_code, response.url) == (302, url("team", cast))
    assert flashed(response) == ["Dina Deltaker er nå med i teamet."]
    assert (membership.status, membership.role, membership.decided_by) == ("approved", "editor", cast.staff)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["staff@example.no"], "Forespørsel om å bli med i teamet til Castrup"),
        (["participant@example.no"], "Du er med i teamet til Castrup"),
    ]
    client.force_login(cast.participant)
    assert client.get(url("team", cast)).status_code == 200
    assert (
        client.post(
            url("team_invite", cast), {"invite-email": "x@example.no", "invite-role": "editor"}
        ).status_code
        == 403
    )


def test_decline(client, team, django_capture_on_commit_callbacks):
    client.force_login(team.staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("team_decide", team, pk=team.waiting.pk), {"decision": "decline"})

    team.waiting.refresh_from_db()
    assert (team.waiting.status, team.waiting.decided_by) == ("declined", team.staff)
    assert flashed(response) == ["Forespørselen fra Vera Venter er avslått."]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["waiting@example.no"], "Forespørselen din om å bli med i teamet til Castrup")
    ]


def test_second_admin_deciding_the_same_request_is_told_kindly(client, team):
    colleague = MembershipFactory(
        user=UserFactory(name="Kari Kollega"), municipality=team.municipality, role="admin"
    ).user
    other_browser = Client()
    other_browser.force_login(colleague)
    other_browser.post(url("team_decide", team, pk=team.waiting.pk), {"decision": "decline"})
    client.force_login(team.staff)

    response = client.post(url("team_decide", team, pk=team.waiting.pk), {"decision": "approve"})

    team.waiting.refresh_from_db()
    assert (response.status_code, team.waiting.status, team.waiting.decided_by) == (
        302,
        "declined",
        colleague,
    )
    assert flashed(response) == [
        "Kari Kollega hadde allerede avslått forespørselen fra Vera Venter. Ingenting ble endret."
    ]


def test_first_member_is_decided_by_programme_admin_on_the_team_page(client, cast):
    from tests.factories import MunicipalityFactory

    empty = MunicipalityFactory(name="Tomby")
    waiting = MembershipFactory(user=cast.participant, municipality=empty, status="pending")
    team_url = reverse("municipalities:team", kwargs={"number": empty.number})
    client.force_login(cast.programme_admin)
    assert "Dina Deltaker" in text(client.get(team_url).text)

    response = client.post(
        reverse("municipalities:team_decide", kwargs={"number": empty.number, "pk": waiting.pk}),
        {"decision": "approve"},
    )

    waiting.refresh_from_db()
    assert (response.status_code, waiting.status, waiting.role) == (302, "approved", "admin")


def test_a_team_nobody_is_on_shows_to_programme_admins_and_stays_404_to_others(client, cast):
    from tests.factories import MunicipalityFactory

    empty = MunicipalityFactory(name="Tomby")
    MembershipFactory(user=cast.participant, municipality=empty, status="declined")
    team_url = reverse("municipalities:team", kwargs={"number": empty.number})

    client.force_login(cast.participant)  # declined: read with the team, but not on it
    assert client.get(team_url).status_code == 404
    client.force_login(cast.programme_admin)
    response = client.get(team_url)
    assert (
        response.status_code,
        "Nobody is on the team yet." in text(client.get(f"/en{team_url}").text),
    ) == (
        200,
        True,
    )
    assert "Dina Deltaker" not in text(response.text)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "Lenken virker i 7 dager."),
        ("/nn", "Lenkja verkar i 7 dagar."),
        ("/en", "The link works for 7 days."),
    ],
)
def test_the_invitation_form_explains_the_link_in_the_pages_language(client, cast, prefix, expected):
    client.force_login(cast.staff)

    assert expected in text(client.get(prefix + url("team_invite", cast)).text)


def test_invite_with_a_bad_address_shows_the_error_summary_and_keeps_the_text(client, cast):
    client.force_login(cast.staff)

    response = client.post(
        url("team_invite", cast), {"invite-email": "ikke-en-adresse", "invite-role": "editor"}
    )

    assert response.status_code == 200
    assert "ds-error-summary" in response.text
    assert 'href="#id_invite-email"' in response.text
    assert 'value="ikke-en-adresse"' in response.text
    assert mail.outbox == []


def test_invite_a_member_shows_why_on_the_field(client, cast):
    client.force_login(cast.staff)

    response = client.post(
        url("team_invite", cast), {"invite-email": "staff@example.no", "invite-role": "editor"}
    )

    assert response.status_code == 200
    assert "staff@example.no er allerede med i teamet." in text(response.text)


def accept_url(token: str) -> str:
    return reverse("municipalities:team_invitation_accept", kwargs={"token": token})


def test_invitation_accepted_by_the_invited_person(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("team_invite", cast), {"invite-email": "ny@example.no", "invite-role": "admin"})
    link = re.search(r"/kommuner/invitasjon/\S+/", mail.outbox[0].body).group(0)
    newcomer = UserFactory(email="ny@example.no", name="Nina Ny")
    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=True, primary=True)
    client.force_login(newcomer)
    assert "Bli med i teamet til Castrup" in text(client.get(link).text)

    response = client.post(link)

    membership = Membership.objects.get(user=newcomer)
    assert (response.status_code, response.url) == (302, url("team", cast))
    assert flashed(response) == ["Velkommen til teamet til Castrup."]
    assert (membership.municipality, membership.status, membership.role, membership.decided_by) == (
        cast.municipality,
        "approved",
        "admin",
        cast.staff,
    )
    again = client.post(link)
    assert flashed(again)[-1] == "Invitasjonen er allerede brukt. Du er med i teamet til Castrup."


def test_invitation_for_another_address_is_explained_and_not_accepted(client, cast):
    token = services.invite_colleague(
        cast.municipality, actor=cast.staff, email="ny@example.no", role="editor"
    )
    EmailAddress.objects.create(
        user=cast.participant, email=cast.participant.email, verified=True, primary=True
    )
    client.force_login(cast.participant)

    page = text(client.get(accept_url(token)).text)
    response = client.post(accept_url(token))

    assert (
        "Invitasjonen ble sendt til ny@example.no, men du er logget inn som participant@example.no." in page
    )
    assert (response.status_code, response.url) == (302, accept_url(token))
    assert flashed(response) == [
        "Invitasjonen ble sendt til ny@example.no, men du er logget inn med en annen adresse."
        " Logg inn med ny@example.no, eller legg den til og bekreft den under e-postadressene dine."
        " Åpne deretter lenken på nytt."
    ]
    assert not Membership.objects.filter(user=cast.participant).exists()


def test_forged_invitation_page_explains(client, cast):
    client.force_login(cast.participant)

    response = client.get(accept_url("eyJmYWtlIjoxfQ:1abcde:forgedsignature"))

    assert response.status_code == 200
    assert "Invitasjonslenken er ikke gyldig. Sjekk at du åpnet hele lenken fra e-posten." in text(
        response.text
    )
    assert "Bli med i teamet" not in text(response.text)


def test_removing_the_last_admin_is_refused_with_a_message(client, cast):
    client.force_login(cast.programme_admin)
    own = cast.staff.memberships.get()

    response = client.post(url("team_remove", cast, pk=own.pk))

    own.refresh_from_db()
    assert (response.status_code, own.status) == (302, "approved")
    assert flashed(response) == [
        "Stine Stab er den eneste administratoren i teamet. Gjør en annen til administrator først."
    ]


def test_a_member_leaves_the_team(client, team):
    client.force_login(team.editor)
    membership = team.editor.memberships.get()

    response = client.post(url("team_remove", team, pk=membership.pk))

    membership.refresh_from_db()
    assert (response.status_code, response.url, membership.status) == (
        302,
        "/kommuner/" + team.municipality.number + "/",
        "removed",
    )
    assert client.get(url("team", team)).status_code == 404


def test_profile_links_to_the_team_page(client, cast):
    client.force_login(cast.staff)

    response = client.get(reverse("accounts:profile"))

    assert f'href="{url("team", cast)}"' in response.text


# --- query counts -----------------------------------------------------------------------------------------


def grow_team(cast, n: int) -> None:
    for _ in range(n):
        MembershipFactory(municipality=cast.municipality)
        MembershipFactory(municipality=cast.municipality, role="admin")
        MembershipFactory(municipality=cast.municipality, status="pending")
        services.invite_colleague(
            cast.municipality, actor=cast.staff, email=f"{uuid.uuid4().hex}@example.no", role="editor"
        )


def test_team_page_query_count_does_not_grow(client, cast):
    client.force_login(cast.staff)
    team_url = url("team", cast)
    grow_team(cast, 1)

    assert count_queries(client, team_url) == 5
    grow_team(cast, 5)
    assert count_queries(client, team_url) == 5


def test_invite_page_query_count_does_not_grow(client, cast):
    client.force_login(cast.staff)
    invite_url = url("team_invite", cast)
    grow_team(cast, 1)

    # Warm: the session's user, the municipality with its county, the person's membership of it (cold, the
    # session too).
    assert (count_queries(client, invite_url), count_queries(client, invite_url, warm=True)) == (4, 3)
    grow_team(cast, 5)
    assert (count_queries(client, invite_url), count_queries(client, invite_url, warm=True)) == (4, 3)


def test_municipality_page_team_section_query_count_does_not_grow(client, cast):
    client.force_login(cast.participant)
    page_url = cast.municipality.get_absolute_url()
    grow_team(cast, 1)

    first = count_queries(client, page_url)
    grow_team(cast, 5)
    assert count_queries(client, page_url) == first


def test_a_role_change_names_the_new_role_on_its_own_and_keeps_the_approval_record(client, team):
    client.force_login(team.staff)
    decision = (team.member.decided_at, team.member.decided_by)

    response = client.post(url("team_role", team, pk=team.member.pk), {"role": "admin"})

    team.member.refresh_from_db()
    assert (team.member.role, team.member.role_changed_by) == ("admin", team.staff)
    assert (team.member.decided_at, team.member.decided_by) == decision
    assert len(flashed(response)) == 1
    assert flashed(response)[0].endswith(str(Membership.Role.ADMIN.label))


def test_programme_staff_who_may_read_memberships_see_the_team_but_cannot_manage_it(client, cast):
    reader = programme_staff("municipalities.view_membership")
    client.force_login(reader)

    page = client.get(reverse("municipalities:team", args=[cast.municipality.number]))

    assert page.status_code == 200
    assert "Stine Stab" in page.text
    assert not permissions.can_manage_team(reader, cast.municipality)
