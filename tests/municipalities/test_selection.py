"""Programme admins select in Django admin: staged decisions stay private, announcing is all-or-nothing and
e-mails each applicant once, the CSV export is Excel- and formula-safe, and a round's setup can be copied."""

import csv
import datetime
import io
import os
import time

import pytest
from django.urls import reverse

from gnist.models import OutgoingEmail
from municipalities import emails, services
from municipalities.admin import copy_round_setup
from municipalities.models import OSLO, Application, Assessment, Participant, Phase, Round, SelectionLogEntry
from tests.factories import ApplicationFactory, CriterionFactory, PhaseFactory, RoundFactory, ThemeFactory
from tests.gnist import test_worker
from tests.helpers import count_queries, wait_for

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
        ApplicationFactory(round=round_, created_by=cast.participant),
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


# --- Django admin ----------------------------------------------------------------------------------------


def _action(client, action, applications, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in applications], **extra}
    return client.post(ADMIN_LIST, data)


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


def test_csv_export_has_bom_answers_assessments_and_no_formulas(admin_client, cast, applications):
    lead = applications[0]
    criterion = lead.round.criteria.get()
    lead.answers.create(criterion=criterion, text='=HYPERLINK("http://evil")')
    lead.question = "Hvordan kan vi bo; og leve?"
    lead.save()
    lead.themes.add(ThemeFactory(slug="bolig", name="Bolig"))
    Assessment.objects.create(
        application=lead, criterion=criterion, assessor=cast.programme_admin, score=4, note="God"
    )

    response = _action(admin_client, "export_csv", [lead])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    header, row = rows
    values = dict(zip(header, row, strict=True))
    assert values["Utfordring"] == "Hvordan kan vi bo; og leve?"
    assert values["Temaer"] == "Bolig"
    assert values["Endringsvilje"] == '\'=HYPERLINK("http://evil")'
    assert values["Endringsvilje: gjennomsnittlig poengsum"] == "4.00"
    assert values["Vurderinger"] == "Endringsvilje: 4 (programme-admin@example.no) God"


def test_copy_round_setup_makes_a_draft_a_year_later(admin_client, round_):
    round_.phases.filter(order=1).update(
        starts_at=datetime.datetime(2028, 2, 29, tzinfo=OSLO),
        ends_at=datetime.datetime(2028, 3, 31, 12, tzinfo=OSLO),
    )
    maximum = Round.objects.order_by("-number").first().number

    admin_client.post(
        "/admin/municipalities/round/", {"action": "copy_setup", "_selected_action": [round_.pk]}
    )

    copy = Round.objects.get(number=maximum + 1)
    assert (copy.is_draft, copy.title, copy.start_year) == (True, round_.title, round_.start_year + 1)
    assert list(copy.criteria.values_list("order", "name")) == [(1, "Endringsvilje")]
    phase = copy.phases.get(order=1)
    assert (phase.starts_at, phase.ends_at, phase.opens_applications) == (
        datetime.datetime(2029, 2, 28, tzinfo=OSLO),
        datetime.datetime(2029, 3, 31, 12, tzinfo=OSLO),
        True,
    )
    assert copy_round_setup(round_).number == maximum + 2


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
