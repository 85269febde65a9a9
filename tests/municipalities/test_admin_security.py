"""Django admin cannot bypass the services: memberships change only through the actions, every action needs
the right model permission, and an assessor's score can be changed or deleted only by that assessor."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from municipalities.models import Assessment, CriterionAnswer, Membership, Phase, Round
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MembershipFactory,
    PhaseFactory,
    RoundFactory,
    UserFactory,
)
from tests.helpers import as_role

MEMBERSHIPS = "/admin/municipalities/membership/"
ROUNDS = "/admin/municipalities/round/"
APPLICATIONS = "/admin/municipalities/application/"


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings):
    settings.GNIST_REQUIRE_STAFF_MFA = False


@pytest.fixture
def pending(cast):
    return MembershipFactory(
        user=cast.participant,
        municipality=cast.municipality,
        role=Membership.Role.EDITOR,
        status=Membership.Status.PENDING,
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _staff_with(*codenames: str):
    user = UserFactory(email="viewer@example.no", name="Vera Viser", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


# --- memberships --------------------------------------------------------------------------------------------


def test_membership_change_form_post_changes_nothing(
    client, cast, pending, django_capture_on_commit_callbacks
):
    client.force_login(cast.programme_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{MEMBERSHIPS}{pending.pk}/change/",
            {
                "user": cast.supplier.pk,
                "municipality": cast.other_municipality.pk,
                "role": Membership.Role.ADMIN,
                "status": Membership.Status.APPROVED,
                "created_at_0": "2020-01-01",
                "created_at_1": "12:00:00",
            },
        )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.user, pending.municipality, pending.role, pending.status, pending.decided_by) == (
        cast.participant,
        cast.municipality,
        Membership.Role.EDITOR,
        Membership.Status.PENDING,
        None,
    )
    assert mail.outbox == []


def test_membership_change_form_shows_every_field_read_only(client, cast, pending):
    client.force_login(cast.programme_admin)

    response = client.get(f"{MEMBERSHIPS}{pending.pk}/change/")

    assert list(response.context["adminform"].form.fields) == []


def test_membership_add_page_is_forbidden(client, cast):
    client.force_login(cast.programme_admin)

    assert client.get(f"{MEMBERSHIPS}add/").status_code == 403
    response = client.post(
        f"{MEMBERSHIPS}add/",
        {
            "user": cast.supplier.pk,
            "municipality": cast.municipality.pk,
            "role": "admin",
            "status": "approved",
        },
    )
    assert response.status_code == 403
    assert Membership.objects.filter(user=cast.supplier).exists() is False


def test_membership_approve_action_still_decides_through_the_service(
    client, cast, pending, django_capture_on_commit_callbacks
):
    client.force_login(cast.programme_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(MEMBERSHIPS, {"action": "approve_requests", "_selected_action": [pending.pk]})

    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (Membership.Status.APPROVED, cast.programme_admin)
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["participant@example.no"], "Du er med i teamet til Castrup")
    ]


def test_membership_approve_action_is_refused_with_only_view_permission(client, cast, pending):
    client.force_login(_staff_with("view_membership"))

    response = client.post(MEMBERSHIPS, {"action": "approve_requests", "_selected_action": [pending.pk]})

    assert response.context["action_form"] is None  # no action offered; the post only shows the list
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (Membership.Status.PENDING, None)


# --- action permissions -------------------------------------------------------------------------------------


@pytest.fixture
def round_(db):
    round_ = RoundFactory(number=901, title="Sikkerhetsrunde")
    PhaseFactory(round=round_, order=1, kind=Phase.Kind.APPLICATIONS, opens_applications=True)
    CriterionFactory(round=round_, order=1, name="Endringsvilje")
    return round_


def test_copy_setup_is_refused_with_only_view_permission(client, round_):
    client.force_login(_staff_with("view_round"))

    response = client.post(ROUNDS, {"action": "copy_setup", "_selected_action": [round_.pk]})

    assert response.context["action_form"] is None  # no action offered; the post only shows the list
    assert _messages(response) == []
    assert list(Round.objects.values_list("number", flat=True)) == [901]


def test_copy_setup_runs_with_add_permission(client, round_):
    client.force_login(_staff_with("view_round", "add_round"))

    response = client.post(ROUNDS, {"action": "copy_setup", "_selected_action": [round_.pk]})

    assert _messages(response) == ["Runde 902 er et utkast kopiert fra runde 901."]
    assert sorted(Round.objects.values_list("number", flat=True)) == [901, 902]


def test_application_actions_need_change_permission_except_the_export(client, round_):
    application = ApplicationFactory(round=round_)
    client.force_login(_staff_with("view_application"))

    listing = client.get(APPLICATIONS)

    assert list(dict(listing.context["action_form"].fields["action"].choices)) == ["", "export_csv"]
    response = client.post(APPLICATIONS, {"action": "select_gnist", "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert (_messages(response), application.staged_decision) == (["Ingen handling valgt."], "")


def test_application_change_page_with_only_view_permission_shows_the_application_and_its_parts(
    client, round_
):
    application = ApplicationFactory(round=round_, question="Hvordan kan skolen bli bedre?")
    CriterionAnswer.objects.create(
        application=application, criterion=round_.criteria.get(), text="Vi vil endre"
    )
    client.force_login(_staff_with("view_application"))

    response = client.get(f"{APPLICATIONS}{application.pk}/change/")

    assert [f.formset.model.__name__ for f in response.context["inline_admin_formsets"]] == [
        "CriterionAnswer",
        "CoApplicant",
        "ApplicationAttachment",
        "SelectionLogEntry",
    ]
    assert ("Hvordan kan skolen bli bedre?" in response.text, "Vi vil endre" in response.text) == (True, True)


def test_application_admin_is_closed_with_only_change_membership(client, round_):
    application = ApplicationFactory(round=round_)
    client.force_login(_staff_with("change_membership"))

    assert [
        client.get(url).status_code for url in [APPLICATIONS, f"{APPLICATIONS}{application.pk}/change/"]
    ] == [
        403,
        403,
    ]


# --- assessments --------------------------------------------------------------------------------------------


@pytest.fixture
def scored(cast, round_):
    """An application the programme admin has scored 4 for its one criterion."""
    application = ApplicationFactory(round=round_, municipality=cast.municipality)
    assessment = Assessment.objects.create(
        application=application,
        criterion=round_.criteria.get(),
        assessor=cast.programme_admin,
        score=4,
        note="Sterk forankring",
    )
    return assessment


@pytest.fixture
def other_admin(db):
    return UserFactory(email="other-admin@example.no", name="Otto Program", is_staff=True, is_superuser=True)


def _change_form_data(response) -> dict:
    """The change page's inline formsets as the browser would post them back, unchanged."""
    data = {"_save": "Lagre"}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {management.add_prefix(name): management[name].value() for name in management.fields}
        for form in formset.initial_forms:
            for name in form.fields:
                value = form[name].value()
                if value not in (None, False):
                    data[form.add_prefix(name)] = value
    return data


def _post_assessment(client, assessment, row: int = 0, **changes):
    """Post the application's change page back with `changes` to assessment form `row`."""
    url = f"{APPLICATIONS}{assessment.application_id}/change/"
    data = _change_form_data(client.get(url))
    data |= {f"assessments-{row}-{name}": value for name, value in changes.items()}
    return client.post(url, data)


def test_assessment_of_another_assessor_cannot_be_changed(client, other_admin, scored):
    client.force_login(other_admin)

    response = _post_assessment(client, scored, score="1", note="Svak")

    assert response.status_code == 302  # the post was accepted; the other assessor's row was left alone
    scored.refresh_from_db()
    assert (scored.score, scored.note, scored.assessor.email) == (
        4,
        "Sterk forankring",
        "programme-admin@example.no",
    )


def test_assessment_of_another_assessor_cannot_be_deleted(client, other_admin, scored):
    client.force_login(other_admin)

    response = _post_assessment(client, scored, DELETE="on")

    assert response.status_code == 302
    assert list(Assessment.objects.values_list("pk", "score")) == [(scored.pk, 4)]


def test_assessment_of_another_assessor_is_shown_disabled(client, other_admin, scored):
    client.force_login(other_admin)

    response = client.get(f"{APPLICATIONS}{scored.application_id}/change/")

    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Assessment
    )
    form = formset.initial_forms[0]
    assert {name for name, field in form.fields.items() if field.disabled} == {
        "criterion",
        "score",
        "note",
        "DELETE",
    }


def test_assessor_can_change_and_delete_own_assessment(client, cast, scored):
    client.force_login(cast.programme_admin)

    _post_assessment(client, scored, score="2", note="Svakere enn trodd")
    scored.refresh_from_db()
    assert (scored.score, scored.note) == (2, "Svakere enn trodd")

    _post_assessment(client, scored, DELETE="on")
    assert Assessment.objects.count() == 0


def test_new_assessment_is_saved_as_the_admin_who_saves_it(client, other_admin, scored):
    client.force_login(other_admin)

    response = _post_assessment(client, scored, row=1, criterion=scored.criterion_id, score="3")

    assert response.status_code == 302
    assert sorted(Assessment.objects.values_list("assessor__email", "score")) == [
        ("other-admin@example.no", 3),
        ("programme-admin@example.no", 4),
    ]


def test_memberships_cannot_be_deleted_in_the_admin(client, cast):
    membership = cast.staff.memberships.get()
    client.force_login(cast.programme_admin)

    response = client.post(
        reverse("admin:municipalities_membership_delete", args=[membership.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert cast.staff.memberships.filter(pk=membership.pk).exists()


def test_a_second_score_for_the_same_criterion_is_a_form_error(client, cast, scored):
    client.force_login(cast.programme_admin)

    response = _post_assessment(client, scored, row=1, criterion=scored.criterion_id, score="3")

    assert response.status_code == 200
    assert "Du har allerede vurdert dette kriteriet. Endre den vurderingen i stedet." in response.text
    assert list(Assessment.objects.values_list("assessor__email", "score")) == [
        ("programme-admin@example.no", 4)
    ]


# --- the membership actions' messages -----------------------------------------------------------------------


MEMBERSHIP_ADMIN = "/admin/municipalities/membership/"


@pytest.fixture
def admin_client(client, cast):
    as_role(client, "programme_admin")
    return client


def _action(client, action: str, memberships) -> list[tuple[str, str]]:
    response = client.post(
        MEMBERSHIP_ADMIN, {"action": action, "_selected_action": [m.pk for m in memberships]}, follow=True
    )
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def _requests(cast, count: int) -> list[Membership]:
    return [
        MembershipFactory(
            user=UserFactory(name=f"Søker {n}", email=f"soker{n}@example.no"),
            municipality=cast.municipality,
            status=Membership.Status.PENDING,
        )
        for n in range(count)
    ]


def test_admin_approves_selected_requests_and_warns_about_each_refusal(
    admin_client, cast, django_capture_on_commit_callbacks
):
    waiting, other = _requests(cast, 2)
    declined = MembershipFactory(
        user=UserFactory(name="Avslått Person"),
        municipality=cast.municipality,
        status=Membership.Status.DECLINED,
        decided_by=cast.staff,
    )

    with django_capture_on_commit_callbacks(execute=True):
        flashed = _action(admin_client, "approve_requests", [waiting, other, declined])

    # The refusal is the service's own message (in the admin's language), one warning per refused request.
    assert [(level, "Avslått Person" in text) for level, text in flashed] == [
        ("warning", True),
        ("success", False),
    ]
    assert flashed[1] == ("success", "2 forespørsler er godkjent.")
    assert (
        list(Membership.objects.filter(pk__in=[waiting.pk, other.pk]).values_list("status", "decided_by"))
        == [("approved", cast.programme_admin.pk)] * 2
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["soker0@example.no", "soker1@example.no"]


def test_admin_declines_one_selected_request(admin_client, cast, django_capture_on_commit_callbacks):
    (waiting,) = _requests(cast, 1)

    with django_capture_on_commit_callbacks(execute=True):
        flashed = _action(admin_client, "decline_requests", [waiting])

    waiting.refresh_from_db()
    assert flashed == [("success", "1 forespørsel er avslått.")]
    assert (waiting.status, waiting.decided_by) == ("declined", cast.programme_admin)
    assert [m.to for m in mail.outbox] == [["soker0@example.no"]]


def test_removed_member_is_shown_as_removed_in_the_admin_list(admin_client, cast):
    MembershipFactory(
        user=UserFactory(name="Tidligere Medlem"),
        municipality=cast.municipality,
        status=Membership.Status.REMOVED,
    )

    response = admin_client.get(MEMBERSHIP_ADMIN + "?status__exact=removed")

    assert response.context["cl"].result_count == 1
    assert '<td class="field-status">Fjernet</td>' in response.text
