"""`seed_scale N`: the benchmark's generated content on top of `seed_demo`."""

from io import StringIO

from django.core.management import call_command

from accounts.models import User
from bench.management.commands.seed_scale import Command as SeedScale
from competence.models import Course, LessonCompletion
from competence.services import published_modules
from municipalities.models import Participant, Round
from tests.gnist.test_seed_demo import counts, untranslated


def seed_scale(scale: str) -> str:
    out = StringIO()
    # bench is an installed app only in bench.settings: run its command object directly.
    call_command(SeedScale(), scale, stdout=out)
    return out.getvalue()


def test_seed_scale_adds_generated_content_idempotently(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())

    seed_scale("2")
    first = counts()
    output = seed_scale("2")

    assert counts() == first
    assert User.objects.filter(email__startswith="generert-").count() == 100
    assert (first["memberships"], first["rounds"]) == (100, 24)
    assert first["participants"] == 31 + 20 * 6
    assert Round.objects.get(number=101).title == "Demo-runde 101"
    assert Round.objects.current().number == 4
    assert Participant.objects.filter(round__number=101).follow().exclude(follows=None).count() == 3
    assert output.splitlines()[0] == "Scale 2: 100 generated users, 20 generated rounds."
    assert untranslated() == []


def test_seed_scale_adds_course_participants_who_finished_the_first_module(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())

    output = seed_scale("1")

    first_module = published_modules(Course.objects.current())[0]
    assert output.splitlines()[1] == "Scale 1: 20 generated course participants."
    assert LessonCompletion.objects.filter(user__email__startswith="kurs-generert-").count() == (
        20 * first_module.lessons.count()
    )
