"""Retention of round data: past a round's retention date, drafts and attachments go and applications that
were not selected are blanked, with their applicants' log; the public record (participants, selected
applications, the number of applications, the decisions) stays, and purging twice changes nothing. A deleted
account leaves no name, e-mail or phone in contact persons or log details."""

import datetime
import io

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from municipalities import services, tasks
from municipalities.models import (
    OSLO,
    Application,
    ApplicationAttachment,
    CoApplicant,
    CriterionAnswer,
    Participant,
    Phase,
    Round,
    SelectionLogEntry,
)
from municipalities.models.programme import add_months
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MunicipalityFactory,
    ParticipantFactory,
    PhaseFactory,
    RoundFactory,
    verified_user,
)

PDF = b"%PDF-1.4\n%test\n"
# The round's last phase ends 30 Nov 2024, so by default its data is kept until 30 Nov 2026 (24 months).
ON_THE_DATE = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=OSLO)
AFTER_THE_DATE = datetime.datetime(2026, 12, 1, 0, 30, tzinfo=OSLO)


@pytest.fixture
def media(private_root):
    """Where attachments are stored."""
    return private_root


def _attach(application, name="plan.pdf"):
    return ApplicationAttachment.objects.create(
        application=application, file=ContentFile(PDF, name=name), name=name, size=len(PDF)
    )


@pytest.fixture
def round_(cast, media):
    """A finished round: a selected, a rejected, an undecided and a draft application, each with an answer
    and an attachment."""
    round_ = RoundFactory(number=950, title="Ferdig runde", start_year=2024, end_year=2024)
    PhaseFactory(
        round=round_,
        order=1,
        opens_applications=True,
        starts_at=datetime.datetime(2024, 1, 8, 9, 0, tzinfo=OSLO),
        ends_at=datetime.datetime(2024, 3, 1, 12, 0, tzinfo=OSLO),
    )
    PhaseFactory(
        round=round_,
        order=2,
        kind=Phase.Kind.GATHERING,
        starts_at=datetime.datetime(2024, 11, 29, 9, 0, tzinfo=OSLO),
        ends_at=datetime.datetime(2024, 11, 30, 15, 0, tzinfo=OSLO),
    )
    criterion = CriterionFactory(round=round_, order=1, name="Endringsvilje")
    participant = ParticipantFactory(round=round_, display_name="Castrup", municipalities=[cast.municipality])
    applications = {
        "selected": ApplicationFactory(
            round=round_,
            municipality=cast.municipality,
            status=Application.Status.SELECTED,
            participant=participant,
            political_anchoring="Vedtak i kommunestyret.",
            submitted_by=cast.staff,
        ),
        "rejected": ApplicationFactory(
            round=round_,
            municipality=cast.other_municipality,
            status=Application.Status.REJECTED,
            decision_reason="Svak forankring.",
            political_anchoring="Drøftet i formannskapet.",
            other_co_applicants="Næringsforeningen",
            submitted_by=cast.other_staff,
        ),
        "undecided": ApplicationFactory(round=round_, municipality=MunicipalityFactory(name="Uavgjort")),
        "draft": ApplicationFactory(
            round=round_, municipality=MunicipalityFactory(name="Utkastby"), status=Application.Status.DRAFT
        ),
    }
    for label, application in applications.items():
        CriterionAnswer.objects.create(
            application=application, criterion=criterion, text=f"Svar fra {label}."
        )
        _attach(application)
    return round_


def _snapshot(round_):
    """Everything the purge may touch, to compare before and after."""
    return {
        "round": Round.objects.filter(pk=round_.pk).values().get(),
        "applications": list(Application.objects.order_by("pk").values()),
        "answers": list(CriterionAnswer.objects.order_by("pk").values("application_id", "text")),
        "attachments": list(ApplicationAttachment.objects.order_by("pk").values("application_id", "file")),
        "log": list(SelectionLogEntry.objects.order_by("pk").values("application_id", "action", "details")),
        "participants": list(Participant.objects.order_by("pk").values("display_name", "role")),
    }


def _files(media):
    """The stored attachment files, as the pks of their applications (files are stored per application)."""
    return sorted(int(path.parent.name) for path in media.rglob("*.pdf"))


def _public_applications_number(client, round_):
    return client.get(round_.get_absolute_url()).context["applications"]


def test_default_retention_date_is_24_months_after_the_last_phase_ends(round_, settings):
    assert Round.objects.get(pk=round_.pk).retention_date == datetime.date(2026, 11, 30)

    settings.GNIST_ROUND_RETENTION_MONTHS = 6
    assert Round.objects.get(pk=round_.pk).retention_date == datetime.date(2025, 5, 30)

    Round.objects.filter(pk=round_.pk).update(retain_application_data_until=datetime.date(2030, 1, 1))
    assert Round.objects.get(pk=round_.pk).retention_date == datetime.date(2030, 1, 1)


def test_default_retention_date_without_dated_phases_counts_from_the_end_of_the_last_year(db):
    round_ = RoundFactory(start_year=2022, end_year=2023)

    assert round_.default_retention_date() == datetime.date(2025, 12, 31)


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert [
        add_months(datetime.date(2024, 1, 31), 1),
        add_months(datetime.date(2024, 2, 29), 12),
        add_months(datetime.date(2024, 11, 30), 24),
    ] == [datetime.date(2024, 2, 29), datetime.date(2025, 2, 28), datetime.date(2026, 11, 30)]


def test_purge_on_the_retention_date_changes_nothing(round_, media, django_capture_on_commit_callbacks):
    before = _snapshot(round_)

    with django_capture_on_commit_callbacks(execute=True):
        purge = services.purge_round_data(round_, now=ON_THE_DATE)

    assert (purge.due, purge.retain_until) == (False, datetime.date(2026, 11, 30))
    assert _snapshot(round_) == before
    assert _files(media) == sorted(Application.objects.values_list("pk", flat=True))


def test_purge_after_the_date_deletes_drafts_and_attachments_and_blanks_unselected_applications(
    client, cast, round_, media, django_capture_on_commit_callbacks
):
    public_number = _public_applications_number(client, round_)

    with django_capture_on_commit_callbacks(execute=True):
        purge = services.purge_round_data(round_, now=AFTER_THE_DATE)

    assert (purge.due, purge.drafts, purge.attachments, purge.blanked, purge.applications_count) == (
        True,
        1,
        4,
        2,
        3,
    )
    assert _files(media) == []
    assert ApplicationAttachment.objects.count() == 0
    assert list(
        Application.objects.order_by("pk").values_list(
            "municipality__name",
            "status",
            "question",
            "description",
            "political_anchoring",
            "other_co_applicants",
            "contacts",
            "decision_reason",
        )
    ) == [
        (
            "Castrup",
            "selected",
            "Hvordan kan vi bli bedre?",
            "En beskrivelse.",
            "Vedtak i kommunestyret.",
            "",
            [{"name": "Kari", "role": "", "email": "kari@example.no", "phone": ""}],
            "",
        ),
        ("Andrestad", "rejected", "", "", "", "", [], "Svak forankring."),
        ("Uavgjort", "submitted", "", "", "", "", [], ""),
    ]
    assert list(
        CriterionAnswer.objects.order_by("application_id").values_list(
            "application__municipality__name", "text"
        )
    ) == [("Castrup", "Svar fra selected."), ("Andrestad", ""), ("Uavgjort", "")]
    assert list(Participant.objects.values_list("display_name", "role", "municipalities__name")) == [
        ("Castrup", "gnist", "Castrup")
    ]
    assert list(
        SelectionLogEntry.objects.filter(action=SelectionLogEntry.Action.PURGED)
        .order_by("application_id")
        .values_list("application__municipality__name", "actor", "at")
    ) == [
        ("Castrup", None, AFTER_THE_DATE),
        ("Andrestad", None, AFTER_THE_DATE),
        ("Uavgjort", None, AFTER_THE_DATE),
    ]
    round_.refresh_from_db()
    assert (round_.applications_count, round_.retain_application_data_until, round_.purged_at) == (
        3,
        datetime.date(2026, 11, 30),
        AFTER_THE_DATE,
    )
    assert _public_applications_number(client, round_) == public_number == 3


def test_purge_keeps_a_published_number_of_applications(round_, django_capture_on_commit_callbacks):
    Round.objects.filter(pk=round_.pk).update(applications_count=41)

    with django_capture_on_commit_callbacks(execute=True):
        purge = services.purge_round_data(round_, now=AFTER_THE_DATE)

    assert (purge.applications_count, Round.objects.get(pk=round_.pk).applications_count) == (None, 41)


def test_purging_twice_changes_nothing_the_second_time(round_, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.purge_round_data(round_, now=AFTER_THE_DATE)
    after_first = _snapshot(round_)

    with django_capture_on_commit_callbacks(execute=True):
        purge = services.purge_round_data(round_, now=AFTER_THE_DATE + datetime.timedelta(days=1))

    assert (purge.due, purge.changes_anything) == (True, False)
    assert _snapshot(round_) == after_first


def test_dry_run_prints_what_it_would_do_and_changes_nothing(
    round_, media, django_capture_on_commit_callbacks
):
    Round.objects.filter(pk=round_.pk).update(retain_application_data_until=datetime.date(2020, 1, 1))
    before = _snapshot(round_)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_round_data", "--dry-run", stdout=out)

    assert out.getvalue() == (
        "Round 950, kept until 2020-01-01: would delete 1 draft(s) and 4 attachment(s), would blank 2 "
        "application(s) not selected, would store the public number of applications.\n"
    )
    assert _snapshot(round_) == before
    assert _files(media) == sorted(Application.objects.values_list("pk", flat=True))


def test_command_purges_and_then_finds_nothing_to_purge(round_, media, django_capture_on_commit_callbacks):
    Round.objects.filter(pk=round_.pk).update(retain_application_data_until=datetime.date(2020, 1, 1))
    first, second = io.StringIO(), io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_round_data", stdout=first)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_round_data", stdout=second)

    assert first.getvalue() == (
        "Round 950, kept until 2020-01-01: deleted 1 draft(s) and 4 attachment(s), blanked 2 application(s) "
        "not selected, stored the public number of applications.\n"
    )
    assert second.getvalue() == "Round 950, kept until 2020-01-01: nothing to purge.\n"
    assert _files(media) == []


def test_command_without_expired_rounds_says_so(round_):
    Round.objects.filter(pk=round_.pk).update(retain_application_data_until=datetime.date(2999, 1, 1))
    out = io.StringIO()

    call_command("purge_round_data", stdout=out)

    assert out.getvalue() == "No round is past its retention date.\n"


def test_task_purges_the_rounds_past_their_date_only(cast, round_, media, django_capture_on_commit_callbacks):
    Round.objects.filter(pk=round_.pk).update(retain_application_data_until=datetime.date(2020, 1, 1))
    current = RoundFactory(number=951, retain_application_data_until=datetime.date(2999, 1, 1))
    draft = ApplicationFactory(round=current, municipality=cast.municipality, status=Application.Status.DRAFT)
    _attach(draft, name="ny.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        tasks.purge_expired_rounds.delay()

    assert [(r.number, r.purged_at is not None) for r in Round.objects.order_by("number")] == [
        (950, True),
        (951, False),
    ]
    assert list(Application.objects.drafts().values_list("round__number", flat=True)) == [951]
    assert _files(media) == [draft.pk]


def test_purge_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired-rounds"]

    assert (entry["task"], entry["schedule"].hour, entry["schedule"].minute) == (
        tasks.purge_expired_rounds.name,
        {3},
        {30},
    )


def test_announcing_decisions_sets_the_default_retention_date(cast, round_):
    application = Application.objects.get(status=Application.Status.SUBMITTED)
    services.stage_decision(
        application, actor=cast.programme_admin, decision=Application.Decision.REJECT, reason="For tidlig."
    )

    services.announce_round_decisions(round_, actor=cast.programme_admin)

    assert Round.objects.get(pk=round_.pk).retain_application_data_until == datetime.date(2026, 11, 30)


def test_retention_date_is_editable_in_the_round_admin(client, cast, round_, settings):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    client.force_login(cast.programme_admin)

    response = client.get(reverse("admin:municipalities_round_change", args=[round_.pk]))

    assert "retain_application_data_until" in response.context["adminform"].form.fields


def test_purge_deletes_the_applicants_log_and_forgets_who_applied_in_unselected_applications(
    cast, round_, django_capture_on_commit_callbacks
):
    selected = Application.objects.get(status=Application.Status.SELECTED)
    rejected = Application.objects.get(status=Application.Status.REJECTED)
    co = CoApplicant.objects.create(
        application=rejected,
        municipality=cast.municipality,
        confirmed_by=cast.staff,
        confirmed_at=AFTER_THE_DATE,
    )
    Application.objects.filter(pk=rejected.pk).update(created_by=cast.other_staff)
    for application, actor in [(selected, cast.staff), (rejected, cast.other_staff)]:
        services.log_event(application, actor=actor, action=SelectionLogEntry.Action.SUBMITTED)
        services.log_event(
            application, actor=actor, action=SelectionLogEntry.Action.ATTACHED, details="CV Ola Annenstad.pdf"
        )
        services.log_event(
            application, actor=cast.programme_admin, action=SelectionLogEntry.Action.STAGED, details="Avslå"
        )

    with django_capture_on_commit_callbacks(execute=True):
        purge = services.purge_round_data(round_, now=AFTER_THE_DATE)

    assert purge.log_entries == 3
    assert list(
        SelectionLogEntry.objects.exclude(action=SelectionLogEntry.Action.PURGED)
        .order_by("application_id", "pk")
        .values_list("application__municipality__name", "action", "actor__email")
    ) == [
        ("Castrup", "submitted", "staff@example.no"),
        ("Castrup", "staged", "programme-admin@example.no"),
        ("Andrestad", "staged", "programme-admin@example.no"),
    ]
    rejected.refresh_from_db()
    co.refresh_from_db()
    assert (rejected.created_by, rejected.submitted_by, co.confirmed_by, co.confirmed_at) == (
        None,
        None,
        None,
        AFTER_THE_DATE,
    )
    assert SelectionLogEntry.objects.filter(details__contains="Ola Annenstad").exists() is False


def test_deleting_an_account_anonymises_its_contact_entries_and_log_details(cast, round_):
    from accounts.personal_data import delete_account

    leaver = verified_user(email="lena@example.no", name="Lena Leaver")
    EmailAddress.objects.create(user=leaver, email="lena.privat@example.no", verified=True)
    EmailAddress.objects.create(user=leaver, email="kari@example.no", verified=False)  # not hers
    application = Application.objects.get(status=Application.Status.SELECTED)
    colleague = {"name": "Kari", "role": "Leder", "email": "kari@example.no", "phone": "222 22 222"}
    Application.objects.filter(pk=application.pk).update(
        created_by=leaver,
        contacts=[
            {"name": "Lena L.", "role": "Rådgiver", "email": "Lena.Privat@example.no", "phone": "111 11 111"},
            colleague,
        ],
    )
    services.log_event(
        application,
        actor=leaver,
        action=SelectionLogEntry.Action.ATTACHED,
        details="Referat fra LENA LEAVER og lena@example.no.pdf",
    )
    services.log_event(application, actor=leaver, action=SelectionLogEntry.Action.SAVED, details="Lenaby")

    delete_account(leaver)

    application.refresh_from_db()
    assert application.contacts == [
        {"name": "", "role": "Rådgiver", "email": "", "phone": ""},
        colleague,
    ]
    assert application.created_by is None
    assert list(application.log.order_by("pk").values_list("actor", "details")) == [
        (None, "Referat fra [anonymised] og [anonymised].pdf"),
        (None, "Lenaby"),
    ]
