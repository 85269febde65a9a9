"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium these tests are skipped and the run ends with a loud banner (printed by
tests/conftest.py, which the reporting process loads under pytest-xdist too); with CI=true a missing Chromium
fails them instead.
"""

import io
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.test import override_settings

from challenges.models import Challenge
from municipalities.models import Membership
from tests.browser.harness import BASE_DIR, CHROMIUM, CHROMIUM_ARGS, CSP_LISTENER, MISSING, watch_page
from tests.challenges.publishing import made_challenge, open_challenge_round
from tests.factories import MembershipFactory, ParticipantFactory, ThemeFactory, verified_user

IN_CI = os.environ.get("CI", "").lower() == "true"
# What `make install` bundles (see the Makefile): pages load build/static/bundle/site.css and site.js.
BUNDLE = BASE_DIR / "build" / ".built"
BUNDLE_SOURCES = [
    BASE_DIR / "frontend" / "site.css",
    BASE_DIR / "frontend" / "site.js",
    BASE_DIR / "static" / "css" / "gnist.css",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser") and not CHROMIUM.exists() and not IN_CI:
            item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(scope="session")
def _plain_http():
    """The live server speaks plain HTTP on loopback; everything else stays as in production (DEBUG off,
    `__Host-` secure cookies, which Chromium accepts from localhost). Session-wide because the server builds
    its middleware, which reads SECURE_SSL_REDIRECT, once."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http, live_server):
    return live_server


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{MISSING}; browser tests are required when CI=true.", pytrace=False)
    if not BUNDLE.exists() or BUNDLE.stat().st_mtime < max(path.stat().st_mtime for path in BUNDLE_SOURCES):
        pytest.fail(
            "The pages' style sheet and script are missing or older than their sources: run `make install`."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django would then refuse the ORM calls tests
    # make between browser steps. Package-scoped so that it ends with the browser tests. The live server
    # answers in its own thread, unaffected.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 320, "height": 640}}


def pytest_generate_tests(metafunc):
    """A `@pytest.mark.journey` test runs twice: on a desktop screen and on a 320 px phone."""
    if metafunc.definition.get_closest_marker("journey"):
        metafunc.parametrize("screen", list(SCREENS), indirect=True)


@pytest.fixture
def screen(request):
    return getattr(request, "param", "desktop")


@pytest.fixture
def page(browser, live_server, request, screen):
    """A fresh browser context on the live server, on a desktop screen (or a phone, for journeys). The CSP
    is not bypassed: `check_accessibility` injects axe through DevTools, so inline scripts and styles still
    show up as CSP violations."""
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=SCREENS[screen])
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    watch_page(page)
    yield page
    checked = page.gnist_checked
    context.close()
    if not checked and not getattr(request.node, "rep_call_failed", True):
        pytest.fail("Every browser test must call check_accessibility(page).", pytrace=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call_failed = report.failed
    return report


@pytest.fixture
def demo_data(transactional_db):
    """The reference data from `seed_demo` (counties, municipalities, rounds and participants)."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def open_round(transactional_db) -> SimpleNamespace:
    """A round whose challenge phase is open (questions too), with Gnistvik as its Gnist `participant`,
    Gnistvik's admin `staff`, the theme Bolig, and a programme admin `admin` whose authenticator holds
    `totp_secret`."""
    round_ = open_challenge_round()
    staff = verified_user(email="stab@example.no", name="Stine Stab")
    membership = MembershipFactory(user=staff, role=Membership.Role.ADMIN, municipality__name="Gnistvik")
    participant = ParticipantFactory(
        round=round_, municipalities=[membership.municipality], display_name="Gnistvik"
    )
    ThemeFactory(slug="bolig", name="Bolig")
    admin = verified_user(email="admin@example.no", name="Pia Program", is_staff=True, is_superuser=True)
    totp_secret = generate_totp_secret()
    TOTP.activate(admin, totp_secret)
    return SimpleNamespace(participant=participant, staff=staff, admin=admin, totp_secret=totp_secret)


@pytest.fixture
def published_challenge(open_round) -> Challenge:
    """A published challenge of `open_round`'s participant, open for questions."""
    return made_challenge(
        open_round.participant, title="Hvordan kan flere bo i sentrum?", summary="Sentrum står tomt."
    )
