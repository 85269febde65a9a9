"""A supplier asks about a published challenge, its staff rephrase and answer, and everyone reads the answer
without the asker's name; the Q&A pages, the alert settings and the unsubscribe page pass axe and the CSP."""

import pytest
from django.urls import reverse

from challenges import alerts
from challenges.models import Question
from tests.browser.harness import check_accessibility, sign_in
from tests.factories import verified_user

pytestmark = pytest.mark.browser


@pytest.mark.journey
def test_a_supplier_asks_staff_answer_and_everyone_reads_it_without_the_name(
    page, open_round, published_challenge
):
    staff, challenge = open_round.staff, published_challenge
    supplier = verified_user(email="leverandor@example.no", name="Siri Leverandør")

    sign_in(page, supplier)
    page.goto(challenge.get_absolute_url())
    page.locator("#questions button[type=submit]").first.click()  # empty: the error summary
    page.wait_for_load_state()
    assert page.locator("ds-error-summary a[href='#id_text']").is_visible()
    check_accessibility(page)
    page.locator("textarea[name=text]").fill("Kan Siri Leverandør AS levere sammen med andre?")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(reverse("challenges:alerts"))
    check_accessibility(page)
    page.goto(
        reverse("challenges:unsubscribe", kwargs={"token": alerts.settings_for(supplier).unsubscribe_token})
    )
    check_accessibility(page)

    page.context.clear_cookies()
    sign_in(page, staff)
    page.goto(reverse("challenges:question_list", kwargs={"pk": challenge.pk}))
    check_accessibility(page)
    page.locator("main ul a").first.click()
    page.wait_for_load_state()
    check_accessibility(page)
    answer_form = page.locator(
        f"form[action='{reverse('challenges:question_answer', args=[Question.objects.get().pk])}']"
    )
    answer_form.locator("textarea[name=text]").fill("Kan leverandører levere sammen?")
    answer_form.locator("textarea[name=answer]").fill("Ja, som konsortium.")
    answer_form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    page.context.clear_cookies()
    page.goto(challenge.get_absolute_url())
    check_accessibility(page)
    questions = page.locator("#questions").inner_text()
    assert ("Kan leverandører levere sammen?" in questions, "Siri" in page.content()) == (True, False)
