import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competence import services
from competence.models import LessonCompletion, NotebookEntry, QuizAttempt, TeamSharing
from gnist.personal_data import export_for
from municipalities.models import Membership
from tests.competence.helpers import finish_module
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import ROLES, as_role, count_queries, denial_reason


def grow(course, n: int) -> None:
    """More people with progress, notebooks and attempts: data that could make a page's query count grow."""
    for module in course.modules.all():
        for _ in range(n):
            user = UserFactory()
            finish_module(module, user)
            for exercise in module.exercises.all():
                services.save_notebook_entry(exercise, actor=user, answers={"answer": "x", "problem": "y"})


def test_anonymous_reads_everything_and_gets_sign_in_prompts(client, course, module1):
    lesson = module1.lessons.first()

    for url in [
        reverse("competence:course"),
        module1.get_absolute_url(),
        lesson.get_absolute_url(),
        module1.exercises.first().get_absolute_url(),
        reverse("competence:quiz", kwargs={"module": module1.slug}),
        reverse("competence:notebook"),
        reverse("competence:certificate"),
    ]:
        response = client.get(url)
        assert (url, response.status_code) == (url, 200)
        assert reverse("account_login") + "?next=" in response.content.decode()
    assert (
        "Design er en <strong>arbeidsmåte</strong>" in client.get(lesson.get_absolute_url()).content.decode()
    )


def test_anonymous_post_is_sent_to_sign_in(client, course, module1):
    lesson = module1.lessons.first()

    response = client.post(
        reverse("competence:lesson_done", kwargs={"module": module1.slug, "lesson": lesson.slug})
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert LessonCompletion.objects.count() == 0


def test_lesson_page_in_english(client, course, module1):
    lesson = module1.lessons.first()
    with __import__("django.utils.translation").utils.translation.override("en"):
        url = lesson.get_absolute_url()

    content = client.get(url).content.decode()

    assert url.startswith("/en/kompetanse/")
    assert "Design as a way of working" in content


def test_lesson_page_in_nynorsk_shows_the_nynorsk_body_and_falls_back_to_bokmal(client, course, module1):
    lesson, diamond = module1.lessons.order_by("order")
    with __import__("django.utils.translation").utils.translation.override("nn"):
        url, fallback_url = lesson.get_absolute_url(), diamond.get_absolute_url()

    content = client.get(url).content.decode()

    assert url.startswith("/nn/kompetanse/")
    assert "Design er ein <strong>arbeidsmåte</strong>" in content
    assert "Kva er design?" in content
    assert "Design er en <strong>arbeidsmåte</strong>" not in content
    assert (
        "To faser: utforske og avgrense." in client.get(fallback_url).content.decode()
    )  # no nn body: bokmål


def test_mark_lesson_done_goes_on_to_the_next_lesson_then_the_module_in_constant_queries(
    client, cast, course, module1
):
    client.force_login(cast.participant)
    first, last = module1.lessons.order_by("order")
    counts, landed = [], []
    for lesson in (first, last):
        url = reverse("competence:lesson_done", kwargs={"module": module1.slug, "lesson": lesson.slug})
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url)
        counts.append(len(queries))
        landed.append(response.url)

    assert landed == [last.get_absolute_url(), module1.get_absolute_url()]
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Leksjonen er merket som fullført."] * 2
    assert counts == [8, 8]  # the session is read from the cache
    assert LessonCompletion.objects.filter(user=cast.participant).count() == 2


def test_lesson_done_is_post_only(client, cast, course, module1):
    client.force_login(cast.participant)
    lesson = module1.lessons.first()

    response = client.get(
        reverse("competence:lesson_done", kwargs={"module": module1.slug, "lesson": lesson.slug})
    )

    assert response.status_code == 405


def test_saving_an_exercise_goes_to_the_notebook_in_constant_queries(client, cast, course, module2):
    client.force_login(cast.participant)
    canvas = module2.exercises.get(slug="lerret")
    data = {
        "problem": "Tomme lokaler",
        "affected": "Ungdom",
        "advantages": "",
        "anchoring": "",
        "success": "",
    }

    counts = []
    for text in ["Tomme lokaler", "Fraflytting"]:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(canvas.get_absolute_url(), {**data, "problem": text})
        counts.append(len(queries))
        assert response.url == canvas.get_absolute_url()

    entry = NotebookEntry.objects.get()
    assert (entry.user, entry.answers["problem"], entry.answers["affected"]) == (
        cast.participant,
        "Fraflytting",
        "Ungdom",
    )
    assert counts == [10, 8]  # creating the entry needs a savepoint; the session comes from the cache


def test_empty_exercise_answer_is_refused_with_an_error_summary(client, cast, course, module1):
    client.force_login(cast.participant)
    exercise = module1.exercises.first()

    response = client.post(exercise.get_absolute_url(), {"answer": "  "})

    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert NotebookEntry.objects.count() == 0


def test_quiz_submit_shows_score_and_the_explanation_of_the_choice_made(client, cast, course, module1):
    client.force_login(cast.participant)
    quiz = module1.quiz
    questions = list(quiz.questions.all())
    data = {f"q{q.pk}": q.choices.get(correct=True).pk for q in questions}
    data[f"q{questions[0].pk}"] = questions[0].choices.get(correct=False).pk

    response = client.post(reverse("competence:quiz", kwargs={"module": module1.slug}), data, follow=True)

    attempt = QuizAttempt.objects.get()
    content = response.content.decode()
    assert (attempt.score, attempt.passed) == (75, True)
    assert response.redirect_chain == [(attempt.get_absolute_url(), 302)]
    assert "Nei, da låser du deg." in content  # the explanation of the wrong answer chosen
    assert (
        "Riktig: forstå først." not in content
    )  # not the right one's, which is written for those who chose it
    assert "Riktig svar: <strong>Problemet</strong>" in content


def test_quiz_without_every_answer_is_refused(client, cast, course, module1):
    client.force_login(cast.participant)

    response = client.post(reverse("competence:quiz", kwargs={"module": module1.slug}), {})

    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert QuizAttempt.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_quiz_result_is_404_for_everyone_but_its_owner(client, cast, course, module1, role):
    attempt = services.submit_quiz(module1.quiz, actor=UserFactory(), answers={})
    as_role(client, role)

    assert client.get(attempt.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [(role, 200 if role == "staff" else 404) for role in [*ROLES, "editor"]],
)
def test_notebook_entry_is_404_for_anyone_but_its_owner(
    client, cast, editor, course, module1, role, expected
):
    entry = services.save_notebook_entry(
        module1.exercises.first(), actor=cast.staff, answers={"answer": "Hemmelig"}
    )
    as_role(client, role)

    assert client.get(entry.get_absolute_url()).status_code == expected
    assert ("Hemmelig" in client.get(reverse("competence:notebook")).content.decode()) == (expected == 200)


def test_notebook_shows_and_downloads_own_entries(client, cast, course, module1):
    services.save_notebook_entry(
        module1.exercises.first(), actor=cast.participant, answers={"answer": "Mitt svar"}
    )
    client.force_login(cast.participant)

    page = client.get(reverse("competence:notebook")).content.decode()
    markdown = client.get(reverse("competence:notebook_download", kwargs={"fmt": "md"}))
    text = client.get(reverse("competence:notebook_download", kwargs={"fmt": "txt"}))

    assert "Mitt svar" in page
    assert markdown["Content-Disposition"] == 'attachment; filename="gnist-notatbok.md"'
    assert "## Designdrevet innovasjon: Din erfaring" in markdown.content.decode()
    assert "Mitt svar" in text.content.decode()
    assert client.get(reverse("competence:notebook_download", kwargs={"fmt": "exe"})).status_code == 404


def test_notebook_costs_constant_queries_however_many_entries(client, cast, course, module1, module2):
    client.force_login(cast.participant)
    first, *others = [*module1.exercises.all(), *module2.exercises.all()]
    assert others, "the course fixture needs more than one exercise for the notebook to grow"
    services.save_notebook_entry(first, actor=cast.participant, answers={"answer": "Første svar"})
    url = reverse("competence:notebook")

    assert count_queries(client, url) == 3
    for exercise in others:
        services.save_notebook_entry(
            exercise, actor=cast.participant, answers={"answer": "Svar", "problem": "P"}
        )
    grow(course, 2)
    assert count_queries(client, url) == 3
    assert len(client.get(url).context["entries"]) == 1 + len(others)


def test_team_view_shows_only_consenting_approved_colleagues(client, cast, course, module1):
    sharing = UserFactory(name="Anne Deler")
    silent = UserFactory(name="Berit Stille")
    pending = UserFactory(name="Carl Venter")
    elsewhere = UserFactory(name="Dag Annensted")
    MembershipFactory(user=sharing, municipality=cast.municipality)
    MembershipFactory(user=silent, municipality=cast.municipality)
    MembershipFactory(user=pending, municipality=cast.municipality, status=Membership.Status.PENDING)
    MembershipFactory(user=elsewhere, municipality=cast.other_municipality)
    for user in [sharing, pending, elsewhere]:
        services.set_team_sharing(actor=user, shared=True)
    for user in [sharing, silent]:
        finish_module(module1, user)
    client.force_login(cast.staff)

    response = client.get(reverse("competence:team", kwargs={"number": cast.municipality.number}))

    rows = response.context["rows"]
    assert [row["user"].name for row in rows] == ["Anne Deler"]
    assert [bool(date) for date in rows[0]["modules"]] == [True, False]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(role, 200 if role == "staff" else 404) for role in [*ROLES, "editor"]],
)
def test_team_view_is_404_for_everyone_but_the_municipality_admin(
    client, cast, editor, course, role, expected
):
    as_role(client, role)

    response = client.get(reverse("competence:team", kwargs={"number": cast.municipality.number}))

    assert response.status_code == expected
    if expected == 200:
        assert response.context["municipality"] == cast.municipality


def test_team_sharing_toggle_for_municipality_staff(client, cast, course):
    client.force_login(cast.staff)
    assert "team-sharing" in client.get(reverse("competence:course")).content.decode()

    client.post(reverse("competence:team_sharing"), {"shared": "on"})
    assert TeamSharing.objects.get(user=cast.staff).shared is True
    client.post(reverse("competence:team_sharing"), {})
    assert TeamSharing.objects.get(user=cast.staff).shared is False


def test_team_sharing_opens_the_course_at_its_message_which_links_to_the_setting(client, cast, course):
    client.force_login(cast.staff)
    course_page = "/en" + reverse("competence:course")

    response = client.post("/en" + reverse("competence:team_sharing"), {"shared": "on"}, follow=True)

    assert response.redirect_chain == [(course_page, 302)]
    assert (
        "Your municipality&#x27;s administrators can now see your course completion. "
        '<a class="ds-link" href="#team-sharing">Go to the sharing setting</a>'
    ) in response.text


def test_team_sharing_is_refused_for_people_outside_municipalities(client, cast, course):
    client.force_login(cast.supplier)

    assert "team-sharing" not in client.get(reverse("competence:course")).content.decode()
    assert client.post(reverse("competence:team_sharing"), {"shared": "on"}).status_code == 403
    assert TeamSharing.objects.count() == 0


NOT_ON_A_TEAM = (
    "Only approved members of a municipality's team can show their course completion to the team's "
    "administrators. Ask to join your municipality's team from its page; once an administrator of the team "
    "approves you, you can share it here."
)


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        ("anonymous", "login"),
        ("participant", NOT_ON_A_TEAM),
        ("staff", "shared"),
        ("other_staff", "shared"),
        ("co_applicant_staff", "shared"),
        ("supplier", NOT_ON_A_TEAM),
        ("juror", NOT_ON_A_TEAM),
        ("programme_admin", NOT_ON_A_TEAM),
        ("waiting", NOT_ON_A_TEAM),  # asked to join a team, not approved yet
    ],
)
def test_team_sharing_per_role_and_why_it_is_refused(client, cast, course, role, outcome):
    if role == "waiting":
        MembershipFactory(user=cast.participant, municipality=cast.municipality, status="pending")
    user = as_role(client, "participant" if role == "waiting" else role)

    response = client.post("/en" + reverse("competence:team_sharing"), {"shared": "on"})

    sharing = list(TeamSharing.objects.filter(shared=True).values_list("user", flat=True))
    if outcome == "login":
        assert (response.status_code, response.url.startswith("/en/konto/"), sharing) == (302, True, [])
    elif outcome == "shared":
        assert (response.status_code, sharing) == (302, [user.pk])
    else:
        assert (denial_reason(response), sharing) == (outcome, [])


def test_course_page_continues_where_you_left_off(client, cast, course, module1):
    lesson = module1.lessons.first()
    services.mark_lesson_done(lesson, actor=cast.participant)
    client.force_login(cast.participant)

    response = client.get(reverse("competence:course"))

    assert response.context["next_lesson"] == module1.lessons.all()[1]
    assert response.context["progress"].steps_done == 1


def test_unpublished_module_is_404(client, course, module2):
    module2.published = False
    module2.save()

    assert client.get(module2.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("signed_in", [False, True])
def test_course_module_and_lesson_pages_cost_constant_queries(client, cast, course, module1, signed_in):
    if signed_in:
        client.force_login(cast.staff)
        finish_module(module1, cast.staff)
    lesson = module1.lessons.first()
    urls = [reverse("competence:course"), module1.get_absolute_url(), lesson.get_absolute_url()]

    small = [count_queries(client, url) for url in urls]
    grow(course, 5)
    large = [count_queries(client, url) for url in urls]

    assert small == large == ([9, 7, 8] if signed_in else [4, 5, 6])


def test_personal_data_export_has_progress_notebook_attempts(cast, course, module1):
    finish_module(module1, cast.participant)
    services.save_notebook_entry(
        module1.exercises.first(), actor=cast.participant, answers={"answer": "Svar"}
    )

    data = export_for(cast.participant)["competence"]

    assert (len(data["lessons_completed"]), data["notebook"][0]["answers"], len(data["quiz_attempts"])) == (
        2,
        {"answer": "Svar"},
        1,
    )
