"""`seed_scale N`: the benchmark's generated content on top of `seed_demo`."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from bench.management.commands.seed_scale import Command as SeedScale
from challenges.models import Challenge, Follow, Question, SimilarChallenges
from competence.models import Course, LessonCompletion
from competence.services import published_modules
from gnist.similarity import has_norwegian_search
from municipalities.models import Participant, Round
from tests.gnist.test_seed_demo import counts, untranslated
from tests.helpers import count_queries


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


def test_seed_scale_adds_published_challenges_with_questions_and_followers_idempotently(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--allow-demo-accounts", stdout=StringIO())

    seed_scale("2")
    generated = Challenge.objects.filter(participant__round__number__gte=101)
    first = (generated.count(), Question.objects.count(), Follow.objects.count())
    output = seed_scale("2")

    assert (generated.count(), Question.objects.count(), Follow.objects.count()) == first
    # seed_demo's 8: round 3's five questions and two clarifications, and the question in demo round 6.
    assert first == (2 * 30, 8 + 2 * 30 * 3, 2 * 30 * 5)
    assert set(generated.values_list("status", flat=True)) == {Challenge.Status.PUBLISHED}
    assert Question.objects.filter(challenge__in=generated).published().count() == 2 * 30 * 2
    assert [
        generated.filter(themes__isnull=False).distinct().count(),
        generated.filter(themes=None).count(),
    ] == [
        60,
        0,
    ]
    assert output.splitlines()[2] == "Scale 2: 60 generated challenges with questions and followers."
    # The generated rows bypass the services: seed_scale computes every challenge's similar challenges itself.
    assert SimilarChallenges.objects.count() == Challenge.objects.count()


def challenge_page_queries(client) -> dict[str, int]:
    has_norwegian_search()  # asked once per process (cached): not by whichever page comes first
    nome = Challenge.objects.get(participant__round__number=3, participant__display_name="Nome")
    pages = {
        "catalogue": reverse("challenges:catalogue"),
        "catalogue search": reverse("challenges:catalogue") + "?q=bolig",
        "catalogue filtered": reverse("challenges:catalogue") + "?theme=bolig&page=2",
        "challenge": nome.get_absolute_url(),
        "feed": reverse("challenges:feed"),
        "theme feed": reverse("challenges:theme_feed", kwargs={"slug": "bolig"}),
        "county feed": reverse("challenges:county_feed", kwargs={"key": "vestland"}),
    }
    return {label: count_queries(client, url) for label, url in pages.items()}


# Cold, with an empty cache, on SQLite and PostgreSQL alike. The challenge page's 7: the challenge with its
# participant, round, stored similar challenges, themes, goals and attachments, five prefetches
# (challenge_queryset), and the next phase change (the page cache's expiry).
CHALLENGE_PAGE_QUERIES = {
    "catalogue": 8,
    "catalogue search": 8,
    "catalogue filtered": 8,
    "challenge": 7,
    "feed": 3,
    "theme feed": 4,
    "county feed": 4,
}


def test_challenge_pages_cost_as_many_queries_at_scale_1_and_2(db, settings, client):
    settings.DEBUG = False
    call_command("seed_demo", "--allow-demo-accounts", stdout=StringIO())

    seed_scale("1")
    at_scale_1 = challenge_page_queries(client)
    seed_scale("2")
    at_scale_2 = challenge_page_queries(client)

    assert at_scale_1 == CHALLENGE_PAGE_QUERIES
    assert at_scale_2 == CHALLENGE_PAGE_QUERIES


def test_challenge_pages_stay_within_the_benchmarks_query_cap():
    from bench.run import MAX_QUERIES

    assert {label: count <= MAX_QUERIES for label, count in CHALLENGE_PAGE_QUERIES.items()} == dict.fromkeys(
        CHALLENGE_PAGE_QUERIES, True
    )
