"""Team access services: join requests, decisions, invitations, removal and roles."""

import datetime
from types import SimpleNamespace
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone, translation

from gnist.models import OutgoingEmail
from municipalities import services
from municipalities.models import Invitation, Membership
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory, programme_staff


def verified(user, email: str | None = None):
    EmailAddress.objects.create(user=user, email=email or user.email, verified=True, primary=email is None)
    return user


def outbox() -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in mail.outbox]


# --- request_membership ---------------------------------------------------------------------------------


def test_request_membership_creates_a_pending_request_and_tells_the_admins(
    cast, django_capture_on_commit_callbacks
):
    MembershipFactory(
        user=UserFactory(email="second-admin@example.no"), municipality=cast.municipality, role="admin"
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.request_membership(cast.municipality, actor=cast.participant)

    assert (membership.status, membership.role, membership.decided_by) == ("pending", "editor", None)
    assert outbox() == [
        (["second-admin@example.no"], "Forespørsel om å bli med i teamet til Castrup"),
        (["staff@example.no"], "Forespørsel om å bli med i teamet til Castrup"),
    ]
    assert (
        "Dina Deltaker (participant@example.no) ber om å bli med i teamet til Castrup i Gnist."
        in mail.outbox[0].body
    )


def test_request_membership_email_shows_the_name_without_links(cast, django_capture_on_commit_callbacks):
    cast.participant.name = "Dina https://spam.example/vinn Deltaker www.spam.no"
    cast.participant.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.request_membership(cast.municipality, actor=cast.participant)

    (message,) = mail.outbox
    assert message.to == ["staff@example.no"]
    assert (
        "Dina Deltaker (participant@example.no) ber om å bli med i teamet til Castrup i Gnist."
        in message.body
    )
    assert "spam" not in message.body
    assert "spam" not in message.alternatives[0].content


def test_request_membership_twice_is_one_request_and_one_email(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_membership(cast.municipality, actor=cast.participant)
        second = services.request_membership(cast.municipality, actor=cast.participant)

    assert second == first
    assert Membership.objects.filter(user=cast.participant).count() == 1
    assert outbox() == [(["staff@example.no"], "Forespørsel om å bli med i teamet til Castrup")]


def test_request_membership_refuses_a_member(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.TeamError) as error:
        services.request_membership(cast.municipality, actor=cast.staff)

    assert str(error.value) == "Du er allerede med i teamet til Castrup."
    assert mail.outbox == []


def test_request_for_a_team_without_admin_goes_to_programme_admins(cast, django_capture_on_commit_callbacks):
    empty = MunicipalityFactory(name="Tomby")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_membership(empty, actor=cast.participant)

    assert outbox() == [(["programme-admin@example.no"], "Forespørsel om å bli med i teamet til Tomby")]


def test_declined_person_may_ask_again(cast, django_capture_on_commit_callbacks):
    membership = MembershipFactory(
        user=cast.participant, municipality=cast.municipality, status="declined", decided_by=cast.staff
    )

    with django_capture_on_commit_callbacks(execute=True):
        again = services.request_membership(cast.municipality, actor=cast.participant)

    assert (again.pk, again.status, again.decided_by, again.decided_at) == (
        membership.pk,
        "pending",
        None,
        None,
    )
    assert outbox() == [(["staff@example.no"], "Forespørsel om å bli med i teamet til Castrup")]


# --- decide_membership ----------------------------------------------------------------------------------


def test_admin_approves_a_request_and_the_person_is_told(cast, django_capture_on_commit_callbacks):
    membership = MembershipFactory(user=cast.participant, municipality=cast.municipality, status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_membership(membership, actor=cast.staff, approve=True)

    membership.refresh_from_db()
    assert (membership.status, membership.role, membership.decided_by) == ("approved", "editor", cast.staff)
    assert membership.decided_at is not None
    assert outbox() == [(["participant@example.no"], "Du er med i teamet til Castrup")]


def test_admin_declines_a_request_and_the_person_is_told(cast, django_capture_on_commit_callbacks):
    membership = MembershipFactory(user=cast.participant, municipality=cast.municipality, status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_membership(membership, actor=cast.staff, approve=False)

    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == ("declined", cast.staff)
    assert outbox() == [(["participant@example.no"], "Forespørselen din om å bli med i teamet til Castrup")]


def test_first_member_is_approved_by_a_programme_admin_only_and_becomes_admin(
    cast, django_capture_on_commit_callbacks
):
    empty = MunicipalityFactory(name="Tomby")
    membership = MembershipFactory(user=cast.participant, municipality=empty, status="pending")

    for user in [cast.staff, cast.other_staff, cast.participant, cast.supplier]:
        with pytest.raises(services.TeamPermissionDenied):
            services.decide_membership(membership, actor=user, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_membership(membership, actor=cast.programme_admin, approve=True)

    membership.refresh_from_db()
    assert (membership.status, membership.role, membership.decided_by) == (
        "approved",
        "admin",
        cast.programme_admin,
    )
    assert outbox() == [(["participant@example.no"], "Du er med i teamet til Tomby")]


def test_staff_without_django_permission_is_not_a_programme_admin(cast):
    clerk = UserFactory(is_staff=True)
    membership = MembershipFactory(municipality=MunicipalityFactory(), status="pending")

    with pytest.raises(services.TeamPermissionDenied):
        services.decide_membership(membership, actor=clerk, approve=True)


def test_a_refusal_names_who_may_do_it_the_teams_administrators_and_the_programme(cast):
    membership = MembershipFactory(user=cast.participant, municipality=cast.municipality, status="pending")

    with pytest.raises(services.TeamPermissionDenied) as refused:
        services.decide_membership(membership, actor=cast.other_staff, approve=True)

    assert str(refused.value) == (
        f"Bare administratorene i teamet til {cast.municipality.name}, og programmet, avgjør forespørsler "
        "om å bli med i teamet."
    )


def test_admin_of_another_municipality_cannot_decide(cast):
    membership = MembershipFactory(user=cast.participant, municipality=cast.municipality, status="pending")

    with pytest.raises(services.TeamPermissionDenied):
        services.decide_membership(membership, actor=cast.other_staff, approve=True)

    membership.refresh_from_db()
    assert membership.status == "pending"


def test_second_of_two_concurrent_decisions_is_refused_kindly(cast, django_capture_on_commit_callbacks):
    colleague = UserFactory(name="Kari Kollega")
    MembershipFactory(user=colleague, municipality=cast.municipality, role="admin")
    membership = MembershipFactory(user=cast.participant, municipality=cast.municipality, status="pending")
    # Both admins loaded the page while the request was pending.
    seen_by_staff = Membership.objects.get(pk=membership.pk)
    seen_by_colleague = Membership.objects.get(pk=membership.pk)

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_membership(seen_by_colleague, actor=colleague, approve=True)
        with pytest.raises(services.AlreadyDecided) as error:
            services.decide_membership(seen_by_staff, actor=cast.staff, approve=False)

    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == ("approved", colleague)
    assert (
        str(error.value)
        == "Kari Kollega hadde allerede godkjent forespørselen fra Dina Deltaker. Ingenting ble endret."
    )
    assert outbox() == [(["participant@example.no"], "Du er med i teamet til Castrup")]


# --- invitations ----------------------------------------------------------------------------------------


def invite(cast, email="ny@example.no", role="editor") -> str:
    return services.invite_colleague(cast.municipality, actor=cast.staff, email=email, role=role)


def test_invitation_is_emailed_with_a_link_that_works_seven_days(
    cast, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        token = invite(cast, email="Ny@Example.no")

    assert outbox() == [(["ny@example.no"], "Du er invitert til teamet til Castrup i Gnist")]
    assert f"{settings.SITE_URL}/kommuner/invitasjon/{token}/\n" in mail.outbox[0].body
    # The role label stands alone, so no language has to lowercase it into a sentence.
    assert (
        "Stine Stab inviterer deg til teamet til Castrup i Gnist.\nRolle: Redaktør\n" in mail.outbox[0].body
    )
    assert "Lenken virker i 7 dager." in mail.outbox[0].body
    invitation = services.read_invitation(token)
    assert (
        invitation.municipality,
        invitation.email,
        invitation.role,
        invitation.invited_by,
    ) == (
        cast.municipality,
        "ny@example.no",
        "editor",
        cast.staff,
    )


def test_invitation_email_shows_the_inviter_without_links(cast, django_capture_on_commit_callbacks):
    cast.staff.name = "Stine spam.example/vinn Stab"
    cast.staff.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_colleague(cast.municipality, actor=cast.staff, email="ny@example.no", role="editor")

    (message,) = mail.outbox
    assert message.to == ["ny@example.no"]
    assert "Stine Stab inviterer deg" in message.body
    assert "spam" not in message.body + message.alternatives[0].content


def test_only_admins_invite(cast):
    editor = MembershipFactory(municipality=cast.municipality, role="editor").user

    for user in [editor, cast.other_staff, cast.supplier]:
        with pytest.raises(services.TeamPermissionDenied):
            services.invite_colleague(cast.municipality, actor=user, email="x@example.no", role="editor")
    assert mail.outbox == []


def test_inviting_a_member_is_refused(cast):
    with pytest.raises(services.TeamError) as error:
        invite(cast, email="STAFF@example.no")

    assert str(error.value) == "staff@example.no er allerede med i teamet."


def test_invitation_accepted_with_the_invited_verified_address(cast, django_capture_on_commit_callbacks):
    token = invite(cast, role="admin")
    newcomer = verified(UserFactory(email="ny@example.no"))

    membership = services.accept_invitation(token, actor=newcomer)

    membership.refresh_from_db()
    assert (membership.municipality, membership.status, membership.role, membership.decided_by) == (
        cast.municipality,
        "approved",
        "admin",
        cast.staff,
    )


def test_invitation_accepted_with_a_secondary_verified_address(cast):
    token = invite(cast)
    newcomer = verified(UserFactory(email="privat@example.no"))
    verified(newcomer, "ny@example.no")

    membership = services.accept_invitation(token, actor=newcomer)

    assert (membership.user, membership.status) == (newcomer, "approved")


def test_invitation_approves_a_waiting_request(cast):
    newcomer = verified(UserFactory(email="ny@example.no"))
    waiting = MembershipFactory(user=newcomer, municipality=cast.municipality, status="pending")
    token = invite(cast)

    services.accept_invitation(token, actor=newcomer)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by) == ("approved", cast.staff)


def test_invitation_refused_for_another_address(cast):
    token = invite(cast)

    with pytest.raises(services.InvitationInvalid) as error:
        services.accept_invitation(token, actor=verified(cast.participant))

    assert str(error.value) == (
        "Invitasjonen ble sendt til ny@example.no, men du er logget inn med en annen adresse."
        " Logg inn med ny@example.no, eller legg den til og bekreft den under e-postadressene dine."
        " Åpne deretter lenken på nytt."
    )
    assert not Membership.objects.filter(user=cast.participant).exists()


def test_invitation_refused_for_an_unverified_address(cast):
    token = invite(cast)
    newcomer = UserFactory(email="ny@example.no")
    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=False, primary=True)

    with pytest.raises(services.InvitationInvalid):
        services.accept_invitation(token, actor=newcomer)

    assert not Membership.objects.filter(user=newcomer).exists()


def test_expired_invitation_is_refused(cast):
    eight_days_ago = SimpleNamespace(time=lambda: 1_700_000_000.0)
    with mock.patch("django.core.signing.time", eight_days_ago):
        token = invite(cast)
    newcomer = verified(UserFactory(email="ny@example.no"))

    with (
        mock.patch("django.core.signing.time", SimpleNamespace(time=lambda: 1_700_000_000.0 + 7 * 86400 + 1)),
        pytest.raises(services.InvitationInvalid) as error,
    ):
        services.accept_invitation(token, actor=newcomer)
    with mock.patch(
        "django.core.signing.time", SimpleNamespace(time=lambda: 1_700_000_000.0 + 7 * 86400 - 1)
    ):
        services.read_invitation(token)  # still valid a second before

    assert str(error.value) == (
        "Invitasjonen har gått ut: lenkene gjelder i 7 dager."
        " Be personen som inviterte deg, om å sende en ny."
    )
    assert not Membership.objects.filter(user=newcomer).exists()


def test_forged_invitation_is_refused(cast):
    token = invite(cast)
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    newcomer = verified(UserFactory(email="ny@example.no"))

    for bad in [forged, "not-a-token", services.invitation_token.__name__]:
        with pytest.raises(services.InvitationInvalid) as error:
            services.accept_invitation(bad, actor=newcomer)
        assert (
            str(error.value)
            == "Invitasjonslenken er ikke gyldig. Sjekk at du åpnet hele lenken fra e-posten."
        )
    assert not Membership.objects.filter(user=newcomer).exists()


def test_used_invitation_is_refused(cast):
    token = invite(cast)
    newcomer = verified(UserFactory(email="ny@example.no"))
    services.accept_invitation(token, actor=newcomer)

    with pytest.raises(services.InvitationInvalid) as error:
        services.accept_invitation(token, actor=newcomer)

    assert str(error.value) == "Invitasjonen er allerede brukt. Du er med i teamet til Castrup."


def test_invitation_does_not_outlive_a_later_removal(cast):
    token = invite(cast)
    newcomer = verified(UserFactory(email="ny@example.no"))
    membership = services.accept_invitation(token, actor=newcomer)
    services.remove_member(membership, actor=cast.staff)

    with pytest.raises(services.InvitationInvalid) as error:
        services.accept_invitation(token, actor=newcomer)

    membership.refresh_from_db()
    assert membership.status == "removed"
    assert str(error.value) == "Invitasjonen er ikke lenger gyldig. Be om en ny."


def test_invitation_does_not_outlive_a_later_removal_after_asking_again(cast):
    token = invite(cast)
    newcomer = verified(UserFactory(email="ny@example.no"))
    membership = services.accept_invitation(token, actor=newcomer)
    services.remove_member(membership, actor=cast.staff)
    services.request_membership(cast.municipality, actor=newcomer)

    with pytest.raises(services.InvitationInvalid):
        services.accept_invitation(token, actor=newcomer)

    membership.refresh_from_db()
    assert (membership.status, membership.removed_by) == ("pending", cast.staff)


def test_removed_person_may_ask_again_and_a_new_invitation_works(cast):
    newcomer = verified(UserFactory(email="ny@example.no"))
    membership = services.accept_invitation(invite(cast), actor=newcomer)
    services.remove_member(membership, actor=cast.staff)

    services.accept_invitation(invite(cast), actor=newcomer)

    membership.refresh_from_db()
    assert (membership.status, membership.removed_by) == ("approved", cast.staff)


def test_invitation_from_an_admin_who_left_is_refused(cast):
    token = invite(cast)
    MembershipFactory(municipality=cast.municipality, role="admin")
    services.remove_member(cast.staff.memberships.get(), actor=cast.staff)

    with pytest.raises(services.InvitationInvalid):
        services.accept_invitation(token, actor=verified(UserFactory(email="ny@example.no")))


def test_invitation_is_recorded_pending_until_used(cast):
    token = invite(cast, role="admin")
    invitation = Invitation.objects.get()

    assert list(cast.municipality.invitations.pending()) == [invitation]
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "ny@example.no",
        "admin",
        cast.staff,
    )
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)

    services.accept_invitation(token, actor=verified(UserFactory(email="ny@example.no")))

    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert list(cast.municipality.invitations.pending()) == []


def test_withdrawn_invitation_is_refused_with_a_clear_message(cast):
    token = invite(cast)
    invitation = Invitation.objects.get()

    services.withdraw_invitation(invitation, actor=cast.staff)

    assert (invitation.withdrawn_by, list(cast.municipality.invitations.pending())) == (cast.staff, [])
    with translation.override("en"), pytest.raises(services.InvitationInvalid) as error:
        services.accept_invitation(token, actor=verified(UserFactory(email="ny@example.no")))
    assert str(error.value) == (
        "This invitation has been withdrawn by Castrup's team. Ask them for a new one if you need it."
    )
    assert not Membership.objects.filter(user__email="ny@example.no").exists()


def test_withdrawing_twice_or_after_use_changes_nothing_and_says_so(cast):
    token = invite(cast)
    invitation = Invitation.objects.get()
    services.accept_invitation(token, actor=verified(UserFactory(email="ny@example.no")))

    with translation.override("en"), pytest.raises(services.AlreadyDecided) as error:
        services.withdraw_invitation(invitation, actor=cast.staff)

    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None
    assert (
        str(error.value) == "The invitation to ny@example.no has already been accepted. Nothing was changed."
    )


def test_only_the_team_s_admins_and_programme_admins_withdraw(cast):
    invite(cast)
    invitation = Invitation.objects.get()
    editor = MembershipFactory(municipality=cast.municipality, role="editor").user

    for user in [editor, cast.other_staff, cast.supplier]:
        with pytest.raises(services.TeamPermissionDenied):
            services.withdraw_invitation(invitation, actor=user)
    services.withdraw_invitation(invitation, actor=cast.programme_admin)

    assert invitation.withdrawn_by == cast.programme_admin


def test_invitation_expired_in_the_table_is_refused(cast):
    token = invite(cast)
    Invitation.objects.update(expires_at=timezone.now())

    with translation.override("en"), pytest.raises(services.InvitationInvalid) as error:
        services.read_invitation(token)

    assert str(error.value).startswith("This invitation has expired")


def test_invitations_a_person_sent_are_exported_and_deleted_with_the_account(cast):
    from accounts.personal_data import delete_account
    from gnist.personal_data import export_for

    invite(cast, email="ny@example.no")
    services.invite_colleague(
        cast.other_municipality, actor=cast.other_staff, email="staff@example.no", role="admin"
    )
    services.invite_colleague(
        cast.other_municipality, actor=cast.other_staff, email="someone@example.no", role="editor"
    )
    invitation = Invitation.objects.get(email="ny@example.no")

    assert export_for(cast.staff)["invitations"] == [
        {
            "municipality": "Castrup",
            "email": "ny@example.no",
            "role": "editor",
            "created_at": invitation.created_at.isoformat(),
            "expires_at": invitation.expires_at.isoformat(),
            "accepted_at": None,
            "withdrawn_at": None,
        }
    ]

    MembershipFactory(municipality=cast.municipality, role="admin")  # so the last admin may leave
    delete_account(cast.staff)

    # Those it sent and the one sent to its address are gone; nobody else's.
    assert list(Invitation.objects.values_list("email", flat=True)) == ["someone@example.no"]


# --- removal and roles ----------------------------------------------------------------------------------


def test_admin_removes_a_colleague_who_is_told(cast, django_capture_on_commit_callbacks):
    membership = MembershipFactory(user=cast.participant, municipality=cast.municipality)

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_member(membership, actor=cast.staff)

    membership.refresh_from_db()
    assert (membership.status, membership.removed_by, membership.decided_by) == ("removed", cast.staff, None)
    assert membership.removed_at is not None
    assert membership.get_status_display() == "Fjernet"
    assert outbox() == [(["participant@example.no"], "Du er ikke lenger med i teamet til Castrup")]
    assert "Stine Stab har fjernet deg fra teamet til Castrup i Gnist." in mail.outbox[0].body


def test_last_admin_cannot_be_removed_or_leave(cast):
    membership = cast.staff.memberships.get()

    for actor in [cast.staff, cast.programme_admin]:
        with pytest.raises(services.TeamError) as error:
            services.remove_member(membership, actor=actor)
        assert (
            str(error.value)
            == "Stine Stab er den eneste administratoren i teamet. Gjør en annen til administrator først."
        )
    membership.refresh_from_db()
    assert membership.status == "approved"


def test_a_member_may_leave_without_an_email(cast, django_capture_on_commit_callbacks):
    membership = MembershipFactory(user=cast.participant, municipality=cast.municipality)

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_member(membership, actor=cast.participant)

    membership.refresh_from_db()
    assert (membership.status, membership.removed_by) == ("removed", cast.participant)
    assert mail.outbox == []


def test_editor_cannot_remove_a_colleague(cast):
    editor = MembershipFactory(municipality=cast.municipality).user
    colleague = MembershipFactory(municipality=cast.municipality)

    with pytest.raises(services.TeamPermissionDenied):
        services.remove_member(colleague, actor=editor)


def test_an_admin_may_leave_when_another_admin_remains(cast):
    MembershipFactory(municipality=cast.municipality, role="admin")
    membership = cast.staff.memberships.get()

    services.remove_member(membership, actor=cast.staff)

    membership.refresh_from_db()
    assert membership.status == "removed"


def test_change_role_promotes_and_demotes_but_keeps_one_admin(cast):
    editor = MembershipFactory(
        user=cast.participant, municipality=cast.municipality, decided_by=cast.programme_admin
    )
    own = cast.staff.memberships.get()
    own_decision = (own.decided_at, own.decided_by)

    with pytest.raises(services.TeamError):
        services.change_role(own, actor=cast.staff, role="editor")
    services.change_role(editor, actor=cast.staff, role="admin")
    services.change_role(own, actor=cast.participant, role="editor")

    editor.refresh_from_db()
    own.refresh_from_db()
    assert (editor.role, editor.role_changed_by, own.role, own.role_changed_by) == (
        "admin",
        cast.staff,
        "editor",
        cast.participant,
    )
    # The approval record stays as it was.
    assert (editor.decided_by, (own.decided_at, own.decided_by)) == (cast.programme_admin, own_decision)
    assert editor.role_changed_at is not None


def test_change_role_to_the_same_role_does_nothing(cast):
    own = cast.staff.memberships.get()
    decided_at = own.decided_at

    services.change_role(own, actor=cast.staff, role="admin")

    own.refresh_from_db()
    assert (own.role, own.decided_at) == ("admin", decided_at)


def test_editor_cannot_change_roles(cast):
    editor = MembershipFactory(municipality=cast.municipality)

    with pytest.raises(services.TeamPermissionDenied):
        services.change_role(editor, actor=editor.user, role="admin")


# --- Django admin's actions -----------------------------------------------------------------------------


def test_decide_memberships_decides_each_and_reports_those_decided_meanwhile(
    cast, django_capture_on_commit_callbacks
):
    first = MembershipFactory(
        user=cast.participant, municipality=MunicipalityFactory(name="Tomby"), status="pending"
    )
    decided = MembershipFactory(
        user=cast.supplier, municipality=cast.municipality, status="declined", decided_by=cast.staff
    )
    waiting = MembershipFactory(user=cast.juror, municipality=cast.municipality, status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        count, refused = services.decide_memberships(
            Membership.objects.filter(pk__in=[first.pk, decided.pk, waiting.pk]).order_by("pk"),
            actor=cast.programme_admin,
            approve=True,
        )

    assert (count, refused) == (
        2,
        ["Stine Stab hadde allerede avslått forespørselen fra Siri Leverandør. Ingenting ble endret."],
    )
    assert sorted(
        Membership.objects.filter(decided_by=cast.programme_admin).values_list("status", "role")
    ) == [
        ("approved", "admin"),
        ("approved", "editor"),
    ]
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("juror@example.no", "Du er med i teamet til Castrup"),
        ("participant@example.no", "Du er med i teamet til Tomby"),
    ]


# --- the invitation e-mail ----------------------------------------------------------------------------------


def test_team_invitation_email_is_sensitive(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_colleague(cast.municipality, actor=cast.staff, email="ny@example.no", role="editor")

    email = OutgoingEmail.objects.get(template="team-invitation")
    assert (email.to, email.sensitive) == ("ny@example.no", True)
    assert [message.to for message in mail.outbox] == [["ny@example.no"]]


def test_first_request_is_mailed_only_to_programme_admins_who_can_decide_it(
    cast, django_capture_on_commit_callbacks
):
    programme_staff("municipalities.change_membership", email="no-mfa@example.no", mfa=False)
    programme_staff("municipalities.change_membership", email="with-mfa@example.no")
    empty = MunicipalityFactory(name="Tomby")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_membership(empty, actor=cast.participant)

    assert sorted(recipient for message in mail.outbox for recipient in message.to) == [
        "programme-admin@example.no",
        "with-mfa@example.no",
    ]
