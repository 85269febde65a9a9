"""The challenges' demo content: round 3's nine challenges published through the services, with pictures and
answered questions, Åseral's draft and challenge in review for the demo municipality account, and Åseral's
challenge in demo round 6, open for writing and questions now."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from challenges.models import Challenge, ChallengeEvent, ChallengeImage, Question
from municipalities.models import Membership

ROUND_3 = [
    "Lom",
    "Nome",
    "Nore og Uvdal",
    "Skjervøy",
    "Sogndal, Luster og Aurland",
    "Sortland",
    "Suldal",
    "Vanylven",
    "Åseral",
]


def seed():
    # DEBUG off: the staff MFA requirement is on, as with `make bench` (the demo admin has no authenticator).
    call_command("seed_demo", "--allow-demo-accounts", stdout=StringIO())


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Challenge, ChallengeEvent, ChallengeImage, Question, Membership, User)
    }


def test_seed_demo_publishes_round_3s_nine_challenges_with_pictures(db, settings, client):
    settings.DEBUG = False

    seed()

    published = Challenge.objects.published().filter(participant__round__number=3)
    assert sorted(published.values_list("participant__display_name", flat=True)) == ROUND_3
    # Besides round 3's, only Åseral's in demo round 6 (tested below).
    assert list(
        Challenge.objects.exclude(participant__round__number=3).values_list(
            "participant__round__number", "status"
        )
    ) == [(6, Challenge.Status.PUBLISHED)]
    admin = User.objects.get(email="admin@gnist.test")
    for challenge in published.prefetch_related("images", "themes", "goals"):
        assert (challenge.title.startswith("Hvordan kan vi "), challenge.title.endswith("?")) == (True, True)
        assert challenge.published_by == admin
        assert challenge.created_by != admin
        assert [getattr(challenge, name)[:14] for name in Challenge.SECTION_FIELDS] == (
            ["Eksempeltekst:"] * len(Challenge.SECTION_FIELDS)
        )
        assert (challenge.themes.count() > 0, challenge.goals.count() > 0) == (True, True)
        [image] = challenge.images.all()
        assert (image.width, image.height, image.caption) == (1600, 900, "Illustrasjon laget for demoen.")
        assert image.alt_text.startswith("Illustrasjon: ")
        storage = image.file.storage
        assert [storage.exists(name) for name in [image.file.name, *image.renditions.values()]] == [True] * 3
    # Written and published inside round 3's challenge phase, through the services (their log).
    nome = published.get(participant__display_name="Nome")
    assert list(nome.events.values_list("action", flat=True)) == [
        ChallengeEvent.Action.CREATED,
        ChallengeEvent.Action.SAVED,
        ChallengeEvent.Action.IMAGE_ADDED,
        ChallengeEvent.Action.SUBMITTED,
        ChallengeEvent.Action.PUBLISHED,
    ]
    phase = nome.participant.round.phases.get(opens_challenges=True)
    assert all(phase.is_open_at(event.at) for event in nome.events.all())

    response = client.get(nome.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er det bestemt at det blir gruvedrift på Fen, eller er det fortsatt usikkert?" in page
    assert "Eksempeltekst: Det er ikke bestemt." in page
    assert "Kart over området" in page
    assert 'alt="Illustrasjon: grønne åser under en lys morgenhimmel, med en gul sol over åsene."' in page
    image = client.get(reverse("challenges:image", kwargs={"pk": nome.images.get().pk, "width": 480}))
    assert (image.status_code, image["Content-Type"]) == (200, "image/webp")


def test_seed_demo_answers_the_demo_suppliers_questions_as_the_municipalitys_staff(db, settings):
    settings.DEBUG = False

    seed()

    supplier = User.objects.get(email="leverandor@gnist.test")
    questions = Question.objects.filter(
        is_clarification=False, challenge__participant__round__number=3
    ).select_related("challenge__participant")
    assert questions.count() == 5
    assert sorted(questions.values_list("challenge__participant__display_name", flat=True)) == [
        "Nome",
        "Nome",
        "Sogndal, Luster og Aurland",
        "Sortland",
        "Åseral",
    ]
    for question in questions:
        assert (question.status, question.asked_by, question.text) == (
            Question.Status.PUBLISHED,
            supplier,
            question.original_text,
        )
        assert question.answered_by == question.challenge.created_by
        assert question.answer.startswith("Eksempeltekst: ")
        assert question.published_at > question.asked_at
    clarifications = Question.objects.filter(is_clarification=True, status=Question.Status.PUBLISHED)
    assert sorted(clarifications.values_list("challenge__participant__display_name", "text")) == [
        ("Nome", "Kart over området"),
        ("Sogndal, Luster og Aurland", "Befaring i juni"),
    ]
    # The demo contacts were staff only while they wrote: no team of theirs is left to move or to show.
    # The demo account is on today's Åseral team, which acts for Åseral as round 3 named it.
    assert sorted(
        Membership.objects.values_list("user__email", "municipality__name", "municipality__valid_from")
    ) == [("kommune@gnist.test", "Åseral", datetime.date(2024, 1, 1))]


def test_seed_demo_gives_aseral_a_draft_and_one_in_review_seen_only_by_its_staff(db, settings, client):
    settings.DEBUG = False

    seed()
    first = counts()
    seed()

    assert counts() == first
    aseral = Challenge.objects.filter(participant__display_name="Åseral").exclude(
        status=Challenge.Status.PUBLISHED
    )
    assert sorted(aseral.values_list("status", "title")) == [
        (
            Challenge.Status.DRAFT,
            "Hvordan kan vi gjøre det enkelt for hyttefolk å jobbe fra Åseral i ukedagene?",
        ),
        (Challenge.Status.IN_REVIEW, "Hvordan kan vi bruke tre fra egne skoger i nye hytter og fellesbygg?"),
    ]
    for challenge in aseral:
        seen = {}
        for email in ["leverandor", "jury", "deltaker", "kommune", None]:
            if email:
                client.force_login(User.objects.get(email=f"{email}@gnist.test"))
            else:
                client.logout()
            seen[email] = client.get(challenge.get_absolute_url()).status_code
        assert seen == {"leverandor": 404, "jury": 404, "deltaker": 404, "kommune": 200, None: 404}
    client.force_login(User.objects.get(email="kommune@gnist.test"))
    mine = client.get(reverse("challenges:mine")).content.decode()
    assert [challenge.title in mine for challenge in aseral] == [True, True]


def test_seed_demo_publishes_aseral_s_challenge_in_the_open_round_with_an_answered_question(db, settings):
    settings.DEBUG = False

    seed()
    first = counts()
    seed()

    assert counts() == first
    challenge = Challenge.objects.select_related("participant__round").get(participant__round__number=6)
    kommune = User.objects.get(email="kommune@gnist.test")
    assert (challenge.participant.display_name, challenge.status, challenge.created_by, challenge.title) == (
        "Åseral",
        Challenge.Status.PUBLISHED,
        kommune,
        "Hvordan kan fastboende og hyttefolk reise til og fra Åseral uten egen bil?",
    )
    assert challenge.published_by == User.objects.get(email="admin@gnist.test")
    # Through the services, inside the challenge phase that is open now.
    phase = challenge.participant.round.phases.get(opens_challenges=True)
    assert phase.is_open_at(timezone.now()) is True
    assert list(challenge.events.values_list("action", flat=True)) == [
        ChallengeEvent.Action.CREATED,
        ChallengeEvent.Action.SAVED,
        ChallengeEvent.Action.IMAGE_ADDED,
        ChallengeEvent.Action.SUBMITTED,
        ChallengeEvent.Action.PUBLISHED,
    ]
    assert all(phase.is_open_at(event.at) for event in challenge.events.all())
    [question] = challenge.questions.all()
    assert (question.status, question.asked_by.email, question.answered_by, question.is_clarification) == (
        Question.Status.PUBLISHED,
        "leverandor@gnist.test",
        kommune,
        False,
    )
    assert question.asked_at < question.published_at < timezone.now()


def test_the_demo_municipality_account_can_write_in_the_open_round(db, settings, client):
    settings.DEBUG = False
    seed()
    challenge = Challenge.objects.get(participant__round__number=6)
    client.force_login(User.objects.get(email="kommune@gnist.test"))

    edit = client.get(reverse("challenges:edit", kwargs={"pk": challenge.pk}))
    start = client.get(reverse("challenges:start"))

    assert (edit.status_code, edit.context["form"]["title"].value()) == (200, challenge.title)
    assert start.status_code == 200
    assert list(start.context["participants"]) == [challenge.participant]


def test_the_demo_supplier_can_ask_about_the_open_round_s_challenge(db, settings, client):
    settings.DEBUG = False
    seed()
    challenge = Challenge.objects.get(participant__round__number=6)
    supplier = User.objects.get(email="leverandor@gnist.test")
    client.force_login(supplier)

    page = client.get(challenge.get_absolute_url())
    asked = client.post(
        reverse("challenges:question_ask", kwargs={"pk": challenge.pk}),
        {"text": "Kan løsningen bygge på bestillingstransporten som finnes i dag?"},
    )

    assert (page.status_code, page.context["can_ask"], page.context["question_form"] is not None) == (
        200,
        True,
        True,
    )
    assert "Har kommunen tall på hvor mange som reiser mellom Åseral og Kristiansand" in page.content.decode()
    assert (asked.status_code, asked["Location"]) == (302, challenge.get_absolute_url())
    assert list(
        challenge.questions.filter(status=Question.Status.ASKED).values_list("asked_by", "original_text")
    ) == [(supplier.pk, "Kan løsningen bygge på bestillingstransporten som finnes i dag?")]
