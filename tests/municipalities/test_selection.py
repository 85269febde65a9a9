"""Programme admins select in Django admin: staged decisions stay private, announcing is all-or-nothing and
e-mails each applicant once, and the CSV export action downloads the export."""

import datetime
import io
import os
import time

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from gnist.models import OutgoingEmail
from municipalities import emails, exports, services
from municipalities.models import (
    OSLO,
    Application,
    Assessment,
    Membership,
    Participant,
    Phase,
    SelectionLogEntry,
)
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MembershipFactory,
    PhaseFactory,
    RoundFactory,
)
from tests.gnist import test_worker
from tests.helpers import as_role, count_queries, wait_for

ADMIN_LIST = "/admin/municipalities/application/"


@pytest.fixture
def admin_client(client, cast, settings):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    client.force_login(cast.programme_admin)
    return client


@pytest.fixture
def round_(db):
    round_ = RoundFactory(number=901, title="Utvalgsrunde")
    PhaseFactory(round=round_, order=1, kind=Phase.Kind.APPLICATIONS, opens_applications=True)
    PhaseFactory(round=round_, order=2, kind=Phase.Kind.REVISION)
    CriterionFactory(round=round_, order=1, name="Endringsvilje")
    return round_


@pytest.fixture
def applications(cast, round_):
    """Three submitted applications: the cast's two municipalities and one more."""
    return [
        ApplicationFactory(round=round_, municipality=cast.municipality, submitted_by=cast.staff),
        ApplicationFactory(round=round_, municipality=cast.other_municipality, submitted_by=cast.other_staff),
        ApplicationFactory(
            round=round_,
            created_by=cast.participant,
            municipality=MembershipFactory(user=cast.participant).municipality,
        ),
    ]


def _stage_all(cast, applications):
    lead, follower, rejected = applications
    services.stage_decision(lead, actor=cast.programme_admin, decision=Application.Decision.SELECT)
    services.stage_decision(
        follower,
        actor=cast.programme_admin,
        decision=Application.Decision.FOLLOW,
        follows_application=lead,
        reason="Samme utfordring med bolig.",
    )
    services.stage_decision(
        rejected, actor=cast.programme_admin, decision=Application.Decision.REJECT, reason="Svak"
    )


def test_staged_decisions_are_invisible_to_applicants_and_the_public(client, cast, applications):
    _stage_all(cast, applications)
    lead = applications[0]

    client.force_login(cast.staff)
    detail = client.get(lead.get_absolute_url())
    listing = client.get(reverse("municipalities:application_list"))
    client.logout()
    public = client.get(lead.round.get_absolute_url())

    assert detail.context["application"].status == Application.Status.SUBMITTED
    assert "Valgt som Gnist-kommune" not in detail.text
    assert "Velg som Gnist-kommune" not in detail.text
    assert [a.get_status_display() for a in listing.context["applications"]] == ["Sendt inn"]
    assert "Castrup" not in public.text
    assert Participant.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_announce_creates_participants_sets_statuses_and_emails_each_applicant_once(
    cast, applications, django_capture_on_commit_callbacks, mailoutbox
):
    _stage_all(cast, applications)
    lead, follower, rejected = applications

    with django_capture_on_commit_callbacks(execute=True):
        services.announce_round_decisions(lead.round, actor=cast.programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce_round_decisions(lead.round, actor=cast.programme_admin) == []

    for application in applications:
        application.refresh_from_db()
    assert [a.status for a in applications] == ["selected", "follow", "rejected"]
    gnist = Participant.objects.get(role="gnist")
    follow = Participant.objects.get(role="follow")
    assert (gnist.display_name, list(gnist.municipalities.all())) == ("Castrup", [cast.municipality])
    assert (follow.follows, follow.reason, follow.display_name) == (
        gnist,
        "Samme utfordring med bolig.",
        "Andrestad",
    )
    assert (lead.participant, follower.participant, rejected.participant) == (gnist, follow, None)
    assert rejected.decision_reason == "Svak"
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["staff@example.no", "other-staff@example.no", "participant@example.no"]
    )
    outcomes = {message.to[0]: message.body.splitlines()[0] for message in mailoutbox}
    assert outcomes == {
        "staff@example.no": "Gratulerer! Castrup er valgt ut som Gnist-kommune.",
        "other-staff@example.no": "Andrestad er invitert til å delta som følgekommune til Castrup.",
        "participant@example.no": f"Dessverre ble ikke {rejected.municipality.name} valgt ut denne gangen.",
    }
    rejection = next(m for m in mailoutbox if m.to == ["participant@example.no"])
    assert "Svak" in rejection.body
    assert SelectionLogEntry.objects.filter(action="announced").count() == 3
    assert all(a.staged_decision == "" for a in applications)


def test_announcing_the_same_outcome_again_sends_no_second_email(cast, applications, mailoutbox):
    lead = applications[0]
    services.stage_decision(lead, actor=cast.programme_admin, decision=Application.Decision.SELECT)
    services.announce_round_decisions(lead.round, actor=cast.programme_admin)
    lead.refresh_from_db()
    emails.send_application_outcome(lead, to=cast.staff)  # e.g. a retried announcement

    assert OutgoingEmail.objects.filter(template="application-outcome").count() == 1


def test_outcome_goes_to_the_current_team_not_to_a_submitter_who_left(
    cast, round_, django_capture_on_commit_callbacks, mailoutbox
):
    leaver = MembershipFactory(municipality=cast.municipality, user__email="leaver@example.no").user
    MembershipFactory(municipality=cast.municipality, user__email="kollega@example.no")
    MembershipFactory(
        municipality=cast.municipality, user__email="venter@example.no", status=Membership.Status.PENDING
    )
    application = ApplicationFactory(
        round=round_, municipality=cast.municipality, created_by=leaver, submitted_by=leaver
    )
    services.remove_member(leaver.memberships.get(), actor=cast.staff)
    mailoutbox.clear()
    services.stage_decision(application, actor=cast.programme_admin, decision=Application.Decision.SELECT)

    with django_capture_on_commit_callbacks(execute=True):
        services.announce_round_decisions(round_, actor=cast.programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.announce_round_decisions(round_, actor=cast.programme_admin)
        application.refresh_from_db()
        emails.send_application_outcome(application, to=cast.staff)  # e.g. a retried announcement

    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("kollega@example.no", "Resultatet av søknaden deres til Utvalgsrunde"),
        ("staff@example.no", "Resultatet av søknaden deres til Utvalgsrunde"),
    ]


def test_announce_is_all_or_nothing(cast, applications, monkeypatch):
    _stage_all(cast, applications)
    calls = []

    def fail_on_second(application, *, to):
        calls.append(application.pk)
        if len(calls) == 2:
            raise RuntimeError("mail server exploded")
        real(application, to=to)

    real = emails.send_application_outcome
    monkeypatch.setattr(emails, "send_application_outcome", fail_on_second)

    with pytest.raises(RuntimeError):
        services.announce_round_decisions(applications[0].round, actor=cast.programme_admin)

    for application in applications:
        application.refresh_from_db()
    assert [a.status for a in applications] == ["submitted"] * 3
    assert [a.staged_decision for a in applications] == ["selected", "follow", "rejected"]
    assert Participant.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert SelectionLogEntry.objects.filter(action="announced").count() == 0


def test_shortlist_then_revise_then_select(cast, applications, monkeypatch):
    lead = applications[0]
    services.stage_decision(lead, actor=cast.programme_admin, decision=Application.Decision.SHORTLIST)
    services.announce_round_decisions(lead.round, actor=cast.programme_admin)
    lead.refresh_from_db()
    assert lead.status == Application.Status.SHORTLISTED

    revision = lead.round.phases.get(kind=Phase.Kind.REVISION)
    revision.starts_at = datetime.datetime(2031, 5, 1, tzinfo=OSLO)
    revision.ends_at = datetime.datetime(2031, 6, 1, tzinfo=OSLO)
    revision.save()
    lead = Application.objects.select_related("round").get(pk=lead.pk)
    services.revise_application(
        lead,
        actor=cast.staff,
        version=lead.version,
        data={"description": "Revidert."},
        answers={},
        now=datetime.datetime(2031, 5, 2, tzinfo=OSLO),
    )
    lead.refresh_from_db()
    assert (lead.description, lead.status, lead.revised_at) == (
        "Revidert.",
        "shortlisted",
        datetime.datetime(2031, 5, 2, tzinfo=OSLO),
    )
    with pytest.raises(services.ApplicationLocked):
        services.revise_application(
            lead, actor=cast.staff, version=lead.version, data={}, answers={}, now=revision.ends_at
        )

    services.stage_decision(lead, actor=cast.programme_admin, decision=Application.Decision.SELECT)
    services.announce_round_decisions(lead.round, actor=cast.programme_admin)
    lead.refresh_from_db()
    assert lead.status == Application.Status.SELECTED


def test_stage_decision_refusals(cast, applications):
    lead, follower, _rejected = applications
    draft = ApplicationFactory(round=lead.round, status=Application.Status.DRAFT)
    single_step = ApplicationFactory(round=RoundFactory())
    admin = cast.programme_admin
    D = Application.Decision
    cases = [
        lambda: services.stage_decision(draft, actor=admin, decision=D.SELECT),
        lambda: services.stage_decision(single_step, actor=admin, decision=D.SHORTLIST),
        lambda: services.stage_decision(follower, actor=admin, decision=D.FOLLOW, reason="x"),
        lambda: services.stage_decision(
            follower, actor=admin, decision=D.FOLLOW, follows_application=lead, reason="x"
        ),
        lambda: services.stage_decision(lead, actor=admin, decision=D.REJECT),
        lambda: services.stage_decision(lead, actor=cast.staff, decision=D.SELECT),
    ]
    for case in cases:
        with pytest.raises(services.DecisionError):
            case()
    assert Application.objects.staged().count() == 0


def _open_applications(round_):
    """Open the round's application phase until 1 June 2031 at 12:00 (Oslo); returns a moment inside it."""
    phase = round_.phases.get(opens_applications=True)
    phase.starts_at = datetime.datetime(2031, 5, 1, tzinfo=OSLO)
    phase.ends_at = datetime.datetime(2031, 6, 1, 12, 0, tzinfo=OSLO)
    phase.save()
    return datetime.datetime(2031, 5, 20, tzinfo=OSLO)


def test_announce_while_applications_are_open_is_refused_without_confirmation(cast, applications):
    lead = applications[0]
    now = _open_applications(lead.round)
    services.stage_decision(lead, actor=cast.programme_admin, decision=Application.Decision.SELECT)

    with translation.override("en"), pytest.raises(services.DecisionError) as refusal:
        services.announce_round_decisions(lead.round, actor=cast.programme_admin, now=now)

    assert str(refusal.value) == (
        "The application phase of Utvalgsrunde is still open until 1 June 2031, 12:00: applications can "
        "still be sent in or changed. Confirm that you want to announce before it closes."
    )
    lead.refresh_from_db()
    assert (lead.status, lead.staged_decision) == ("submitted", "selected")
    assert Participant.objects.count() == 0


def test_announce_while_applications_are_open_with_confirmation(cast, applications):
    lead = applications[0]
    now = _open_applications(lead.round)
    services.stage_decision(lead, actor=cast.programme_admin, decision=Application.Decision.SELECT)

    services.announce_round_decisions(
        lead.round, actor=cast.programme_admin, confirm_open_phase=True, now=now
    )

    lead.refresh_from_db()
    assert (lead.status, lead.staged_decision) == ("selected", "")


def test_announce_after_the_deadline_needs_no_confirmation(cast, applications):
    lead = applications[0]
    _open_applications(lead.round)
    services.stage_decision(lead, actor=cast.programme_admin, decision=Application.Decision.SELECT)

    services.announce_round_decisions(
        lead.round, actor=cast.programme_admin, now=datetime.datetime(2031, 6, 1, 12, 0, tzinfo=OSLO)
    )

    lead.refresh_from_db()
    assert lead.status == "selected"


# --- Django admin ----------------------------------------------------------------------------------------


def _action(client, action, applications, url=ADMIN_LIST, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in applications], **extra}
    return client.post(url, data)


def test_admin_actions_stage_and_announce(admin_client, cast, applications):
    lead, follower, rejected = applications

    _action(admin_client, "select_gnist", [lead])
    page = _action(admin_client, "select_follow", [follower])
    assert page.status_code == 200
    assert [item["lead"] for item in page.context["leads"]] == [lead]
    _action(admin_client, "select_follow", [follower], apply="1", follows=f"a{lead.pk}", reason="Overlapp")
    reject_page = _action(admin_client, "reject", [rejected])
    assert reject_page.status_code == 200
    _action(admin_client, "reject", [rejected], apply="1", reason="Ikke nok forankring")
    confirm = _action(admin_client, "announce", [lead])
    assert [a.municipality.name for a in confirm.context["staged"]] == sorted(
        [lead.municipality.name, follower.municipality.name, rejected.municipality.name],
        key=lambda name: {"selected": 2, "follow": 0, "rejected": 1}[
            Application.objects.get(municipality__name=name).staged_decision
        ],
    )
    assert Participant.objects.count() == 0

    _action(admin_client, "announce", [lead], apply="1")

    assert list(Application.objects.order_by("pk").values_list("status", flat=True)) == [
        "selected",
        "follow",
        "rejected",
    ]


def test_admin_announce_while_applications_are_open_asks_a_second_confirmation(
    client, cast, applications, monkeypatch
):
    lead = applications[0]
    now = _open_applications(lead.round)
    monkeypatch.setattr(timezone, "now", lambda: now)
    services.stage_decision(lead, actor=cast.programme_admin, decision=Application.Decision.SELECT)
    as_role(client, "programme_admin")

    page = _action(client, "announce", [lead], url=f"/en{ADMIN_LIST}")
    unconfirmed = _action(client, "announce", [lead], url=f"/en{ADMIN_LIST}", apply="1")
    lead.refresh_from_db()
    status_after_first_apply = lead.status
    _action(client, "announce", [lead], apply="1", confirm_open_phase="on")

    assert page.context["open_until"] == "1 June 2031, 12:00"
    assert "is still open until 1 June 2031, 12:00" in page.text
    assert "Announce now, although applications are taken until 1 June 2031, 12:00" in page.text
    errors = unconfirmed.context["form"].errors.as_data()
    assert (status_after_first_apply, {field: [e.code for e in errors[field]] for field in errors}) == (
        "submitted",
        {"confirm_open_phase": ["required"]},
    )
    lead.refresh_from_db()
    assert lead.status == "selected"


def test_admin_announce_after_the_deadline_asks_once(client, cast, applications):
    lead = applications[0]
    services.stage_decision(lead, actor=cast.programme_admin, decision=Application.Decision.SELECT)
    as_role(client, "programme_admin")

    page = _action(client, "announce", [lead])
    _action(client, "announce", [lead], apply="1")

    assert (page.context["open_until"], list(page.context["form"].fields)) == (None, [])
    lead.refresh_from_db()
    assert lead.status == "selected"


def test_admin_change_page_shows_answers_and_assessments(admin_client, cast, applications):
    lead = applications[0]
    criterion = lead.round.criteria.get()
    Assessment.objects.create(application=lead, criterion=criterion, assessor=cast.programme_admin, score=4)

    response = admin_client.get(f"{ADMIN_LIST}{lead.pk}/change/")

    assert response.status_code == 200
    assert [f.formset.model.__name__ for f in response.context["inline_admin_formsets"]] == [
        "CriterionAnswer",
        "Assessment",
        "CoApplicant",
        "ApplicationAttachment",
        "SelectionLogEntry",
    ]


def test_admin_change_page_shows_contact_persons_as_lines(client, cast, applications):
    lead = applications[0]
    lead.contacts = [
        {"name": "Kari Nordmann", "role": "Prosjektleder", "email": "kari@example.no", "phone": "912 34 567"},
        {"name": "Ola", "role": "", "email": "ola@example.no", "phone": ""},
    ]
    lead.save(update_fields=["contacts"])
    as_role(client, "programme_admin")

    response = client.get(f"{ADMIN_LIST}{lead.pk}/change/")

    field = next(
        field
        for fieldset in response.context["adminform"]
        for line in fieldset
        for field in line
        if field.field["name"] == "contact_persons"
    )
    assert field.contents() == (
        "<div>Kari Nordmann, Prosjektleder, kari@example.no, 912 34 567</div><div>Ola, ola@example.no</div>"
    )
    assert "&quot;email&quot;" not in response.text


def test_admin_assessment_score_shows_its_scale(client, cast, applications):
    as_role(client, "programme_admin")

    response = client.get(f"/en{ADMIN_LIST}{applications[0].pk}/change/")

    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Assessment
    )
    score = formset.forms[0].fields["score"]
    assert (str(score.label), str(score.help_text), score.min_value, score.max_value) == (
        "Score (1\N{EN DASH}5)",
        "From 1 (weakest) to 5 (strongest).",
        1,
        5,
    )
    assert 'min="1"' in response.text and 'max="5"' in response.text


def test_admin_change_page_says_decisions_are_made_from_the_round_s_list(client, cast, applications):
    lead = applications[0]
    as_role(client, "programme_admin")

    response = client.get(f"/en{ADMIN_LIST}{lead.pk}/change/")

    assert (
        "Decisions are not made on this page: tick the applications in "
        f'<a href="/en{ADMIN_LIST}?round__id__exact={lead.round_id}">'
        "the list of applications to Utvalgsrunde</a>"
        " and choose an action there (shortlist, select, reject, then announce)."
    ) in response.text


def test_admin_list_shows_average_score_with_constant_queries(admin_client, cast, applications):
    criterion = applications[0].round.criteria.get()
    for score, application in zip([2, 5], applications, strict=False):
        Assessment.objects.create(
            application=application, criterion=criterion, assessor=cast.programme_admin, score=score
        )
    url = f"{ADMIN_LIST}?round__id__exact={applications[0].round_id}"

    first = count_queries(admin_client, url)
    for _ in range(5):
        extra = ApplicationFactory(round=applications[0].round)
        Assessment.objects.create(
            application=extra, criterion=criterion, assessor=cast.programme_admin, score=3
        )
    assert count_queries(admin_client, url) == first

    response = admin_client.get(url)
    averages = {a.municipality.name: a.average_score for a in response.context["cl"].result_list}
    assert (averages["Castrup"], averages["Andrestad"]) == (2, 5)


def test_selection_log_admin_is_read_only(admin_client, cast, applications):
    services.stage_decision(applications[0], actor=cast.programme_admin, decision=Application.Decision.SELECT)
    entry = SelectionLogEntry.objects.get()

    listing = admin_client.get("/admin/municipalities/selectionlogentry/")
    assert (listing.status_code, list(listing.context["cl"].result_list)) == (200, [entry])
    assert admin_client.get("/admin/municipalities/selectionlogentry/add/").status_code == 403
    response = admin_client.post(
        f"/admin/municipalities/selectionlogentry/{entry.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403


def test_csv_export_action_downloads_the_export(admin_client, cast, applications):
    lead = applications[0]
    expected = io.StringIO()
    exports.write_applications_csv(Application.objects.filter(pk=lead.pk), expected, with_assessments=True)

    response = _action(admin_client, "export_csv", [lead])

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "text/csv; charset=utf-8",
        f'attachment; filename="soknader-{datetime.date.today():%Y-%m-%d}.csv"',
    )
    assert response.content.decode("utf-8") == expected.getvalue()


# --- a real worker (the fixtures of tests/gnist/test_worker.py) ------------------------------------------
worker = test_worker.worker
finished_tasks = test_worker.finished_tasks


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is unset: no Redis broker to test with"
)
def test_announce_with_worker(worker, finished_tasks, cast, mailoutbox):
    round_ = RoundFactory()
    PhaseFactory(round=round_, kind=Phase.Kind.APPLICATIONS, opens_applications=True)
    apps = [
        ApplicationFactory(round=round_, municipality=cast.municipality, submitted_by=cast.staff),
        ApplicationFactory(round=round_, municipality=cast.other_municipality, submitted_by=cast.other_staff),
    ]
    services.stage_decision(apps[0], actor=cast.programme_admin, decision=Application.Decision.SELECT)
    services.stage_decision(
        apps[1], actor=cast.programme_admin, decision=Application.Decision.REJECT, reason="Nei"
    )

    services.announce_round_decisions(round_, actor=cast.programme_admin)
    services.announce_round_decisions(round_, actor=cast.programme_admin)
    wait_for(lambda: len(finished_tasks) == 2)
    time.sleep(0.5)

    assert sorted(m.to[0] for m in mailoutbox) == ["other-staff@example.no", "staff@example.no"]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}
