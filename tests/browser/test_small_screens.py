"""A phone, 320 px wide (or a desktop zoomed to 400 %): every page each demo role reaches by following links
fits the screen without sideways scrolling and passes axe (check_accessibility measures the width)."""

import io
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User
from challenges.models import Question
from tests.browser.harness import check_accessibility, sideways_scroll, sign_in
from tests.challenges.publishing import made_challenge
from tests.factories import ParticipantFactory, ThemeFactory

pytestmark = pytest.mark.browser

# Pages of one kind share a template, so one of each is walked; these differ by content (lessons carry
# diagrams and long words, rounds their tables and maps), so the visitor walks each of them.
EVERY_ONE = {"competence:lesson", "competence:module", "municipalities:round_detail"}
# Files, redirects out of the site and sign-out are no pages to look at.
NOT_PAGES = {
    "competence:notebook_download",
    "competence:certificate_download",
    "accounts:export",
    "challenges:catalogue_csv",
    "challenges:catalogue_json",
    "challenges:feed",
    "challenges:theme_feed",
    "challenges:county_feed",
    "challenges:attachment",
    "challenges:image",
    "admin:view_on_site",
    "admin:logout",
    "account_logout",
}


@pytest.fixture
def demo_accounts(transactional_db, settings):
    # The demo admin has no TOTP; the staff MFA requirement has tests of its own (tests/accounts).
    settings.GNIST_REQUIRE_STAFF_MFA = False
    call_command("seed_demo", allow_demo_accounts=True, stdout=io.StringIO())


def page_kind(path: str, every_one: set[str]) -> str | None:
    """The page's URL name, with its arguments where each page of that name is walked; None if not a page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None  # another language's prefix, static and media files
    # Django admin's delete confirmations list related objects as unbreakable lines (394 px): a known gap.
    if match.view_name in NOT_PAGES or (
        match.view_name.startswith("admin:") and match.view_name.endswith("_delete")
    ):
        return None
    return (
        f"{match.view_name}{sorted(match.kwargs.items())}"
        if match.view_name in EVERY_ONE
        else match.view_name
    )


def walk(page, start: list[str], every_one: set[str]) -> set[str]:
    """Visit every kind of page reachable by links from `start`, checking each; return the kinds visited."""
    seen, queue = set(), list(start)
    while queue:
        path = queue.pop(0)
        kind = page_kind(path, every_one)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        page.goto(path)
        if kind.startswith("admin:") and kind != "admin:index":
            # Django's own admin widgets fail axe (list_editable and filter_horizontal lack labels); the
            # admin pages we write are axe-checked in test_selection. Here only the width counts.
            assert (path, sideways_scroll(page)) == (path, [])
        else:
            check_accessibility(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            url = urlsplit(urljoin(page.url, href))
            if url.netloc == urlsplit(page.url).netloc:
                queue.append(url.path)
    return {kind.split("[")[0] for kind in seen}


@pytest.mark.parametrize(
    ("account", "start", "expected"),
    [
        (None, ["/"], {"municipalities:round_detail", "competence:lesson"}),
        ("deltaker", ["/", "/profil/"], {"competence:notebook", "competence:certificate", "competence:quiz"}),
        # The application list has no link yet (issue 8, Findability): start there.
        (
            "kommune",
            ["/", "/profil/", "/soknader/"],
            {"municipalities:team", "municipalities:application_detail"},
        ),
        ("admin", ["/admin/"], {"admin:municipalities_application_changelist"}),
    ],
    ids=["anonymous", "participant", "municipality staff", "programme admin"],
)
def test_every_page_fits_a_320px_screen(page, demo_accounts, account, start, expected):
    page.set_viewport_size({"width": 320, "height": 640})
    if account:
        sign_in(page, User.objects.get(email=DEMO_ACCOUNTS[account][0]), password=DEMO_PASSWORD)

    visited = walk(page, start, every_one=set() if account else EVERY_ONE)

    assert expected - visited == set()


def test_catalogue_shows_its_results_before_the_filters_on_a_phone(page, transactional_db):
    """The filters fold into a disclosure: the first challenge is within two screens, not after three of
    filters; a quick filter opens them again, and a link skips past them to the results."""
    themes = [ThemeFactory(slug=f"tema-{number}", name=f"Tema {number}") for number in range(12)]
    for number in range(3):
        made_challenge(ParticipantFactory(display_name=f"Kommune {number}"), title=f"Utfordring {number}")
    made_challenge(title="Utfordring med tema", themes=themes[:1])
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(reverse("challenges:catalogue"))
    check_accessibility(page)
    filters = page.locator("main details.catalogue-filters")
    assert (
        page.locator("main input[name=q]").is_visible(),
        filters.locator("select").first.is_visible(),
    ) == (
        True,
        False,
    )
    first_result = page.locator("main .round-list h3").first
    assert first_result.bounding_box()["y"] + first_result.bounding_box()["height"] < 2 * 640

    filters.locator("summary").click()
    filters.locator("a[href$='theme=tema-0']").click()
    page.wait_for_load_state()
    check_accessibility(page)
    assert (filters.get_attribute("open"), page.locator("main .round-list h3").all_inner_texts()) == (
        "",
        ["Utfordring med tema"],
    )
    page.locator("main a[href='#results-heading']").click()
    assert page.locator("#results-heading").evaluate(
        "(heading) => heading.getBoundingClientRect().top >= 0 && heading.getBoundingClientRect().top < 640"
    )


def test_answers_on_a_challenge_page_use_the_phones_width(page, transactional_db):
    """An answer is set off by a rule at its start edge, not by the browser's 40 px indent of a <dd>."""
    challenge = made_challenge()
    Question.objects.create(
        challenge=challenge,
        status=Question.Status.PUBLISHED,
        text="Kan vi levere sammen med andre?",
        answer="Ja, som konsortium.",
        published_at=timezone.now(),
    )
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(challenge.get_absolute_url())
    check_accessibility(page)

    question, answer = page.locator("#questions dl dt").first, page.locator("#questions dl dd").first
    indent = answer.bounding_box()["x"] - question.bounding_box()["x"]
    rule = answer.evaluate("(dd) => getComputedStyle(dd).borderInlineStartWidth")
    assert (indent, rule) == (0, "4px")
