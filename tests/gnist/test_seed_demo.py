from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User
from municipalities.models import County, Membership, Municipality, Participant, Phase, Round


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
    assert counts()["municipalities"] == 356


def test_seed_demo_creates_demo_accounts_when_allowed_and_is_idempotent(db, settings):
    settings.DEBUG = False

    seed("--allow-demo-accounts")
    first = counts()
    seed("--allow-demo-accounts")

    assert counts() == first
    assert first == {
        "counties": 11,
        "municipalities": 356,
        "rounds": 4,
        "phases": 20,
        "participants": 31,
        "gnist_round_3": 9,
        "follow_round_3": 12,
        "users": 5,
        "memberships": 1,
    }
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "admin@gnist.test",
        "deltaker@gnist.test",
        "jury@gnist.test",
        "kommune@gnist.test",
        "leverandor@gnist.test",
    ]
    admin = User.objects.get(email="admin@gnist.test")
    assert (admin.is_staff, admin.is_superuser, admin.check_password("gnist-demo")) == (True, True, True)
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 5
    membership = Membership.objects.get()
    assert (membership.user.email, membership.municipality.name, membership.role, membership.status) == (
        "kommune@gnist.test",
        "Åseral",
        Membership.Role.ADMIN,
        Membership.Status.APPROVED,
    )


def test_seed_demo_with_debug_creates_demo_accounts(db, settings):
    settings.DEBUG = True

    seed()

    assert User.objects.filter(email__endswith="@gnist.test").count() == 5


def test_seed_demo_scale_adds_generated_content_idempotently(db, settings):
    settings.DEBUG = False

    seed("--scale", "2")
    first = counts()
    seed("--scale", "2")

    assert counts() == first
    assert (first["users"], first["memberships"], first["rounds"]) == (100, 100, 24)
    assert first["participants"] == 31 + 20 * 6
    assert Round.objects.get(number=101).title == "Demo-runde 101"
    assert Round.objects.current().number == 4
    assert Participant.objects.filter(round__number=101).follow().exclude(follows=None).count() == 3
