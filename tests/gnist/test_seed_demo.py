# ruff: noqa: RUF001 -- Norwegian text uses the en dash between years on purpose.
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User
from gnist import seeding
from municipalities.models import County, Criterion, Membership, Municipality, Participant, Phase, Round


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "counties": County.objects.count(),
        "municipalities": Municipality.objects.count(),
        "rounds": Round.objects.count(),
        "phases": Phase.objects.count(),
        "participants": Participant.objects.count(),
        "gnist_round_3": Participant.objects.filter(round__number=3).gnist().count(),
        "follow_round_3": Participant.objects.filter(round__number=3).follow().count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


def test_seed_demo_refuses_demo_accounts_without_debug(db, settings):
    settings.DEBUG = False

    output = seed()

    assert User.objects.count() == 0
    assert "Demo accounts skipped" in output
    assert counts()["municipalities"] == 356 + 357


def test_seed_demo_creates_demo_accounts_when_allowed_and_is_idempotent(db, settings):
    settings.DEBUG = False

    seed("--allow-demo-accounts")
    first = counts()
    seed("--allow-demo-accounts")

    assert counts() == first
    assert first == {
        "counties": 11 + 15,
        "municipalities": 356 + 357,
        "rounds": 6,  # rounds 1-4, demo round 5 open for applications and demo round 6 for challenges
        "phases": 28,
        "participants": 32,  # round 6's Åseral too
        "gnist_round_3": 9,
        "follow_round_3": 12,
        "users": 5 + 8,  # the sign-ins, and the contacts of round 3's other challenges (challenges/demo.py)
        "memberships": 1,  # the demo account on Åseral's team (it acts for round 3's Åseral too)
    }
    assert sorted(user.email for user in User.objects.all() if user.has_usable_password()) == [
        "admin@gnist.test",
        "deltaker@gnist.test",
        "jury@gnist.test",
        "kommune@gnist.test",
        "leverandor@gnist.test",
    ]
    admin = User.objects.get(email="admin@gnist.test")
    assert (admin.is_staff, admin.is_superuser, admin.check_password("gnist-demo")) == (True, True, True)
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 5
    membership = Membership.objects.get(municipality__valid_to=None)
    assert (membership.user.email, membership.municipality.name, membership.role, membership.status) == (
        "kommune@gnist.test",
        "Åseral",
        Membership.Role.ADMIN,
        Membership.Status.APPROVED,
    )


def test_seed_demo_with_debug_creates_demo_accounts(db, settings):
    settings.DEBUG = True

    seed()

    assert EmailAddress.objects.filter(email__endswith="@gnist.test", verified=True).count() == 5


TRANSLATED = {
    Round: ["title", "theme", "eligibility", "description", "solution_part_name", "funding"],
    Phase: ["name"],
    Criterion: ["name", "description"],
    Participant: ["reason"],
}


def untranslated() -> list[str]:
    """Every content text that has bokmål but lacks nynorsk or English, as "model.pk.field"."""
    missing = []
    for model, fields in TRANSLATED.items():
        for row in model.objects.values(
            "pk", *(f"{f}_{lang}" for f in fields for lang in ("nb", "nn", "en"))
        ):
            missing += [
                f"{model.__name__}.{row['pk']}.{field}"
                for field in fields
                if row[f"{field}_nb"] and not (row[f"{field}_nn"] and row[f"{field}_en"])
            ]
    return missing


def test_seed_demo_writes_the_content_in_bokmal_nynorsk_and_english(db, settings):
    settings.DEBUG = False

    seed("--allow-demo-accounts")

    assert untranslated() == []
    assert Round.objects.filter(number=4).values_list("theme_nb", "theme_nn", "theme_en").get() == (
        "Bærekraft og sirkularitet",
        "Berekraft og sirkularitet",
        "Sustainability and circularity",
    )
    assert list(Criterion.objects.filter(round__number=4).values_list("name_nn", flat=True)) == [
        "Endringsvilje",
        "Innovasjonspotensial",
        "Forankring",
        "Berekraftsambisjonar",
        "Overføringsverdi",
    ]
    assert Participant.objects.get(round__number=3, display_name="Rana").reason_en == (
        "Chosen as a follow municipality because of an overlapping challenge."
    )


def test_seed_demo_translates_rows_seeded_in_bokmal_only(db, settings):
    settings.DEBUG = False
    # What the seed wrote before the translations: bokmål in the bokmål column only.
    round_4 = Round.objects.create(number=4, title_nb="Gnist 2023–2024", start_year=2023, end_year=2024)
    Phase.objects.create(round=round_4, order=3, kind=Phase.Kind.SELECTION, name_nb="Ekstern jury velger fem")

    seed()

    assert untranslated() == []
    assert Phase.objects.filter(round=round_4, order=3).values_list(
        "name_nb", "name_nn", "name_en"
    ).get() == (
        "Ekstern jury velger fem Gnist-kommuner",
        "Ekstern jury vel fem Gnist-kommunar",
        "External jury chooses five Gnist municipalities",
    )
    assert counts()["phases"] == 20


def test_seed_steps_run_after_the_steps_they_build_on(monkeypatch):
    monkeypatch.setattr(seeding, "_steps", {})

    def people(ctx): ...

    def teams(ctx): ...

    seeding.register_seed_step("teams", teams, after=("people",))
    seeding.register_seed_step("people", people)

    assert seeding.seed_steps() == [people, teams]


def test_seed_steps_after_a_step_nobody_registered_fail_loudly(monkeypatch):
    monkeypatch.setattr(seeding, "_steps", {})
    seeding.register_seed_step("teams", print, after=("people",))

    with pytest.raises(LookupError, match="people"):
        seeding.seed_steps()
