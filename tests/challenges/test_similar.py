"""Similar challenges on a challenge's page: other municipalities' published challenges, by shared themes
and distinctive shared words, computed ahead and stored, each with the overlap explained in the reader's
language."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from challenges import services, tasks
from challenges.models import Challenge, SimilarChallenges
from challenges.similar import similar_challenges, update_similar_challenges
from challenges.views.public import challenge_queryset, page_lists
from tests.challenges.publishing import made_challenge
from tests.factories import ParticipantFactory, ThemeFactory
from tests.helpers import as_role, count_queries

# The challenge page's queries, cold, on SQLite and PostgreSQL alike: the challenge with its participant,
# round, stored similar challenges, themes, goals and attachments; five prefetches; the page cache's next
# phase change.
PAGE_QUERIES = 7


@pytest.fixture
def housing(db):
    return ThemeFactory(slug="bolig", name="Bolig", name_en="Housing")


def _similar(challenge: Challenge):
    challenge = challenge_queryset().get(pk=challenge.pk)
    return similar_challenges(challenge, page_lists(challenge)["themes"])


def _titles(challenge: Challenge) -> list[str]:
    return [item.title for item in _similar(challenge)]


def _fillers(count: int) -> None:
    """Unrelated challenges: a larger catalogue, in which three challenges sharing a word are not most."""
    for number in range(count):
        made_challenge(title=f"Hvordan styrke havbruk {number}?", summary="Fisk og tare.")


def test_similar_ranks_shared_themes_then_distinctive_words_and_explains(housing):
    tourism = ThemeFactory(slug="reiseliv", name="Reiseliv", name_en="Tourism")
    mine = made_challenge(
        title="Hvordan kan unge finne bolig i sentrum?",
        summary="Tomme hus og hytteeiere.",
        themes=[housing, tourism],
    )
    both = made_challenge(
        title="Hvordan bruke tomme hus?", summary="Hytteeiere og turister.", themes=[housing, tourism]
    )
    one = made_challenge(title="Hvordan få flere hus i sentrum?", summary="Unge flytter.", themes=[housing])
    words_only = made_challenge(title="Hvordan skape liv i sentrum?", summary="Kafeer.")
    _fillers(3)  # nothing in common with the others: left out

    assert update_similar_challenges() == 7
    with translation.override("en"):
        similar = _similar(mine)
        explanations = [item.explanation for item in similar]

    assert [item.pk for item in similar] == [both.pk, one.pk, words_only.pk]
    # The rarer the word and the weightier its field (a title over a summary), the earlier it is named.
    assert explanations == [
        "Both are about housing and tourism; shared words: tomme, hytteeiere, hus",
        "Both are about housing; shared words: unge, sentrum, hus",
        "Shared words: sentrum",
    ]


def test_the_explanation_names_the_themes_in_the_readers_language(client, housing):
    mine = made_challenge(title="Hvordan bo i sentrum?", summary="Tomt.", themes=[housing])
    other = made_challenge(title="Hvordan bygge hus?", summary="Dyrt.", themes=[housing])
    update_similar_challenges()

    bokmål = client.get(mine.get_absolute_url()).content.decode()
    english = client.get(f"/en{mine.get_absolute_url()}").content.decode()

    link = f'<a class="ds-link" href="/utfordringer/{other.pk}/" lang="nb">Hvordan bygge hus?</a>'
    assert link in bokmål
    assert "Begge handler om bolig." in bokmål
    assert (
        f'<a class="ds-link" href="/en/utfordringer/{other.pk}/" lang="nb">Hvordan bygge hus?</a>' in english
    )
    assert "Both are about housing." in english


def test_words_in_most_challenges_and_the_organisational_sections_do_not_count(housing):
    """Every challenge says 'prosjektgruppe' in its summary (boilerplate), and two share a rare word only in
    the partners section (how the work is organised, not what it is about): neither makes them similar."""
    mine = made_challenge(
        title="Hvordan kan eldre bo hjemme?",
        summary="En prosjektgruppe leder arbeidet med velferdsteknologi.",
        partners="Sykehjemsforeningen.",
    )
    kindred = made_challenge(
        title="Hvordan bruke velferdsteknologi?", summary="Prosjektgruppe i helsetjenesten."
    )
    made_challenge(title="Hvordan få turister?", summary="Prosjektgruppe for reiseliv.")
    made_challenge(
        title="Hvordan lage mat?", summary="Prosjektgruppe på kjøkkenet.", partners="Sykehjemsforeningen."
    )
    made_challenge(title="Hvordan bygge veier?", summary="Prosjektgruppe med vegvesenet.")

    update_similar_challenges()

    with translation.override("en"):
        assert [(item.pk, item.explanation) for item in _similar(mine)] == [
            (kindred.pk, "Shared words: velferdsteknologi")
        ]


def test_similar_leaves_out_the_same_municipality_and_unpublished_challenges(housing):
    mine = made_challenge(title="Hvordan bo i sentrum?", themes=[housing])
    same_place = ParticipantFactory(municipalities=list(mine.participant.municipalities.all()))
    made_challenge(same_place, title="Samme kommune, ny runde", themes=[housing])
    made_challenge(title="Utkast", themes=[housing], status=Challenge.Status.DRAFT)
    made_challenge(title="Til vurdering", themes=[housing], status=Challenge.Status.IN_REVIEW)
    made_challenge(title="Lukket", themes=[housing], status=Challenge.Status.CLOSED)

    update_similar_challenges()

    assert _titles(mine) == ["Lukket"]


def test_a_draft_gets_its_list_and_is_in_no_one_elses(housing):
    draft = made_challenge(title="Hvordan bo i sentrum?", themes=[housing], status=Challenge.Status.DRAFT)
    public = made_challenge(title="Hvordan bygge hus?", themes=[housing])

    update_similar_challenges()

    assert (_titles(draft), _titles(public)) == (["Hvordan bygge hus?"], [])


def test_updating_twice_writes_nothing_the_second_time(housing):
    made_challenge(title="Hvordan bo i sentrum?", themes=[housing])
    made_challenge(title="Hvordan bygge hus?", themes=[housing])
    out = StringIO()

    first = update_similar_challenges()
    computed = dict(SimilarChallenges.objects.values_list("challenge", "computed_at"))
    call_command("update_similar_challenges", stdout=out)

    assert first == 2
    assert out.getvalue() == "Similar challenges: 0 lists changed.\n"
    assert dict(SimilarChallenges.objects.values_list("challenge", "computed_at")) == computed


def test_publishing_and_editing_update_the_lists_after_commit(
    cast, complete_draft, housing, django_capture_on_commit_callbacks
):
    other = made_challenge(title="Hvordan bygge hus i sentrum?", themes=[housing])
    in_review = services.submit_challenge(complete_draft, actor=cast.staff)
    update_similar_challenges()
    assert _titles(other) == []

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_challenge(in_review, actor=cast.programme_admin)
    assert _titles(other) == [in_review.title]

    with django_capture_on_commit_callbacks(execute=True):
        services.save_challenge(
            in_review,
            actor=cast.staff,
            version=in_review.version,
            data={"title": "Hvordan kan unge bo i sentrum?"},
            themes=[housing],
        )
    assert _titles(other) == ["Hvordan kan unge bo i sentrum?"]


def test_saving_a_draft_computes_only_its_own_list(
    cast, complete_draft, housing, django_capture_on_commit_callbacks
):
    made_challenge(title="Hvordan bygge hus i sentrum?", themes=[housing])

    with django_capture_on_commit_callbacks(execute=True):
        services.save_challenge(
            complete_draft, actor=cast.staff, version=complete_draft.version, data={}, themes=[housing]
        )

    assert list(SimilarChallenges.objects.values_list("challenge", flat=True)) == [complete_draft.pk]
    assert _titles(complete_draft) == ["Hvordan bygge hus i sentrum?"]


def test_the_task_recomputes_every_list_when_its_challenge_is_gone(housing):
    mine = made_challenge(title="Hvordan bo i sentrum?", themes=[housing])
    gone = made_challenge(title="Hvordan bygge hus?", themes=[housing])
    update_similar_challenges()
    gone_pk = gone.pk
    gone.delete()

    tasks.update_similar_challenges.delay(challenge_id=gone_pk)

    assert _titles(mine) == []


def test_a_public_challenge_deleted_in_the_admin_leaves_every_list_after_commit(
    client, cast, housing, django_capture_on_commit_callbacks
):
    mine = made_challenge(title="Hvordan bo i sentrum?", themes=[housing])
    gone = made_challenge(title="Hvordan bygge hus?", themes=[housing])
    update_similar_challenges()
    assert _titles(mine) == ["Hvordan bygge hus?"]
    as_role(client, "programme_admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:challenges_challenge_delete", args=[gone.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert _titles(mine) == []


def test_a_deleted_draft_queues_nothing(housing, django_capture_on_commit_callbacks):
    draft = made_challenge(title="Hvordan bygge hus?", themes=[housing], status=Challenge.Status.DRAFT)

    with django_capture_on_commit_callbacks() as callbacks:
        draft.delete()

    assert callbacks == []


def test_challenge_page_shows_similar_challenges_in_constant_queries(client, housing):
    mine = made_challenge(title="Hvordan bo i sentrum?", summary="Tomt om kvelden.", themes=[housing])
    made_challenge(title="Hvordan bygge hus?", summary="Annet.", themes=[housing])
    update_similar_challenges()
    assert count_queries(client, mine.get_absolute_url()) == PAGE_QUERIES

    for number in range(6):
        made_challenge(
            title=f"Hvordan bo i sentrum nummer {number}?", summary="Annet.", themes=[housing, ThemeFactory()]
        )
    update_similar_challenges()
    response = client.get(f"/en{mine.get_absolute_url()}")
    assert count_queries(client, mine.get_absolute_url()) == PAGE_QUERIES

    # "sentrum" is in seven of the eight challenges: no longer telling. Equal scores: the newest first.
    with translation.override("en"):
        assert [item.title for item in _similar(mine)] == [
            "Hvordan bo i sentrum nummer 5?",
            "Hvordan bo i sentrum nummer 4?",
            "Hvordan bo i sentrum nummer 3?",
        ]
    content = response.content.decode()
    assert '<h2 class="ds-heading" data-size="md" id="similar-heading">Similar challenges</h2>' in content
    assert content.count("Both are about housing.") == 3


def test_the_demo_challenges_are_explained_without_their_boilerplate(db, django_capture_on_commit_callbacks):
    """seed_demo's ten published challenges (round 3's nine and demo round 6's) share general sections
    (anchoring, partners, sustainability, transfer value): the words the issue found in every explanation are
    gone, and each still has three similar."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--allow-demo-accounts", stdout=StringIO())

    lists = {
        (challenge.participant.round.number, challenge.participant.display_name): _similar(challenge)
        for challenge in Challenge.objects.published().select_related("participant__round")
    }
    shared_words = {word for similar in lists.values() for item in similar for word in item.shared_words}

    assert (len(lists), {len(similar) for similar in lists.values()}) == (10, {3})
    assert (
        shared_words & {"arbeidet", "bedrifter", "bruke", "bygger", "delta", "deltar", "eksempeltekst"}
        == set()
    )
    # Nor the verbs and little words the rarity rule cannot catch among so few (gnist/similarity.py).
    assert (
        shared_words & {"gir", "kommer", "gjør", "skal", "finne", "måter", "igjen", "sammen", "imot"} == set()
    )
