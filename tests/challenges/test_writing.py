"""Municipality staff write their challenges: start (also from the course's canvas), edit, send for review,
close, and find them again — and nobody else can."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from challenges import services
from challenges.models import Challenge
from challenges.views.writing import challenge_notices
from competence.loading import load_course
from competence.models import NotebookEntry
from tests.challenges.publishing import LOCKED, READERS_TOLD, THE_TEAM_WRITES, lock
from tests.competence.conftest import CONTENT
from tests.factories import ParticipantFactory
from tests.helpers import ROLES, as_role, count_queries, denial_reason


def status_or_login(response) -> int | str:
    """The status code, or "login" for a redirect to the sign-in page."""
    if response.status_code == 302 and response.url.startswith(reverse("account_login")):
        return "login"
    return response.status_code


def form_data(challenge: Challenge, **changes) -> dict:
    """What the edit form posts for `challenge` as it is stored, with `changes`."""
    data = {name: getattr(challenge, name) for name in Challenge.TEXT_FIELDS}
    data |= {
        "version": challenge.version,
        "language": challenge.language,
        "themes": [theme.pk for theme in challenge.themes.all()],
        "goals": [],
    }
    return data | changes


@pytest.fixture
def published(cast, complete_draft) -> Challenge:
    services.submit_challenge(complete_draft, actor=cast.staff)
    return services.publish_challenge(complete_draft, actor=cast.programme_admin)


# --- permission tables -----------------------------------------------------------------------------------

DRAFT_PAGES = {
    "anonymous": "login",
    "participant": 404,
    "staff": 200,
    "other_staff": 404,
    "co_applicant_staff": 404,
    "supplier": 404,
    "juror": 404,
    "programme_admin": 403,  # a moderator reads the draft but does not write it
}


@pytest.mark.parametrize("name", ["edit", "submit"])
@pytest.mark.parametrize("role", ROLES)
def test_only_the_participants_staff_open_a_drafts_edit_and_submit_pages(
    client, cast, complete_draft, name, role
):
    as_role(client, role)

    response = client.get(reverse(f"challenges:{name}", kwargs={"pk": complete_draft.pk}))

    assert status_or_login(response) == DRAFT_PAGES[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_save_a_draft(client, cast, complete_draft, role):
    as_role(client, role)

    response = client.post(
        reverse("challenges:edit", kwargs={"pk": complete_draft.pk}),
        form_data(complete_draft, summary="Endret."),
    )

    assert (status_or_login(response), Challenge.objects.get(pk=complete_draft.pk).summary) == (
        (302, "Endret.") if role == "staff" else (DRAFT_PAGES[role], "Sentrum står tomt om kvelden.")
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("participant", 403),
        ("staff", 200),
        ("other_staff", 403),  # a published challenge is public: they read it, and may not write it
        ("co_applicant_staff", 403),
        ("supplier", 403),
        ("juror", 403),
        ("programme_admin", 403),
    ],
)
def test_a_published_challenges_edit_page_is_its_staffs_alone(client, cast, published, role, expected):
    as_role(client, role)

    assert status_or_login(client.get(reverse("challenges:edit", kwargs={"pk": published.pk}))) == expected


@pytest.mark.parametrize("role", ROLES)
def test_staff_and_moderators_close_a_published_challenge(client, cast, published, role):
    as_role(client, role)

    response = client.post(reverse("challenges:close", kwargs={"pk": published.pk}))

    allowed = role in ("staff", "programme_admin")
    expected = "login" if role == "anonymous" else 302 if allowed else 403
    assert (status_or_login(response), Challenge.objects.get(pk=published.pk).status) == (
        expected,
        Challenge.Status.CLOSED if allowed else Challenge.Status.PUBLISHED,
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_the_participants_staff_start_a_challenge(client, cast, participant, role):
    as_role(client, role)

    page = client.get(reverse("challenges:start"))
    response = client.post(reverse("challenges:start"), {"participant": participant.pk})

    started = Challenge.objects.filter(participant=participant).first()
    if role == "staff":
        assert (response.status_code, response.url) == (
            302,
            reverse("challenges:edit", kwargs={"pk": started.pk}),
        )
    else:
        assert (status_or_login(page), status_or_login(response), started) == (
            "login" if role == "anonymous" else 200,
            "login" if role == "anonymous" else 403,
            None,
        )


@pytest.mark.parametrize("role", ROLES)
def test_my_challenges_lists_the_drafts_and_published_of_my_municipalities_only(
    client, cast, complete_draft, role
):
    as_role(client, role)

    response = client.get(reverse("challenges:mine"))

    assert status_or_login(response) == ("login" if role == "anonymous" else 200)
    assert (complete_draft.title in response.text) == (role == "staff")


# --- why a 403 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["edit", "submit"])
def test_a_moderator_opening_a_drafts_writing_pages_is_told_the_team_writes_it(
    client, cast, complete_draft, name
):
    as_role(client, "programme_admin")

    response = client.get("/en" + reverse(f"challenges:{name}", kwargs={"pk": complete_draft.pk}))

    assert denial_reason(response) == THE_TEAM_WRITES


@pytest.mark.parametrize("name", ["edit", "submit"])
@pytest.mark.parametrize(("role", "reason"), READERS_TOLD)
def test_whoever_reads_a_published_challenge_but_may_not_write_it_is_told_who_does(
    client, cast, published, name, role, reason
):
    as_role(client, role)

    response = client.post(
        "/en" + reverse(f"challenges:{name}", kwargs={"pk": published.pk}),
        form_data(published, summary="Endret."),
    )

    assert (denial_reason(response), Challenge.objects.get(pk=published.pk).summary) == (
        reason,
        "Sentrum står tomt om kvelden.",
    )


@pytest.mark.parametrize("role", ["participant", "other_staff", "co_applicant_staff", "supplier", "juror"])
def test_whoever_may_not_close_a_published_challenge_is_told_who_may(client, cast, published, role):
    as_role(client, role)

    response = client.post("/en" + reverse("challenges:close", kwargs={"pk": published.pk}))

    assert denial_reason(response) == (
        "Only the team of Castrup and the programme can close this challenge. If you work for the "
        "municipality, ask to join its team from the municipality's page, and one of its administrators "
        "approves you."
    )


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("how", LOCKED)
def test_staff_who_cannot_edit_their_challenge_now_are_told_the_real_reason(
    client, cast, complete_draft, how, method
):
    lock(complete_draft, how)
    as_role(client, "staff")
    challenge_page = "/en" + complete_draft.get_absolute_url()

    response = getattr(client, method)(
        "/en" + reverse("challenges:edit", kwargs={"pk": complete_draft.pk}),
        form_data(complete_draft, summary="Endret.") if method == "post" else {},
    )

    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert (response.status_code, response.url, told) == (302, challenge_page, [LOCKED[how]])
    assert Challenge.objects.get(pk=complete_draft.pk).summary == "Sentrum står tomt om kvelden."


@pytest.mark.parametrize("how", ["in review", "draft after the phase", "before the phase", "no phase"])
def test_the_page_of_an_unpublished_challenge_tells_its_staff_the_same_reason(
    client, cast, complete_draft, how
):
    lock(complete_draft, how)
    as_role(client, "staff")

    page = client.get("/en" + complete_draft.get_absolute_url()).text

    assert [reason for reason in LOCKED.values() if reason in html.unescape(page)] == [LOCKED[how]]


def test_saving_a_challenge_locked_since_the_page_was_opened_says_why(cast, complete_draft):
    opened = Challenge.objects.select_related("participant__round").get(pk=complete_draft.pk)
    lock(complete_draft, "in review")

    with translation.override("en"), pytest.raises(services.ChallengeLocked) as refused:
        services.save_challenge(
            Challenge.objects.get(pk=complete_draft.pk), actor=cast.staff, version=opened.version, data={}
        )

    assert str(refused.value) == LOCKED["in review"]


NO_MUNICIPALITY_WRITES_NOW = (
    "New challenges are written by Gnist municipalities while their round is open for challenges. None of "
    "your municipalities can start one now."
)
ON_NO_TEAM = (
    "Challenges are written by approved staff of Gnist municipalities. Ask to join your municipality's team "
    "from its page, and an administrator of the team approves you."
)


@pytest.mark.parametrize(
    ("role", "phase_open", "reason"),
    [
        ("staff", False, NO_MUNICIPALITY_WRITES_NOW),  # its round's phase for challenges has ended
        ("other_staff", True, NO_MUNICIPALITY_WRITES_NOW),  # staff of a municipality that is no participant
        ("supplier", True, ON_NO_TEAM),
        ("programme_admin", True, ON_NO_TEAM),
    ],
)
def test_a_start_sent_by_someone_who_can_start_none_says_why(
    client, cast, participant, role, phase_open, reason
):
    if not phase_open:
        participant.round.phases.update(ends_at=timezone.now() - datetime.timedelta(minutes=1))
    as_role(client, role)

    response = client.post("/en" + reverse("challenges:start"), {"participant": participant.pk})

    assert (denial_reason(response), Challenge.objects.count()) == (reason, 0)


# --- pages and their contents ----------------------------------------------------------------------------


def test_a_supplier_is_told_how_to_become_a_writer(client, cast, participant):
    as_role(client, "supplier")

    response = client.get("/en" + reverse("challenges:start"))

    assert "Challenges are written by approved staff of Gnist municipalities." in response.text
    assert 'name="participant"' not in response.text


def test_staff_of_two_participants_choose_which_one_writes(client, cast, participant, challenge_round):
    other = ParticipantFactory(
        round=challenge_round, municipalities=[cast.municipality], display_name="Tvilling"
    )
    as_role(client, "staff")

    refused = client.post("/en" + reverse("challenges:start"), {"participant": "999999999999999999999"})
    response = client.post(reverse("challenges:start"), {"participant": other.pk})

    assert "Choose one of the municipalities listed." in refused.text
    assert Challenge.objects.get().participant == other
    assert response.status_code == 302


def test_a_title_that_is_no_question_is_refused_and_the_text_kept(client, cast, complete_draft):
    as_role(client, "staff")

    response = client.post(
        "/en" + reverse("challenges:edit", kwargs={"pk": complete_draft.pk}),
        form_data(complete_draft, title="Boliger i sentrum", background="Ny bakgrunn som ikke må gå tapt."),
    )

    assert response.status_code == 200
    assert "ds-error-summary" in response.text
    assert "Phrase the title as a question" in response.text
    assert "Ny bakgrunn som ikke må gå tapt." in response.text
    assert Challenge.objects.get(pk=complete_draft.pk).version == 1


def test_a_save_stores_texts_themes_and_goals_and_counts_the_version(client, cast, complete_draft, theme):
    from challenges.models import SustainableDevelopmentGoal

    goal = SustainableDevelopmentGoal.objects.get(number=11)
    as_role(client, "staff")

    response = client.post(
        reverse("challenges:edit", kwargs={"pk": complete_draft.pk}),
        form_data(complete_draft, title="Korleis kan fleire bu i sentrum?", goals=[goal.pk], language="nn"),
    )

    challenge = Challenge.objects.get(pk=complete_draft.pk)
    assert response.url == reverse("challenges:edit", kwargs={"pk": complete_draft.pk})
    assert (challenge.title, challenge.language, challenge.version) == (
        "Korleis kan fleire bu i sentrum?",
        "nn",
        2,
    )
    assert (list(challenge.themes.all()), list(challenge.goals.all())) == ([theme], [goal])


def test_the_page_shows_its_themes_goals_and_attachments_in_order_in_the_readers_language(
    client, cast, complete_draft, theme
):
    from challenges.models import SustainableDevelopmentGoal
    from tests.challenges.test_files import add_attachment
    from tests.factories import ThemeFactory

    goals = SustainableDevelopmentGoal.objects.filter(number__in=[11, 3])
    complete_draft.goals.set(goals)
    complete_draft.themes.add(ThemeFactory(slug="arbeid", name="Arbeid", name_en="Work"))
    for name in ("plan.pdf", "kart.pdf"):
        add_attachment(complete_draft, name=name)
    as_role(client, "staff")

    html = client.get(f"/en{complete_draft.get_absolute_url()}").text

    with translation.override("en"):
        names = "; ".join(str(goal) for goal in goals.order_by("number"))
    assert re.findall(r"<dt>(Themes|UN sustainable development goals)</dt><dd>([^<]*)</dd>", html) == [
        ("Themes", "Work, Bolig"),  # the housing theme has no English name: the bokmål one
        ("UN sustainable development goals", names),
    ]
    assert re.findall(r'vedlegg/\d+/">([^<]+)</a>', html) == ["plan.pdf", "kart.pdf"]


def test_a_stale_save_keeps_the_text_and_shows_the_difference(client, cast, complete_draft, editor):
    """Two colleagues opened version 1; the first saves; the second's save is refused, kept and compared."""
    services.save_challenge(
        complete_draft,
        actor=editor,
        version=1,
        data={"background": "Kollegaens bakgrunn."},
        themes=complete_draft.themes.all(),
    )
    as_role(client, "staff")

    response = client.post(
        "/en" + reverse("challenges:edit", kwargs={"pk": complete_draft.pk}),
        form_data(complete_draft, version=1, background="Min egen bakgrunn."),
    )

    stored = Challenge.objects.get(pk=complete_draft.pk)
    assert (response.status_code, stored.background, stored.version) == (200, "Kollegaens bakgrunn.", 2)
    assert "Someone else saved this challenge while you were editing it." in response.text
    assert "What the saved version says differently" in response.text
    assert re.search(r"<textarea[^>]*>\s*Min egen bakgrunn.</textarea>", response.text)
    assert re.search(r'name="version" value="2"', response.text)
    assert "-Min egen bakgrunn.\n+Kollegaens bakgrunn." in response.text


def test_the_submit_page_lists_what_is_missing(client, cast, participant):
    challenge = services.create_challenge(participant, actor=cast.staff, title="Hvordan kan vi bo?")
    as_role(client, "staff")

    response = client.get("/en" + reverse("challenges:submit", kwargs={"pk": challenge.pk}))

    items = re.findall(r"<li>([^<]+)</li>", response.text.split("Before you can send it, fill in:")[1])
    assert items[:4] == [
        "Summary",
        "Background and local context",
        "Needs, local advantages and premises",
        "At least one theme",
    ]


def test_sending_for_review_moves_the_challenge_and_tells_the_programme(
    client, cast, complete_draft, django_capture_on_commit_callbacks
):
    as_role(client, "staff")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("challenges:submit", kwargs={"pk": complete_draft.pk}))

    assert (response.url, Challenge.objects.get(pk=complete_draft.pk).status) == (
        complete_draft.get_absolute_url(),
        Challenge.Status.IN_REVIEW,
    )
    assert [message.to for message in mail.outbox] == [["programme-admin@example.no"]]


def test_an_incomplete_challenge_is_not_sent_and_the_person_is_told(client, cast, participant):
    challenge = services.create_challenge(participant, actor=cast.staff, title="Hvordan kan vi bo?")
    as_role(client, "staff")

    response = client.post("/en" + reverse("challenges:submit", kwargs={"pk": challenge.pk}), follow=True)

    assert "The challenge is not ready for review yet" in response.text
    assert Challenge.objects.get(pk=challenge.pk).status == Challenge.Status.DRAFT


def test_the_challenge_page_shows_staff_edit_and_send_and_moderators_review(client, cast, complete_draft):
    url = "/en" + complete_draft.get_absolute_url()
    edit = reverse("challenges:edit", kwargs={"pk": complete_draft.pk})
    publish = reverse("challenges:publish", kwargs={"pk": complete_draft.pk})

    as_role(client, "staff")
    staff_page = client.get(url).text
    services.submit_challenge(complete_draft, actor=cast.staff)
    as_role(client, "programme_admin")
    moderator_page = client.get(url).text

    assert (edit in staff_page, "Send for review" in staff_page, publish in staff_page) == (True, True, False)
    assert (edit in moderator_page, publish in moderator_page, "Ask for changes" in moderator_page) == (
        False,
        True,
        True,
    )


def test_staff_are_told_why_they_cannot_change_their_unpublished_challenge(
    client, cast, complete_draft, challenge_round
):
    url = "/en" + complete_draft.get_absolute_url()
    submit = "/en" + reverse("challenges:submit", kwargs={"pk": complete_draft.pk})
    reviewing = "The programme is reviewing the challenge."
    over = "time for writing challenges is over, so this draft can no longer be edited or sent for review."
    services.submit_challenge(complete_draft, actor=cast.staff)
    as_role(client, "staff")
    in_review = client.get(url).text
    services.request_changes(complete_draft, actor=cast.programme_admin, comment="Mer om målgruppene.")
    challenge_round.phases.update(ends_at=timezone.now() - datetime.timedelta(days=1))
    after_the_phase, submit_page = client.get(url).text, client.get(submit).text
    as_role(client, "programme_admin")
    moderator_page = client.get(url).text

    assert (reviewing in in_review, over in in_review) == (True, False)
    assert (reviewing in after_the_phase, over in after_the_phase, over in submit_page) == (False, True, True)
    assert (reviewing in moderator_page, over in moderator_page) == (False, False)


def test_the_send_for_review_page_says_why_a_challenge_in_review_or_published_is_not_sent(
    client, cast, complete_draft, challenge_round
):
    submit = "/en" + reverse("challenges:submit", kwargs={"pk": complete_draft.pk})
    as_role(client, "staff")
    services.submit_challenge(complete_draft, actor=cast.staff)
    in_review = client.get(submit).text
    services.publish_challenge(complete_draft, actor=cast.programme_admin)
    published = client.get(submit).text

    assert "The programme is reviewing the challenge." in in_review
    assert (
        "The challenge is published, so it needs no review. Changes you save are public at once." in published
    )
    for page in (in_review, published):
        assert "Send for review</button>" not in page
    with pytest.raises(services.ChallengeLocked, match="needs no review"):
        services.submit_challenge(complete_draft, actor=cast.staff)


def _section(page: str, heading_id: str) -> str:
    """The text of the page's <section> labelled by `heading_id`, whitespace folded ("" if there is none)."""
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', page, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def test_a_challenge_not_yet_public_says_when_questions_open_instead_of_an_empty_section(
    client, cast, complete_draft
):
    url = "/en" + complete_draft.get_absolute_url()
    as_role(client, "staff")
    draft = client.get(url).text
    services.submit_challenge(complete_draft, actor=cast.staff)
    as_role(client, "programme_admin")
    in_review = client.get(url).text
    services.publish_challenge(complete_draft, actor=cast.programme_admin)
    as_role(client, "staff")
    published = client.get(url).text

    waiting = (
        "Questions and answers When the challenge is published, anyone can ask questions about it here, and "
        "the answers are published for everyone."
    )
    assert (_section(draft, "questions-heading"), _section(in_review, "questions-heading")) == (
        waiting,
        waiting,
    )
    assert (_section(published, "questions-heading").startswith("Questions and answers Every answer"),) == (
        True,
    )
    assert (
        "Follow this challenge" in draft + in_review,
        "No questions have been answered yet." in draft,
    ) == (
        False,
        False,
    )


def _crumbs(page: str) -> list[tuple[str, str]]:
    """The breadcrumbs between "Home" and the page itself: (label, address)."""
    nav = re.search(r'<nav class="ds-breadcrumbs[^>]*>(.*?)</nav>', page, re.S).group(1)
    return re.findall(r'<a class="ds-link" href="([^"]+)">([^<]+)</a>', nav)[1:]


def test_the_breadcrumb_leads_where_the_challenge_is_listed_for_the_viewer(client, cast, complete_draft):
    url = "/en" + complete_draft.get_absolute_url()
    mine = ("/en" + reverse("challenges:mine"), "Your challenges")
    queue = ("/en" + reverse("challenges:review_list"), "Challenges waiting for review")
    catalogue = ("/en" + reverse("challenges:catalogue"), "Challenges")

    pages = {}
    for state in ("draft", "in review", "published"):
        for role in ("staff", "programme_admin"):
            as_role(client, role)
            pages[state, role] = _crumbs(client.get(url).text)
        if state == "draft":
            services.submit_challenge(complete_draft, actor=cast.staff)
        elif state == "in review":
            services.publish_challenge(complete_draft, actor=cast.programme_admin)
    client.logout()
    pages["published", "anonymous"] = _crumbs(client.get(url).text)

    assert pages == {
        ("draft", "staff"): [mine],
        ("draft", "programme_admin"): [queue],
        ("in review", "staff"): [mine],
        ("in review", "programme_admin"): [queue],
        ("published", "staff"): [catalogue],
        ("published", "programme_admin"): [catalogue],
        ("published", "anonymous"): [catalogue],
    }


def test_my_challenges_names_each_column_in_its_cells_for_a_phone(client, cast, complete_draft):
    as_role(client, "staff")

    page = client.get("/en" + reverse("challenges:mine")).text

    assert '<table class="ds-table table-stack" data-border>' in page
    assert re.findall(r'<td data-label="([^"]+)">', page) == ["Municipality", "Round", "Status", "Last saved"]
    assert '<td data-label="Status">Draft</td>' in page


def test_the_edit_page_links_to_the_images_and_attachments(client, cast, complete_draft):
    as_role(client, "staff")

    page = client.get(reverse("challenges:edit", kwargs={"pk": complete_draft.pk})).text

    assert f'href="{reverse("challenges:files", kwargs={"pk": complete_draft.pk})}"' in page


def test_the_edit_form_is_grouped_under_the_challenges_sections(client, cast, complete_draft):
    as_role(client, "staff")

    page = client.get("/en" + reverse("challenges:edit", kwargs={"pk": complete_draft.pk})).text
    fields = re.search(
        r'<form class="stack" method="post" novalidate>(.*?)<div class="form-actions">', page, re.S
    )

    assert re.findall(r'<legend class="ds-heading" data-size="xs">([^<]+)</legend>', fields.group(1)) == [
        "The challenge",
        "Background and needs",
        "Anchoring",
        "Partners and sustainability",
        "Transfer value",
        "Themes and goals",
        "Contact",
    ]
    # Each part holds its fields, in order (the themes' and goals' own fieldsets nest in theirs).
    parts = re.split(r'<fieldset class="ds-fieldset"\s*>\s*<legend class="ds-heading"', fields.group(1))[1:]
    names = [re.findall(r'name="([a-z_]+)"', part) for part in parts]
    assert [list(dict.fromkeys(part)) for part in names] == [
        ["title", "summary", "language"],
        ["background", "needs", "target_groups"],
        ["anchoring_political", "anchoring_administrative", "anchoring_county"],
        ["partners", "sustainability_social", "sustainability_economic", "sustainability_environmental"],
        ["transfer_value"],
        ["themes", "goals"],
        ["contact_name", "contact_role", "contact_email", "contact_phone"],
    ]
    assert (fields.group(1).count('name="version"'), fields.group(1).count('name="csrfmiddlewaretoken"')) == (
        1,
        1,
    )


def test_every_field_of_the_edit_form_is_in_one_part(db):
    from challenges.forms import FORM_SECTIONS, ChallengeForm

    in_parts = [name for _legend, names in FORM_SECTIONS for name in names]

    assert sorted(in_parts) == sorted(set(ChallengeForm().fields) - {"version"})


def test_the_grouped_edit_forms_error_summary_links_to_each_field(client, cast, complete_draft):
    as_role(client, "staff")

    page = client.post(
        "/en" + reverse("challenges:edit", kwargs={"pk": complete_draft.pk}),
        form_data(complete_draft, title="Boliger i sentrum", contact_email="ikke-en-adresse", themes=["x"]),
    ).text

    summary = re.search(r"<ds-error-summary.*?</ds-error-summary>", page, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links == ["id_title", "id_themes_0", "id_contact_email"]
    assert [f'id="{link}"' in page for link in links] == [True, True, True]


def test_a_locked_challenge_sends_its_staff_back_to_the_page(client, cast, complete_draft):
    services.submit_challenge(complete_draft, actor=cast.staff)
    as_role(client, "staff")

    response = client.get(reverse("challenges:edit", kwargs={"pk": complete_draft.pk}))

    assert response.url == complete_draft.get_absolute_url()


# --- query counts ------------------------------------------------------------------------------------------


def test_the_edit_page_costs_the_same_with_more_themes_and_texts(client, cast, complete_draft):
    from tests.factories import ThemeFactory

    as_role(client, "staff")
    url = reverse("challenges:edit", kwargs={"pk": complete_draft.pk})
    assert count_queries(client, url) == 10

    for _number in range(8):
        complete_draft.themes.add(ThemeFactory())
    ParticipantFactory(round=complete_draft.participant.round, municipalities=[cast.municipality])

    assert count_queries(client, url) == 10


def test_my_challenges_costs_the_same_with_more_challenges(client, cast, participant, complete_draft):
    as_role(client, "staff")
    url = reverse("challenges:mine")
    assert count_queries(client, url) == 7

    for number in range(6):
        services.create_challenge(participant, actor=cast.staff, title=f"Hvordan {number}?")

    assert count_queries(client, url) == 7


# --- the course's canvas ---------------------------------------------------------------------------------


@pytest.fixture
def canvas(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    course = load_course(CONTENT)
    return course.modules.get(slug="medvirkning").exercises.get(slug="lerret")


CANVAS_ANSWERS = {
    "problem": "Hvordan kan unge finne et sted å bo i sentrum?",
    "affected": "Unge voksne og pendlere.",
    "advantages": "Tomme næringslokaler.",
    "anchoring": "Kommunedirektøren eier saken.",
    "success": "Andre kommuner kan bruke modellen.",
}


def test_a_canvas_becomes_a_draft_with_each_field_in_its_section(client, cast, participant, canvas):
    NotebookEntry.objects.create(user=cast.staff, exercise=canvas, answers=CANVAS_ANSWERS)
    as_role(client, "staff")

    page = client.get("/en" + reverse("challenges:start_from_canvas"))
    response = client.post(reverse("challenges:start_from_canvas"), {"participant": participant.pk})

    challenge = Challenge.objects.get()
    assert "Tomme næringslokaler." in page.text
    assert response.url == reverse("challenges:edit", kwargs={"pk": challenge.pk})
    assert {
        name: getattr(challenge, name)
        for name in [
            "title",
            "background",
            "target_groups",
            "needs",
            "anchoring_administrative",
            "transfer_value",
        ]
    } == {
        "title": "Hvordan kan unge finne et sted å bo i sentrum?",
        "background": "Hvordan kan unge finne et sted å bo i sentrum?",
        "target_groups": "Unge voksne og pendlere.",
        "needs": "Tomme næringslokaler.",
        "anchoring_administrative": "Kommunedirektøren eier saken.",
        "transfer_value": "Andre kommuner kan bruke modellen.",
    }
    assert challenge.from_canvas is True


def test_the_draft_links_back_to_the_canvas_and_the_canvas_to_the_draft(client, cast, participant, canvas):
    NotebookEntry.objects.create(user=cast.staff, exercise=canvas, answers=CANVAS_ANSWERS)
    challenge = services.create_challenge_from_canvas(participant, actor=cast.staff, answers=CANVAS_ANSWERS)
    as_role(client, "staff")

    edit_page = client.get(reverse("challenges:edit", kwargs={"pk": challenge.pk})).text
    canvas_page = client.get(canvas.get_absolute_url()).text

    assert f'href="{canvas.get_absolute_url()}"' in edit_page
    assert f'href="{challenge.get_absolute_url()}"' in canvas_page
    assert f'href="{reverse("challenges:start_from_canvas")}"' in canvas_page


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("staff", "Start a Gnist challenge from this canvas"),
        ("other_staff", "When your municipality is a Gnist municipality"),
        ("supplier", "Approved staff of a Gnist municipality can turn the canvas into a challenge."),
    ],
)
def test_the_canvas_tells_each_person_what_they_can_do(client, cast, participant, canvas, role, expected):
    NotebookEntry.objects.create(user=getattr(cast, role), exercise=canvas, answers=CANVAS_ANSWERS)
    as_role(client, role)

    with translation.override("en"):
        page = client.get(canvas.get_absolute_url()).text

    assert expected in page


def test_without_a_saved_canvas_nothing_is_started(client, cast, participant, canvas):
    as_role(client, "staff")

    page = client.get("/en" + reverse("challenges:start_from_canvas"))
    client.post(reverse("challenges:start_from_canvas"), {"participant": participant.pk})

    assert "Fill in and save the challenge canvas" in page.text
    assert Challenge.objects.count() == 0


# --- findability -------------------------------------------------------------------------------------------


def test_an_open_challenge_phase_is_an_open_now_notice(challenge_round):
    phase = challenge_round.phases.get()

    with translation.override("en"):
        [notice] = challenge_notices(timezone.now(), AnonymousUser())
        mine = reverse("challenges:mine")

    assert (notice.url, notice.link_text, notice.is_open, notice.moment) == (
        mine,
        "Write your challenge",
        True,
        phase.ends_at,
    )
    assert notice.text.startswith("Gnist municipalities in round 910 write their challenges until")


@pytest.mark.parametrize(("role", "shown"), [("staff", True), ("supplier", False)])
def test_the_profile_links_staff_to_their_challenges(client, cast, role, shown):
    as_role(client, role)

    assert (reverse("challenges:mine") in client.get(reverse("accounts:profile")).text) == shown
