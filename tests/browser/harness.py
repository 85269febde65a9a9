"""What every browser test uses: where Chromium is, and the accessibility and CSP check each test calls."""

import os
import time
from pathlib import Path

import pytest
from allauth.mfa import app_settings as allauth_mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse
from playwright.sync_api import Page

from tests.factories import PASSWORD

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("GNIST_CHROMIUM", "/usr/bin/chromium"))
MISSING = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
# Debian's Chromium, never a downloaded browser; no network, no background services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Runs before any page script: records every Content-Security-Policy violation the page causes.
CSP_LISTENER = """
window.__gnistCspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const what = event.blockedURI || "inline";
  const where = `${event.sourceFile || ""}:${event.lineNumber}`;
  window.__gnistCspViolations.push(`${event.violatedDirective} blocked ${what} at ${where}`);
});
"""


def watch_page(page: Page) -> None:
    """Collect console errors, uncaught exceptions and failed responses of `page` (CSP violations are console
    errors too)."""
    page.gnist_errors = []
    page.gnist_checked = False
    page.on("console", lambda message: _on_console(page, message))
    page.on("pageerror", lambda error: page.gnist_errors.append(f"uncaught: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and page.gnist_errors.append(f"HTTP {response.status} for {response.url}")
        ),
    )


def _on_console(page: Page, message) -> None:
    source = message.location.get("url") or page.url
    # Chromium asks for /favicon.ico on its own; that request belongs to the browser, not to the page.
    if message.type == "error" and not source.endswith("/favicon.ico"):
        page.gnist_errors.append(f"{message.text} ({source})")


def check_accessibility(page: Page) -> None:
    """Fail unless the page has no axe-core WCAG 2.0/2.1 A/AA violations, CSP violations or browser errors,
    and does not scroll sideways at the current window width (WCAG 1.4.10 Reflow; axe does not measure it).

    axe is injected with `page.evaluate` (a DevTools call the page's CSP does not govern), so the CSP stays
    enforced and an inline script or style is caught here instead of being let through by `bypass_csp`.
    """
    page.gnist_checked = True
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())
    violations = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
            .then((results) => results.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")),
            })))""",
        WCAG_TAGS,
    )
    csp = page.evaluate("window.__gnistCspViolations || []")
    problems = [
        f"axe {v['id']} ({v['impact']}): {v['help']} — {', '.join(v['targets'][:10])}" for v in violations
    ]
    problems += sideways_scroll(page)
    problems += [f"CSP violation: {text}" for text in csp]
    problems += [f"browser console: {text}" for text in page.gnist_errors]
    if problems:
        pytest.fail(f"{page.url} has {len(problems)} problem(s):\n  " + "\n  ".join(problems), pytrace=False)


def sideways_scroll(page: Page) -> list[str]:
    """The problem, if any, of a page wider than its window (WCAG 1.4.10 Reflow)."""
    # Measure the settled layout: text is wider in the fallback font than in Inter until Inter has loaded.
    page.evaluate("document.fonts.ready.then(() => true)")
    content, window = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if content > window:
        return [f"the page scrolls sideways: {content} px wide in a {window} px window"]
    return []


def sign_in(page: Page, user, password: str = PASSWORD) -> None:
    """Sign in through the site's own form, as a person would."""
    page.goto(reverse("account_login"))
    form = page.locator("main form")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def totp_code(secret: str) -> str:
    """The two-factor code an authenticator app shows now for `secret`, with at least five seconds of its
    period left: a code read in the last moment of its period is refused when the browser sends it (allauth
    accepts the current period only), which made journeys fail now and then."""
    period = allauth_mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
