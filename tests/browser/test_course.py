"""A participant takes module 1 of the course with the keyboard only, and every course page passes axe and
the CSP check in bokmål and English."""

import pytest
from django.urls import reverse
from django.utils import translation

from competence import services
from competence.loading import load_course
from competence.models import LessonCompletion, QuizAttempt
from municipalities.models import Membership
from tests.browser.harness import check_accessibility, sign_in
from tests.competence.conftest import CONTENT
from tests.competence.helpers import finish_course
from tests.factories import MembershipFactory, verified_user

pytestmark = pytest.mark.browser


@pytest.fixture
def course(transactional_db):
    return load_course(CONTENT)


@pytest.fixture
def learner(transactional_db):
    return verified_user(email="laerer@example.no", name="Lise Lærer")


def tab_to_element(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def tab_to(page, text: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text starts with `text` (fails if it never does)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(document.activeElement.innerText || document.activeElement.value || '').trim()"
        )
        if focused.startswith(text):
            return
    pytest.fail(f"Tab never reached “{text}” on {page.url}")


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.mark.journey
def test_participant_completes_a_module_with_the_keyboard(page, course, learner):
    sign_in(page, learner)
    module = course.modules.get(slug="innsikt")
    lessons = list(module.lessons.all())

    page.goto(reverse("competence:course"))
    check_accessibility(page)
    tab_to(page, "Modul 1: Designdrevet innovasjon")
    press_and_wait(page, "Enter")
    check_accessibility(page)
    tab_to(page, lessons[0].title)
    press_and_wait(page, "Enter")
    for index, lesson in enumerate(lessons):
        assert page.locator("h1").inner_text() == lesson.title
        check_accessibility(page)
        tab_to(page, "Merk som fullført")
        # Marking a lesson done goes on to the next lesson, and after the last to the module page.
        press_and_wait(page, "Space" if index % 2 else "Enter")
    assert page.locator("h1").inner_text() == f"Modul 1: {module.title}"
    check_accessibility(page)
    tab_to(page, module.quiz.title)
    press_and_wait(page, "Enter")

    check_accessibility(page)
    # Radio groups: Tab enters a group, the arrow keys move the choice, Space selects the focused one.
    tab_to_element(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")  # the second choice (wrong) …
    page.keyboard.press("ArrowUp")  # … and back to the first (right)
    for _ in range(module.quiz.questions.count() - 1):
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
    tab_to(page, "Send inn svarene")
    press_and_wait(page, "Enter")

    assert page.locator("h1").inner_text() == "Resultat: Quiz om innsikt"
    assert page.get_by_text("Du har bestått").is_visible()
    check_accessibility(page)
    assert LessonCompletion.objects.filter(user=learner).count() == len(lessons)
    assert list(QuizAttempt.objects.filter(user=learner).values_list("score", "passed")) == [(100, True)]


@pytest.mark.journey
def test_marking_a_lesson_done_lands_on_the_next_lesson(page, course, learner):
    module = course.modules.get(slug="innsikt")
    first, second = module.lessons.order_by("order")[:2]
    sign_in(page, learner)
    page.goto(reverse("competence:course"))

    page.get_by_role("link", name=f"Modul 1: {module.title}").click()
    page.get_by_role("link", name=first.title, exact=True).click()
    page.get_by_role("button", name="Merk som fullført").click()

    page.wait_for_url(f"**/{second.slug}/")
    assert page.locator("h1").inner_text() == second.title
    assert page.get_by_text("Leksjonen er merket som fullført.").is_visible()
    check_accessibility(page)
    assert list(LessonCompletion.objects.filter(user=learner).values_list("lesson", flat=True)) == [first.pk]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_course_page_is_accessible(page, settings, tmp_path, course, learner, language):
    settings.MEDIA_ROOT = str(tmp_path)
    MembershipFactory(user=learner, role=Membership.Role.ADMIN)
    finish_course(course, learner)
    certificate = services.request_certificate(course, actor=learner)
    services.set_team_sharing(actor=learner, shared=True)
    module = course.modules.get(slug="innsikt")
    canvas_module = course.modules.get(slug="medvirkning")
    lesson = module.lessons.first()
    entry = services.save_notebook_entry(
        module.exercises.first(), actor=learner, answers={"answer": "Mitt svar"}
    )
    attempt = services.submit_quiz(module.quiz, actor=learner, answers={})
    with translation.override(language):
        urls = [
            reverse("competence:course"),
            module.get_absolute_url(),
            lesson.get_absolute_url(),
            module.exercises.first().get_absolute_url(),
            canvas_module.exercises.get(slug="lerret").get_absolute_url(),
            reverse("competence:quiz", kwargs={"module": module.slug}),
            attempt.get_absolute_url(),
            reverse("competence:notebook"),
            entry.get_absolute_url(),
            reverse("competence:certificate"),
            reverse("competence:verify", kwargs={"code": certificate.code}),
            reverse("competence:team", kwargs={"number": learner.memberships.get().municipality.number}),
            reverse("competence:verify", kwargs={"code": "FAKE-CODE-0000"}),
        ]
    for url in urls[:4]:  # as a visitor
        page.goto(url)
        check_accessibility(page)
    sign_in(page, learner)
    for url in urls:
        page.goto(url)
        assert page.evaluate("document.documentElement.lang") == language
        if "FAKE" in url:
            page.gnist_errors.clear()  # the forged code is meant to answer 404
        check_accessibility(page)
