"""A phone, 320 px wide (or a desktop zoomed to 400 %): every page each demo role reaches by following links
fits the screen without sideways scrolling and passes axe (check_accessibility measures the width)."""

import io
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User
from tests.browser.harness import check_accessibility, sideways_scroll, sign_in

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
