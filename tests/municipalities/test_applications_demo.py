import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from municipalities.demo import demo_challenge_phase_dates, demo_round_dates
from municipalities.models import (
    Application,
    Criterion,
    Participant,
    Phase,
    Round,
    SelectionLogEntry,
    Theme,
)


def test_seed_demo_adds_an_open_round_with_applications_idempotently(client, db, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--allow-demo-accounts", stdout=io.StringIO())
    call_command("seed_demo", "--allow-demo-accounts", stdout=io.StringIO())

    round_ = Round.objects.prefetch_related("phases", "criteria").get(number=5)
    assert round_.takes_applications_at(timezone.now()) is True
    assert round_.selection_has_stages is True
    assert [c.name_en for c in round_.criteria.all()][:2] == ["Willingness to change", "Innovation potential"]
    assert all(c.description_nn for c in round_.criteria.all())
    assert sorted(Application.objects.for_round(round_).values_list("municipality__name", "status")) == [
        ("Bygland", "shortlisted"),
        ("Bykle", "submitted"),
        ("Valle", "submitted"),
        ("Åseral", "draft"),
    ]
    assert Theme.objects.filter(slug__in=["bolig", "reiseliv", "miljo-og-klima"]).count() == 3
    client.force_login(Application.objects.get(round=round_, municipality__name="Åseral").created_by)
    response = client.get("/soknader/")
    # Round 5's draft, and the application demo round 6 selected (test_seed_demo_adds_a_round_...).
    assert [(a.round.number, a.municipality.name) for a in response.context["applications"]] == [
        (5, "Åseral"),
        (6, "Åseral"),
    ]
    assert [item["phase"].round for item in response.context["open_phases"]] == [round_]


def test_demo_round_dates_are_open_around_any_day():
    for day in [datetime.date(2026, 11, 26), datetime.date(2027, 3, 31), datetime.date(2027, 6, 1)]:
        opens, deadline = demo_round_dates(day)
        assert opens.date() <= day <= deadline.date()
    assert demo_round_dates(datetime.date(2026, 11, 26))[1] == datetime.datetime(
        2027, 3, 31, 12, tzinfo=deadline.tzinfo
    )


def round_6_counts() -> dict[str, int]:
    return {
        "phases": Phase.objects.filter(round__number=6).count(),
        "criteria": Criterion.objects.filter(round__number=6).count(),
        "applications": Application.objects.filter(round__number=6).count(),
        "log": SelectionLogEntry.objects.filter(round__number=6).count(),
        "participants": Participant.objects.filter(round__number=6).count(),
    }


def test_seed_demo_adds_a_round_in_its_challenge_phase_with_aseral_selected_idempotently(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--allow-demo-accounts", stdout=io.StringIO())
    first = round_6_counts()
    call_command("seed_demo", "--allow-demo-accounts", stdout=io.StringIO())

    assert (
        round_6_counts()
        == first
        == {
            "phases": 4,
            "criteria": 5,
            "applications": 1,
            "log": 5,
            "participants": 1,
        }
    )
    round_ = Round.objects.prefetch_related("phases").get(number=6)
    now = timezone.now()
    assert [(phase.kind, phase.is_open_at(now)) for phase in round_.phases.all()] == [
        (Phase.Kind.APPLICATIONS, False),
        (Phase.Kind.SELECTION, False),
        (Phase.Kind.CHALLENGES, True),
        (Phase.Kind.OFFERS, False),
    ]
    writing = round_.phases.get(kind=Phase.Kind.CHALLENGES)
    assert (writing.opens_challenges, writing.opens_questions, writing.name_en) == (
        True,
        True,
        "Challenges and questions",
    )
    # A year older than round 5, which stays the latest round (the home page's).
    assert (round_.is_draft, round_.start_year + 1, Round.objects.current().number) == (
        False,
        Round.objects.get(number=5).start_year,
        5,
    )
    # Selected through the services, each step inside its phase: applied, submitted, staged, announced.
    application = Application.objects.select_related("participant").get(round=round_)
    participant = application.participant
    assert (
        application.municipality.name,
        application.status,
        participant.display_name,
        participant.role,
    ) == (
        "Åseral",
        Application.Status.SELECTED,
        "Åseral",
        Participant.Role.GNIST,
    )
    assert list(participant.municipalities.all()) == [application.municipality]
    assert application.municipality.valid_to is None
    entries = list(application.log.select_related("actor").order_by("at", "pk"))
    Action = SelectionLogEntry.Action
    assert [(entry.action, entry.actor.email) for entry in entries] == [
        (Action.CREATED, "kommune@gnist.test"),
        (Action.SAVED, "kommune@gnist.test"),
        (Action.SUBMITTED, "kommune@gnist.test"),
        (Action.STAGED, "admin@gnist.test"),
        (Action.ANNOUNCED, "admin@gnist.test"),
    ]
    applications, selection = round_.phases.all()[:2]
    in_phase = [applications] * 3 + [selection] * 2
    assert [phase.is_open_at(entry.at) for phase, entry in zip(in_phase, entries, strict=True)] == [True] * 5


def test_demo_challenge_phase_dates_are_open_around_any_day_with_two_past_weeks():
    for day in [datetime.date(2026, 1, 1), datetime.date(2026, 11, 26), datetime.date(2027, 2, 28)]:
        opens, ends = demo_challenge_phase_dates(day)
        assert opens.date() + datetime.timedelta(days=14) < day < ends.date()
    assert demo_challenge_phase_dates(datetime.date(2026, 11, 26)) == (
        datetime.datetime(2026, 10, 1, tzinfo=opens.tzinfo),
        datetime.datetime(2026, 12, 31, 23, 59, tzinfo=opens.tzinfo),
    )
