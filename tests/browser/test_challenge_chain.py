"""A challenge's whole chain with the keyboard only: municipality staff write a challenge and send it for
review, a programme admin publishes it, a supplier finds it in the catalogue and asks, staff answer, and an
anonymous visitor reads the answer. Nobody types a URL: the only `goto` is the home page; every step is
reached by links with Tab, Enter, Space and typing. Every Tab stop on the way must show where the focus is,
and every page passes axe and the CSP check."""

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page

from challenges.models import Challenge, Question
from tests.browser.harness import check_accessibility, totp_code
from tests.factories import PASSWORD, verified_user

pytestmark = pytest.mark.browser
# How many Tab presses may lead from one control to the next (a form with its 17 UN goals is long).
MAX_TABS = 200

# Whether the focused element shows that it has the focus (WCAG 2.4.7), and what it is, for the message.
FOCUS_PROBE = """(target) => {
  const element = document.activeElement;
  const what = element ? element.outerHTML.slice(0, 160) : "nothing";
  let problem = "";
  if (!element || element === document.body) {
    // Tab past the last control leaves the page for the browser's own controls, then comes back at the top.
  } else if (!element.matches(":focus-visible")) {
    problem = "focused without :focus-visible";
  } else if (element.classList.contains("ds-skip-link")) {
    // Hidden until focused: showing itself is its focus indicator.
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) problem = "the skip link stays hidden when focused";
  } else {
    // A checkbox's or radio's ring is drawn around its whole field (Designsystemet's .ds-field).
    const ringed = [element, element.closest(".ds-field:has(input[type=checkbox], input[type=radio])")];
    const ring = ringed.some((node) => {
      if (!node) return false;
      const style = getComputedStyle(node);
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
      return outline || style.boxShadow !== "none";
    });
    const box = element.getBoundingClientRect();
    if (!ring) problem = "no visible focus indicator";
    else if (box.width === 0 || box.height === 0) problem = "focused but not shown";
  }
  return {reached: element === target, problem, what};
}"""


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus; every stop on the way must show its focus."""
    assert target.count() == 1, f"{target} should be one element on {page.url}"
    handle = target.element_handle()
    problems = []
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = handle.evaluate(FOCUS_PROBE)
        if stop["problem"] and stop["what"] not in problems:
            problems.append(f"{stop['problem']}: {stop['what']}")
        if stop["reached"]:
            assert problems == [], f"on {page.url}:\n  " + "\n  ".join(problems)
            return
    pytest.fail(f"{target} was not reached with Tab on {page.url}", pytrace=False)


def skip_to_main(page: Page) -> None:
    """The first Tab stop is a visible skip link; Enter on it moves the focus to the main content.

    A page opened at a fragment (`#questions` after asking; `#main`, which a form's redirect keeps from the
    skip link used before sending it) starts Tab there, in the content already; so does a page that opens at
    its messages after an action (base.html focuses them)."""
    if page.evaluate("location.hash || document.activeElement.closest('#main') !== null"):
        return
    page.keyboard.press("Tab")
    skip = page.locator("a.ds-skip-link")
    stop = skip.element_handle().evaluate(FOCUS_PROBE)
    assert (stop["reached"], stop["problem"]) == (True, ""), f"skip link on {page.url}: {stop}"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def follow(page: Page, target: Locator, *, skip: bool = True) -> None:
    """Tab to a link or button (after the skip link when it is in the main content), press Enter and wait
    for the next page, which must pass axe."""
    if skip:
        skip_to_main(page)
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    check_accessibility(page)


def type_into(page: Page, field: Locator, text: str, *, replace: bool = False) -> None:
    tab_to(page, field)
    if replace:
        page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def sign_in(page: Page, user, *, totp_secret: str | None = None) -> None:
    """From any page: the header's "Sign in" link, the e-mail and password typed, Enter (and the two-factor
    code for staff); the person lands on their profile."""
    follow(page, page.locator("header a", has_text="Logg inn"), skip=False)
    form = page.locator("main form")
    type_into(page, form.locator("input[name=login]"), user.email)
    type_into(page, form.locator("input[name=password]"), PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    if totp_secret:
        check_accessibility(page)
        type_into(page, page.locator("input[name=code]"), totp_code(totp_secret))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Min profil"
    check_accessibility(page)


def sign_out(page: Page) -> None:
    follow(page, page.locator("header button[type=submit]", has_text="Logg ut"), skip=False)


def main_link(page: Page, text: str) -> Locator:
    return page.locator("main").get_by_role("link", name=text, exact=True)


@pytest.mark.journey
def test_the_whole_chain_with_the_keyboard_only(page, live_server, open_round):
    staff, admin = open_round.staff, open_round.admin
    supplier = verified_user(email="leverandor@example.no", name="Siri Leverandør")
    page.goto("/")
    check_accessibility(page)

    # Municipality staff start a challenge from their profile, write it and send it for review.
    sign_in(page, staff)
    follow(page, main_link(page, "Dine utfordringer"))
    follow(page, main_link(page, "Skriv en ny utfordring"))
    follow(page, page.locator("main form button[type=submit]"))
    challenge = Challenge.objects.get()
    edit = page.locator("main form")
    skip_to_main(page)
    type_into(page, edit.locator("input[name=title]"), "Hvordan kan flere bo i sentrum?")
    type_into(page, edit.locator("textarea[name=summary]"), "Gnistvik vil ha liv i sentrum.")
    type_into(page, edit.locator("textarea[name=background]"), "Sentrum står tomt om kvelden.")
    type_into(page, edit.locator("textarea[name=needs]"), "Nye boformer.")
    tab_to(page, edit.locator("input[name=themes]").first)
    page.keyboard.press("Space")
    assert edit.locator("input[name=themes]").first.is_checked()
    follow(page, edit.locator("button[name=submit]"), skip=False)
    assert page.locator("h1").inner_text() == "Send utfordringen til gjennomgang"
    follow(page, page.locator("main form button[type=submit]"))
    challenge.refresh_from_db()
    assert (challenge.status, challenge.title) == (
        Challenge.Status.IN_REVIEW,
        "Hvordan kan flere bo i sentrum?",
    )
    sign_out(page)

    # A programme admin finds it in the review queue from their profile and publishes it on its page.
    sign_in(page, admin, totp_secret=open_round.totp_secret)
    follow(page, page.locator(f"main a[href='{reverse('challenges:review_list')}']"))
    follow(page, main_link(page, challenge.title))
    follow(page, page.locator("main").get_by_role("button", name="Publiser", exact=True))
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PUBLISHED
    sign_out(page)

    # A supplier finds it in the catalogue and asks a question.
    sign_in(page, supplier)
    follow(page, page.locator("header nav a", has_text="Utfordringer"), skip=False)
    follow(page, main_link(page, challenge.title))
    skip_to_main(page)
    type_into(
        page, page.locator("#questions textarea[name=text]"), "Kan Siri Leverandør AS levere med andre?"
    )
    follow(page, page.locator("#questions").get_by_role("button", name="Send spørsmålet"), skip=False)
    question = Question.objects.get()
    assert (question.status, question.asked_by) == (Question.Status.ASKED, supplier)
    sign_out(page)

    # Staff go from their profile to the challenge, to the waiting question, rephrase it and answer.
    sign_in(page, staff)
    follow(page, main_link(page, "Dine utfordringer"))
    follow(page, main_link(page, challenge.title))
    follow(page, main_link(page, "Svar på spørsmål"))
    follow(page, page.locator(f"main ul a[href$='/sporsmal/{question.pk}/']"))
    answer = page.locator("main form").first
    skip_to_main(page)
    type_into(page, answer.locator("textarea[name=text]"), "Kan leverandører levere sammen?", replace=True)
    type_into(page, answer.locator("textarea[name=answer]"), "Ja, som konsortium.")
    follow(page, answer.get_by_role("button", name="Publiser svaret"), skip=False)
    question.refresh_from_db()
    assert (question.status, question.text) == (Question.Status.PUBLISHED, "Kan leverandører levere sammen?")
    sign_out(page)

    # Anyone reads the question and answer on the challenge's page, without the asker's name.
    follow(page, page.locator("header nav a", has_text="Utfordringer"), skip=False)
    follow(page, main_link(page, challenge.title))
    questions = page.locator("#questions").inner_text()
    assert (
        "Kan leverandører levere sammen?" in questions,
        "Ja, som konsortium." in questions,
        "Siri" in page.content(),
    ) == (True, True, False)
