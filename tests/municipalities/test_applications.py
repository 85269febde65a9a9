"""Municipality staff apply: permissions per role, deadlines (Europe/Oslo, daylight saving), stale saves,
PDF uploads, submission receipts, co-applicant confirmation and query counts."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from municipalities import permissions, services
from municipalities.forms import SECTIONS
from municipalities.models import (
    OSLO,
    Application,
    ApplicationAttachment,
    CoApplicant,
    Membership,
    SelectionLogEntry,
)
from municipalities.views.applications import PARTS, SAVE_ATTEMPTS
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MembershipFactory,
    MunicipalityFactory,
    PhaseFactory,
    RoundFactory,
    ThemeFactory,
    programme_staff,
)
from tests.helpers import as_role, count_queries, denial_reason

DEADLINE = datetime.datetime(2030, 3, 31, 12, 0, tzinfo=OSLO)  # summer time began 31 Mar 2030 at 02:00
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def round_(db):
    round_ = RoundFactory(number=900, title="Testrunde")
    PhaseFactory(
        round=round_,
        order=1,
        applications=True,
        starts_at=datetime.datetime(2030, 1, 1, tzinfo=OSLO),
        ends_at=DEADLINE,
    )
    CriterionFactory(round=round_, order=1, name="Endringsvilje")
    CriterionFactory(round=round_, order=2, name="Overføringsverdi")
    return round_


@pytest.fixture
def open_now(monkeypatch):
    """Freeze time inside the application phase."""
    moment = datetime.datetime(2030, 2, 1, 10, 0, tzinfo=OSLO)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def draft(cast, round_):
    return ApplicationFactory(
        round=round_, municipality=cast.municipality, status=Application.Status.DRAFT, created_by=cast.staff
    )


def _section(application, section: str) -> str:
    return reverse("municipalities:application_section", kwargs={"pk": application.pk, "section": section})


def _section_data(application, section: str, **values) -> dict:
    """What a section's page posts: what is stored now, as the person opened it, with `values` typed over."""
    return SECTIONS[section].initial_for(Application.objects.get(pk=application.pk)) | values


def _answers_typed(application) -> dict:
    return {
        f"answer_{criterion.pk}": f"Svar på {criterion.name}"
        for criterion in application.round.criteria.all()
    }


def _answers(application, text="Svar"):
    return {criterion.pk: text for criterion in application.round.criteria.all()}


def _complete(application, user):
    return services.save_application(
        application,
        actor=user,
        version=application.version,
        data={"question": "Hvordan kan flere bo i sentrum?", "description": "Sentrum står tomt."},
        answers=_answers(application),
    )


# --- permissions per role -------------------------------------------------------------------------------


@pytest.fixture
def co_applied(cast, draft):
    """The draft with cast.co_applicant_municipality as co-applicant: `co_applicant_staff` is an insider."""
    return CoApplicant.objects.create(application=draft, municipality=cast.co_applicant_municipality)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("participant", 404),
        ("staff", 200),
        ("other_staff", 404),
        ("co_applicant_staff", 200),
        ("supplier", 404),
        ("juror", 404),
        ("programme_admin", 200),
    ],
)
def test_application_detail_per_role(client, cast, draft, co_applied, open_now, role, expected):
    as_role(client, role)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == expected
    if expected == 200:
        assert (response.context["application"], draft.question in response.text) == (draft, True)


def test_programme_staff_with_view_application_reads_but_cannot_edit_or_decide(client, cast, draft, open_now):
    reader = programme_staff("municipalities.view_application")
    client.force_login(reader)

    detail = client.get(draft.get_absolute_url())
    edit = client.get(reverse("municipalities:application_edit", kwargs={"pk": draft.pk}))

    assert (detail.status_code, detail.context["application"], edit.status_code) == (200, draft, 403)
    assert draft.question in detail.text
    assert permissions.can_decide_applications(reader) is False


def test_programme_staff_with_change_membership_only_cannot_read_applications(client, cast, draft, open_now):
    client.force_login(programme_staff("municipalities.change_membership"))
    team = reverse("municipalities:team", kwargs={"number": cast.municipality.number})

    application_page, team_page = (client.get(url) for url in [draft.get_absolute_url(), team])

    assert (application_page.status_code, team_page.status_code) == (404, 200)
    assert "Teamet til Castrup" in team_page.text


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("participant", 404),
        ("staff", 200),
        ("other_staff", 404),
        ("co_applicant_staff", 403),
        ("supplier", 404),
        ("juror", 404),
        ("programme_admin", 403),
    ],
)
@pytest.mark.parametrize("part", ["overview", *PARTS])
def test_application_edit_per_role(client, cast, draft, co_applied, open_now, role, expected, part):
    as_role(client, role)
    if part == "overview":
        url = reverse("municipalities:application_edit", kwargs={"pk": draft.pk})
    elif part == "vedlegg":
        url = reverse("municipalities:application_attachments", kwargs={"pk": draft.pk})
    else:
        url = _section(draft, part)

    response = client.get(url)

    assert response.status_code == expected
    if expected == 200:
        assert response.context["application"] == draft
    if expected == 200 and part == "utfordringen":
        assert response.context["form"]["question"].value() == draft.question


def test_an_unknown_part_of_the_application_is_not_found(client, cast, draft, open_now):
    client.force_login(cast.staff)

    assert client.get(_section(draft, "ukjent")).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("participant", 404),
        ("staff", 302),
        ("other_staff", 404),
        ("co_applicant_staff", 403),
        ("supplier", 404),
        ("juror", 404),
        ("programme_admin", 403),
    ],
)
def test_application_submit_post_per_role(client, cast, draft, open_now, role, expected):
    _complete(draft, cast.staff)  # a save without co-municipalities drops them: add the co-applicant after
    CoApplicant.objects.create(application=draft, municipality=cast.co_applicant_municipality)
    as_role(client, role)

    response = client.post(reverse("municipalities:application_submit", kwargs={"pk": draft.pk}))

    draft.refresh_from_db()
    assert response.status_code == expected
    submitted = role == "staff"
    assert draft.status == (Application.Status.SUBMITTED if submitted else Application.Status.DRAFT)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("participant", 403),
        ("staff", 200),
        ("other_staff", 200),
        ("co_applicant_staff", 200),
        ("supplier", 403),
        ("juror", 403),
        ("programme_admin", 403),
    ],
)
def test_application_start_per_role(client, cast, round_, open_now, role, expected):
    as_role(client, role)

    response = client.get(reverse("municipalities:application_start", kwargs={"number": round_.number}))

    assert response.status_code == expected
    if expected == 200:
        assert "Testrunde" in response.text


# --- why a 403: said to those who may read the page, never to outsiders (they get a 404 above) ----------

ON_NO_TEAM = (
    "Only approved staff of a municipality's team can apply to a round. If you work for a municipality, ask "
    "to join its team from the municipality's page, and an administrator of the team approves you."
)
MAIN_APPLICANT_WRITES = "Only the team of Castrup, the main applicant, can change this application."
CO_APPLICANTS_READ = f"{MAIN_APPLICANT_WRITES} Co-applicants read it and confirm that they apply jointly."
THE_PROGRAMME_READS = f"{MAIN_APPLICANT_WRITES} The programme reads applications but does not change them."


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ["participant", "supplier", "juror", "programme_admin"])
def test_whoever_is_on_no_team_is_told_who_applies(client, cast, round_, open_now, role, method):
    as_role(client, role)

    response = getattr(client, method)(
        "/en" + reverse("municipalities:application_start", kwargs={"number": round_.number}),
        {"municipality": cast.municipality.pk} if method == "post" else {},
    )

    assert (denial_reason(response), Application.objects.count()) == (ON_NO_TEAM, 0)


@pytest.mark.parametrize("name", ["application_edit", "application_attachments", "application_submit"])
@pytest.mark.parametrize(
    ("role", "reason"),
    [
        ("co_applicant_staff", CO_APPLICANTS_READ),
        ("programme_admin", THE_PROGRAMME_READS),
        ("programme_reader", THE_PROGRAMME_READS),  # programme staff who may only read applications
    ],
)
def test_whoever_reads_an_application_but_may_not_change_it_is_told_who_does(
    client, cast, draft, co_applied, open_now, name, role, reason
):
    if role == "programme_reader":
        client.force_login(programme_staff("municipalities.view_application"))
    else:
        as_role(client, role)

    response = client.get("/en" + reverse(f"municipalities:{name}", kwargs={"pk": draft.pk}))

    assert denial_reason(response) == reason


def test_an_upload_by_a_co_applicant_is_refused_with_the_reason(client, cast, draft, co_applied, open_now):
    as_role(client, "co_applicant_staff")

    response = client.post(
        "/en" + reverse("municipalities:application_attachment_add", kwargs={"pk": draft.pk}),
        {"file": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")},
    )

    assert (denial_reason(response), draft.attachments.count()) == (CO_APPLICANTS_READ, 0)


def test_staff_cannot_start_an_application_for_another_municipality(client, cast, round_, open_now):
    client.force_login(cast.staff)
    url = reverse("municipalities:application_start", kwargs={"number": round_.number})

    response = client.post(url, {"municipality": cast.other_municipality.pk})

    assert response.status_code == 200  # the form refuses the choice
    assert Application.objects.count() == 0


def test_application_start_offers_only_municipalities_valid_today(client, cast, round_, open_now):
    ended = MunicipalityFactory(name="Gamlevik", valid_to=datetime.date(2023, 12, 31))
    MembershipFactory(user=cast.staff, municipality=ended, status=Membership.Status.APPROVED)
    client.force_login(cast.staff)

    response = client.get(reverse("municipalities:application_start", kwargs={"number": round_.number}))

    assert list(response.context["form"].fields["municipality"].queryset) == [cast.municipality]


def test_a_round_without_criteria_has_no_criteria_part(client, cast, draft, open_now):
    draft.round.criteria.all().delete()
    client.force_login(cast.staff)

    overview = client.get(reverse("municipalities:application_edit", kwargs={"pk": draft.pk}))
    challenge = client.get(_section(draft, "utfordringen"))
    saved = client.post(
        _section(draft, "utfordringen"),
        _section_data(
            draft,
            "utfordringen",
            question="Hvordan kan flere bo her?",
            description="Slik.",
            **{"continue": ""},
        ),
    )

    assert [part["slug"] for part in overview.context["parts"]] == [
        "utfordringen",
        "medsokere",
        "forankring",
        "kontaktpersoner",
        "vedlegg",
    ]
    assert (challenge.context["number"], challenge.context["count"]) == (1, 5)
    assert saved["Location"] == _section(draft, "medsokere")
    assert client.get(_section(draft, "kriterier")).status_code == 404
    attachments = client.get(reverse("municipalities:application_attachments", kwargs={"pk": draft.pk}))
    assert (attachments.context["number"], attachments.context["count"]) == (5, 5)


def test_staff_starts_edits_and_submits_an_application(
    client, cast, round_, open_now, django_capture_on_commit_callbacks
):
    client.force_login(cast.staff)
    bolig = ThemeFactory(slug="bolig", name="Bolig")

    response = client.post(
        reverse("municipalities:application_start", kwargs={"number": round_.number}),
        {"municipality": cast.municipality.pk},
    )
    application = Application.objects.get()
    assert response["Location"] == reverse("municipalities:application_edit", kwargs={"pk": application.pk})

    # Each part on its own page, "Save and continue" leading on to the next.
    typed = {
        "utfordringen": {
            "question": "Hvordan kan flere bo i sentrum?",
            "themes": [bolig.pk],
            "description": "Sentrum står tomt.",
        },
        "kriterier": _answers_typed(application),
        "medsokere": {"co_municipalities": [cast.other_municipality.pk]},
        "forankring": {"political_anchoring": "Vedtatt i kommunestyret."},
        "kontaktpersoner": {"contact_1_name": "Stine Stab", "contact_1_email": "staff@example.no"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        for section, values in typed.items():
            response = client.post(
                _section(application, section),
                _section_data(application, section, **values, **{"continue": ""}),
            )
            assert response.status_code == 302
            following = PARTS[PARTS.index(section) + 1]
            assert response["Location"] == (
                reverse("municipalities:application_attachments", kwargs={"pk": application.pk})
                if following == "vedlegg"
                else _section(application, following)
            )
    application.refresh_from_db()
    assert (application.question, application.version) == ("Hvordan kan flere bo i sentrum?", 6)
    assert application.political_anchoring == "Vedtatt i kommunestyret."
    overview = client.get(reverse("municipalities:application_edit", kwargs={"pk": application.pk}))
    assert [str(part["label"]) for part in overview.context["parts"]] == ["Fullført"] * 5 + ["Valgfritt"]
    assert overview.context["missing_count"] == 0
    assert [t.slug for t in application.themes.all()] == ["bolig"]
    assert [co.municipality for co in application.co_applicants.all()] == [cast.other_municipality]
    assert sorted(a.text for a in application.answers.all()) == [
        "Svar på Endringsvilje",
        "Svar på Overføringsverdi",
    ]
    # The co-applicant municipality's admin is asked to confirm.
    assert [m.to for m in mail.outbox] == [["other-staff@example.no"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("municipalities:application_submit", kwargs={"pk": application.pk}))
    application.refresh_from_db()
    assert response["Location"] == application.get_absolute_url()
    assert (application.status, application.submitted_at, application.submitted_by) == (
        Application.Status.SUBMITTED,
        open_now,
        cast.staff,
    )
    receipt = mail.outbox[-1]
    assert receipt.to == ["staff@example.no"]
    assert "Hvordan kan flere bo i sentrum?" in receipt.body
    assert "Svar på Endringsvilje" in receipt.body
    assert list(application.log.values_list("action", flat=True).order_by("at", "pk")) == [
        "created",
        *["saved"] * 5,
        "submitted",
    ]


def test_question_must_be_a_hvordan_question(client, cast, draft, open_now):
    client.force_login(cast.staff)
    url = _section(draft, "utfordringen")

    response = client.post(url, _section_data(draft, "utfordringen", question="Vi vil ha flere innbyggere."))

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["question"][0].code == "not_question"


def test_the_submit_page_links_each_missing_thing_to_its_part(client, cast, round_, open_now):
    application = ApplicationFactory(
        round=round_,
        municipality=cast.municipality,
        status=Application.Status.DRAFT,
        question="Hvordan kan flere bo i sentrum?",
        description="",
        contacts=[{"name": "Stine Stab", "email": "stine@example.no"}],
    )
    first = round_.criteria.order_by("order").first()
    application.answers.create(criterion=first, text="Svar")
    client.force_login(cast.staff)

    response = client.get(reverse("municipalities:application_submit", kwargs={"pk": application.pk}))

    assert [(part["title"], part["url"], part["items"]) for part in response.context["missing"]] == [
        ("Utfordringen", _section(application, "utfordringen"), ["Beskrivelsen av utfordringen"]),
        ("Svar på kriteriene", _section(application, "kriterier"), ["Et svar på «Overføringsverdi»"]),
    ]
    assert f'href="{_section(application, "kriterier")}"' in response.text
    assert application.missing_for_submission() == [
        "Beskrivelsen av utfordringen",
        "Et svar på «Overføringsverdi»",
    ]


def test_incomplete_application_is_not_submitted(cast, round_, open_now):
    application = ApplicationFactory(
        round=round_, municipality=cast.municipality, status=Application.Status.DRAFT, description=""
    )
    with pytest.raises(services.ApplicationIncomplete) as error:
        services.submit_application(application, actor=cast.staff)
    assert len(error.value.missing) == 3  # description and two answers


# --- deadlines -------------------------------------------------------------------------------------------


def test_submit_at_the_last_second_before_the_deadline(cast, draft):
    _complete_at(draft, cast.staff, DEADLINE - datetime.timedelta(seconds=2))

    services.submit_application(draft, actor=cast.staff, now=DEADLINE - datetime.timedelta(seconds=1))

    assert draft.status == Application.Status.SUBMITTED


def test_submit_at_the_deadline_is_refused(cast, draft):
    _complete_at(draft, cast.staff, DEADLINE - datetime.timedelta(seconds=2))

    with pytest.raises(services.ApplicationLocked):
        services.submit_application(draft, actor=cast.staff, now=DEADLINE)
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_deadline_is_oslo_time_across_daylight_saving(cast, draft):
    # 31 March 2030 12:00 in Oslo is summer time (UTC+2): 10:00 UTC. 10:30 UTC is past it; 09:59:59 is not.
    assert DEADLINE.utcoffset() == datetime.timedelta(hours=2)
    utc = datetime.UTC
    _complete_at(draft, cast.staff, datetime.datetime(2030, 3, 31, 9, 59, 59, tzinfo=utc))
    with pytest.raises(services.ApplicationLocked):
        services.submit_application(
            draft, actor=cast.staff, now=datetime.datetime(2030, 3, 31, 10, 30, tzinfo=utc)
        )
    services.submit_application(
        draft, actor=cast.staff, now=datetime.datetime(2030, 3, 31, 9, 59, 59, tzinfo=utc)
    )
    assert draft.status == Application.Status.SUBMITTED


def test_edit_after_submission_until_the_deadline_then_locked(client, cast, draft, monkeypatch):
    _complete_at(draft, cast.staff, DEADLINE - datetime.timedelta(days=1))
    services.submit_application(draft, actor=cast.staff, now=DEADLINE - datetime.timedelta(days=1))
    draft.refresh_from_db()
    url = _section(draft, "utfordringen")

    monkeypatch.setattr(timezone, "now", lambda: DEADLINE - datetime.timedelta(seconds=1))
    client.force_login(cast.staff)  # sessions expire by timezone.now too
    response = client.post(url, _section_data(draft, "utfordringen", description="Endret før fristen."))
    draft.refresh_from_db()
    assert (response.status_code, draft.description, draft.status) == (
        302,
        "Endret før fristen.",
        "submitted",
    )

    monkeypatch.setattr(timezone, "now", lambda: DEADLINE)
    response = client.post(url, _section_data(draft, "utfordringen", description="Endret etter fristen."))
    draft.refresh_from_db()
    assert response["Location"] == draft.get_absolute_url()
    assert draft.description == "Endret før fristen."
    page = client.get(draft.get_absolute_url())
    assert page.context["can_edit"] is False
    assert '<p class="ds-paragraph">Søknaden er låst og kan ikke lenger endres.</p>' in page.text


def _complete_at(application, user, now):
    services.save_application(
        application,
        actor=user,
        version=application.version,
        data={"question": "Hvordan kan flere bo i sentrum?", "description": "Sentrum står tomt."},
        answers=_answers(application),
        now=now,
    )
    application.refresh_from_db()


# --- concurrent edits ------------------------------------------------------------------------------------


def test_stale_save_is_refused_and_keeps_the_text(client, cast, draft, open_now):
    colleague = MembershipFactory(municipality=cast.municipality).user
    client.force_login(cast.staff)
    url = _section(draft, "utfordringen")
    opened = _section_data(draft, "utfordringen")
    services.save_application(
        draft,
        actor=colleague,
        version=draft.version,
        data={"description": "Kollegaens tekst.", "question": "Hvordan kan vi samarbeide?"},
    )

    response = client.post(url, opened | {"description": "Min tekst."})

    draft.refresh_from_db()
    assert response.status_code == 200
    assert draft.description == "Kollegaens tekst."
    assert response.context["form"]["description"].value() == "Min tekst."
    assert response.context["form"]["version"].value() == draft.version
    changed = {change["label"]: change["saved"] for change in response.context["differences"]}
    assert changed == {
        "Utfordringen formulert som et spørsmål": "Hvordan kan vi samarbeide?",
        "Beskrivelse av utfordringen": "Kollegaens tekst.",
    }

    response = client.post(url, response.context["form"].data)  # saving again on top of the new version works
    draft.refresh_from_db()
    assert (response.status_code, draft.description) == (302, "Min tekst.")


def test_a_colleagues_save_of_another_part_is_no_conflict(client, cast, draft, open_now):
    """Colleagues write different parts at the same time: only a save that overtook this part is stale."""
    colleague = MembershipFactory(municipality=cast.municipality).user
    client.force_login(cast.staff)
    opened = _section_data(draft, "utfordringen")
    services.save_application(
        draft, actor=colleague, version=draft.version, data={"political_anchoring": "Vedtatt."}
    )

    response = client.post(_section(draft, "utfordringen"), opened | {"description": "Min tekst."})

    draft.refresh_from_db()
    assert (response.status_code, draft.description, draft.political_anchoring) == (
        302,
        "Min tekst.",
        "Vedtatt.",
    )
    assert draft.version == opened["version"] + 2


def test_a_colleagues_submit_meanwhile_is_no_conflict_either(client, cast, draft, open_now):
    _complete(draft, cast.staff)
    draft.refresh_from_db()
    client.force_login(cast.staff)
    opened = _section_data(draft, "forankring")
    services.submit_application(draft, actor=MembershipFactory(municipality=cast.municipality).user)

    response = client.post(_section(draft, "forankring"), opened | {"political_anchoring": "Vedtatt."})

    draft.refresh_from_db()
    assert (response.status_code, draft.status, draft.political_anchoring) == (302, "submitted", "Vedtatt.")


def test_a_part_overtaken_again_and_again_is_stale_in_the_end(client, cast, draft, open_now, monkeypatch):
    """Colleagues saving other parts all the time: saved again on top a few times, then refused (kept)."""
    attempts = []

    def overtaken(application, **kwargs):
        attempts.append(kwargs["version"])
        raise services.StaleApplication(Application.objects.get(pk=application.pk))

    monkeypatch.setattr(services, "save_application", overtaken)
    client.force_login(cast.staff)

    response = client.post(
        _section(draft, "utfordringen"), _section_data(draft, "utfordringen", description="Min tekst.")
    )

    assert (response.status_code, len(attempts)) == (200, SAVE_ATTEMPTS)
    assert response.context["form"]["description"].value() == "Min tekst."


@pytest.mark.parametrize("seen", ["", "0" * 32, "ikke en digest"])
def test_a_save_that_says_it_saw_something_else_is_stale_not_an_error(client, cast, draft, open_now, seen):
    services.save_application(draft, actor=cast.staff, version=draft.version, data={"contacts": []})
    client.force_login(cast.staff)
    data = _section_data(draft, "kontaktpersoner", contact_1_name="Stine Stab", seen=seen)
    data["version"] -= 1

    response = client.post(_section(draft, "kontaktpersoner"), data)

    assert response.status_code == 200
    assert response.context["form"]["seen"].value() == SECTIONS["kontaktpersoner"].initial_for(draft)["seen"]


# --- attachments -----------------------------------------------------------------------------------------


@pytest.fixture
def media(private_root):
    """Where attachments are stored."""
    return private_root


def test_pdf_upload_is_stored_and_downloadable_by_insiders_only(client, cast, draft, open_now, media):
    client.force_login(cast.staff)
    url = reverse("municipalities:application_attachment_add", kwargs={"pk": draft.pk})

    client.post(url, {"file": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")})

    attachment = draft.attachments.get()
    assert (attachment.name, attachment.size) == ("plan.pdf", len(PDF))
    download = reverse(
        "municipalities:application_attachment", kwargs={"pk": draft.pk, "attachment": attachment.pk}
    )
    assert b"".join(client.get(download).streaming_content) == PDF
    client.force_login(cast.other_staff)
    assert client.get(download).status_code == 404


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"GIF89a not a pdf", "not_pdf"),
        (b"Minutes of the meeting, saved as text and renamed.\n", "not_pdf"),
        (b"<html><script>alert(1)</script><!-- %PDF-1.7 --></html>", "not_pdf"),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), "too_large"),
    ],
)
def test_upload_that_is_not_a_small_pdf_is_refused(cast, content, code):
    from municipalities.forms import AttachmentForm

    form = AttachmentForm(
        files={"file": SimpleUploadedFile("plan.pdf", content, content_type="application/pdf")}
    )

    assert form.is_valid() is False
    assert form.errors.as_data()["file"][0].code == code


def test_upload_past_the_limit_is_a_form_error(client, cast, draft, open_now, media):
    client.force_login(cast.staff)
    url = reverse("municipalities:application_attachment_add", kwargs={"pk": draft.pk})
    huge = SimpleUploadedFile("plan.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")

    response = client.post(url, {"file": huge}, follow=True)

    assert response.redirect_chain == [
        (reverse("municipalities:application_attachments", kwargs={"pk": draft.pk}), 302)
    ]
    assert [str(message) for message in response.context["messages"]] == [
        "Filen er for stor (10,0\xa0MB). Grensen er 10,0\xa0MB."
    ]
    assert draft.attachments.count() == 0


def test_remove_attachment(client, cast, draft, open_now, media):
    client.force_login(cast.staff)
    client.post(
        reverse("municipalities:application_attachment_add", kwargs={"pk": draft.pk}),
        {"file": SimpleUploadedFile("plan.pdf", PDF)},
    )
    attachment = draft.attachments.get()
    url = reverse(
        "municipalities:application_attachment_delete", kwargs={"pk": draft.pk, "attachment": attachment.pk}
    )

    client.force_login(cast.other_staff)
    assert client.post(url).status_code == 404
    client.force_login(cast.staff)
    client.post(url)
    assert draft.attachments.count() == 0


def _upload_attachment(client, cast, draft):
    client.force_login(cast.staff)
    client.post(
        reverse("municipalities:application_attachment_add", kwargs={"pk": draft.pk}),
        {"file": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")},
    )
    attachment = draft.attachments.get()
    download = reverse(
        "municipalities:application_attachment", kwargs={"pk": draft.pk, "attachment": attachment.pk}
    )
    return attachment, download


def test_attachment_is_stored_privately_and_never_under_media(
    client, cast, draft, open_now, private_root, media_served
):
    attachment, download = _upload_attachment(client, cast, draft)

    assert (private_root / attachment.file.name).read_bytes() == PDF
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert b"".join(client.get(download).streaming_content) == PDF


def _delete_in_admin(client, cast, draft):
    # Only an application without a log can go in the admin: the log is read-only there.
    client.force_login(cast.programme_admin)
    client.post(f"/admin/municipalities/application/{draft.pk}/delete/", {"post": "yes"})


@pytest.mark.parametrize(
    "delete",
    [
        lambda client, cast, draft: draft.attachments.get().delete(),
        lambda client, cast, draft: Application.objects.filter(pk=draft.pk).delete(),
        _delete_in_admin,
    ],
    ids=["attachment", "application-cascade", "admin"],
)
def test_attachment_file_is_deleted_with_its_row_after_commit(
    client, cast, draft, private_root, settings, django_capture_on_commit_callbacks, delete
):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    attachment = ApplicationAttachment.objects.create(
        application=draft, file=ContentFile(PDF, name="plan.pdf"), name="plan.pdf", size=len(PDF)
    )
    path = private_root / attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        delete(client, cast, draft)

    assert (ApplicationAttachment.objects.filter(pk=attachment.pk).exists(), path.exists()) == (False, False)


def test_attachment_file_is_kept_when_the_deletion_rolls_back(
    client, cast, draft, open_now, private_root, django_capture_on_commit_callbacks
):
    attachment, _download = _upload_attachment(client, cast, draft)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Application.objects.filter(pk=draft.pk).delete()
        raise RuntimeError("rolled back")

    assert (callbacks, (private_root / attachment.file.name).read_bytes()) == ([], PDF)


@pytest.mark.s3
def test_attachment_on_s3_is_in_the_private_bucket_and_served_only_through_its_view(
    client, cast, draft, open_now, s3
):
    attachment, download = _upload_attachment(client, cast, draft)
    stored = s3.client.get_object(Bucket=s3.private, Key=f"private/{attachment.file.name}")["Body"].read()
    page = client.get(draft.get_absolute_url()).content.decode()

    assert stored == PDF
    assert b"".join(client.get(download).streaming_content) == PDF
    assert (download in page, s3.endpoint in page, attachment.file.name in page) == (True, False, False)
    client.force_login(cast.other_staff)
    assert client.get(download).status_code == 404


# --- co-applicants ---------------------------------------------------------------------------------------


def test_co_applicant_staff_confirm_and_may_read_but_not_edit(client, cast, draft, open_now):
    co = CoApplicant.objects.create(application=draft, municipality=cast.other_municipality)
    client.force_login(cast.other_staff)

    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("municipalities:application_edit", kwargs={"pk": draft.pk})).status_code == 403
    response = client.post(
        reverse("municipalities:application_confirm", kwargs={"pk": draft.pk}), {"co_applicant": co.pk}
    )

    co.refresh_from_db()
    assert response.status_code == 302
    assert (co.confirmed_by, co.confirmed_at) == (cast.other_staff, open_now)
    assert SelectionLogEntry.objects.filter(action="confirmed").count() == 1


def test_main_applicant_staff_cannot_confirm_for_the_co_applicant(client, cast, draft, open_now):
    CoApplicant.objects.create(application=draft, municipality=cast.other_municipality)
    client.force_login(cast.staff)

    response = client.get(reverse("municipalities:application_confirm", kwargs={"pk": draft.pk}))

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "co_applicants", "reason"),
    [
        (
            "staff",
            ["co_applicant_municipality"],
            "Only the staff of Nabovik confirm that they apply jointly with Castrup. Your team, the main "
            "applicant, writes and sends the application.",
        ),
        (
            "programme_admin",
            ["co_applicant_municipality", "other_municipality"],
            "Only the staff of Andrestad and Nabovik confirm that they apply jointly with Castrup.",
        ),
        ("staff", [], "This application has no co-applicants, so there is nothing to confirm."),
    ],
)
def test_whoever_reads_an_application_but_is_no_co_applicants_staff_is_told_who_confirms(
    client, cast, draft, open_now, role, co_applicants, reason
):
    for name in co_applicants:
        CoApplicant.objects.create(application=draft, municipality=getattr(cast, name))
    as_role(client, role)

    response = client.get("/en" + reverse("municipalities:application_confirm", kwargs={"pk": draft.pk}))

    assert denial_reason(response) == reason


def test_a_co_applicants_staff_confirming_for_another_co_applicant_is_told_why_not(
    client, cast, draft, co_applied, open_now
):
    other = CoApplicant.objects.create(application=draft, municipality=cast.other_municipality)
    as_role(client, "co_applicant_staff")

    response = client.post(
        "/en" + reverse("municipalities:application_confirm", kwargs={"pk": draft.pk}),
        {"co_applicant": other.pk},
    )

    other.refresh_from_db()
    assert (denial_reason(response), other.is_confirmed) == (
        "Only the co-applicant municipality's own staff can confirm.",
        False,
    )


def test_a_co_applicant_removed_and_named_again_is_not_mailed_again_within_a_day(
    client, cast, draft, open_now, django_capture_on_commit_callbacks
):
    client.force_login(cast.staff)
    edit = _section(draft, "medsokere")

    with django_capture_on_commit_callbacks(execute=True):
        for co_municipalities in ([cast.other_municipality.pk], [], [cast.other_municipality.pk]):
            client.post(edit, _section_data(draft, "medsokere", co_municipalities=co_municipalities))

    assert [co.municipality for co in draft.co_applicants.all()] == [cast.other_municipality]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["other-staff@example.no"], "Castrup har oppgitt kommunen din som medsøker")
    ]


def test_co_applicants_named_are_capped_per_person_per_day_and_the_text_is_kept(
    client, cast, draft, open_now, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("municipalities.services.applications.CO_APPLICANTS_PER_DAY", 2)
    others = [MembershipFactory(role=Membership.Role.ADMIN).municipality for _ in range(3)]
    client.force_login(cast.staff)
    edit = "/en" + _section(draft, "medsokere")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, _section_data(draft, "medsokere", co_municipalities=[m.pk for m in others[:2]]))
        response = client.post(
            edit,
            _section_data(
                draft, "medsokere", other_co_applicants="Ny tekst.", co_municipalities=[m.pk for m in others]
            ),
        )

    assert response.status_code == 200
    assert "You have named many co-applicant municipalities today, and each one is e-mailed." in response.text
    assert "Ny tekst." in response.text
    application = Application.objects.get(pk=draft.pk)
    assert (application.other_co_applicants, application.version) == ("", 2)
    assert sorted(co.municipality_id for co in application.co_applicants.all()) == sorted(
        m.pk for m in others[:2]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.memberships.get().user.email for m in others[:2])


def test_an_admin_edit_of_a_theme_shows_at_once_on_the_cached_form(
    client, cast, draft, open_now, django_capture_on_commit_callbacks
):
    """The form's themes and the round's criteria come from the content cache, which admin writes bump."""
    theme = ThemeFactory(slug="stedsutvikling", name="Stedsutvikling")
    url = _section(draft, "utfordringen")
    staff, admin = Client(), Client()
    staff.force_login(cast.staff)
    assert "Stedsutvikling" in staff.get(url).text

    as_role(admin, "programme_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:municipalities_theme_change", args=[theme.pk]),
            {
                "slug": theme.slug,
                "order": 0,
                "name_nb": "Levende sentrum",
                "name_nn": "Levande sentrum",
                "name_en": "Vibrant centre",
            },
        )

    assert response.status_code == 302
    assert ("Levende sentrum" in staff.get(url).text) is True


def _part_url(application, part: str) -> str:
    if part == "overview":
        return reverse("municipalities:application_edit", kwargs={"pk": application.pk})
    if part == "vedlegg":
        return reverse("municipalities:application_attachments", kwargs={"pk": application.pk})
    return _section(application, part)


# Cold and warm: warm, the round's phases and criteria and the themes come from the content cache, and the
# co-applicants and a part's answers, themes or attachments with the application's row: the session's user,
# the application and the person's teams. Cold, the themes and the municipalities to choose from are read
# once.
PART_QUERIES = {part: (7, 3) for part in ["overview", *PARTS]} | {"utfordringen": (8, 3), "medsokere": (8, 3)}


@pytest.mark.parametrize("part", ["overview", *PARTS])
def test_every_page_of_the_application_form_costs_the_same_queries_whatever_it_holds(
    client, cast, round_, draft, open_now, part
):
    client.force_login(cast.staff)
    url = _part_url(draft, part)

    assert (count_queries(client, url), count_queries(client, url, warm=True)) == PART_QUERIES[part]
    for number in range(3):
        theme = ThemeFactory()
        draft.themes.add(theme)
        criterion = CriterionFactory(round=round_, order=10 + number)
        draft.answers.create(criterion=criterion, text=f"Svar {number}")
        ApplicationAttachment.objects.create(
            application=draft,
            file=ContentFile(PDF, name="a.pdf"),
            name=f"vedlegg-{number}.pdf",
            size=len(PDF),
        )
        CoApplicant.objects.create(application=draft, municipality=MunicipalityFactory())
    assert (count_queries(client, url), count_queries(client, url, warm=True)) == PART_QUERIES[part]

    # What the page shows is what the application holds, named by all its applicants.
    response = client.get(url)
    context = response.context
    assert context["application"].applicant_names == draft.applicant_names
    assert draft.applicant_names.split(", ")[0] in response.text
    if part == "utfordringen":
        assert sorted(context["form"].initial["themes"]) == sorted(theme.pk for theme in draft.themes.all())
    elif part == "kriterier":
        assert context["form"].initial[f"answer_{criterion.pk}"] == "Svar 2"
    elif part == "medsokere":
        assert len(context["form"].initial["co_municipalities"]) == 3
    elif part == "vedlegg":
        assert [attachment.name for attachment in context["attachments"]] == [
            f"vedlegg-{number}.pdf" for number in range(3)
        ]
    elif part == "overview":
        labels = [str(part["label"]) for part in context["parts"]]
        assert (labels[1], labels[-1]) == ("Påbegynt", "3 vedlegg")  # the answers; the attachments


# --- lists -----------------------------------------------------------------------------------------------


def test_application_list_shows_only_my_municipalities_with_constant_queries(client, cast, round_, open_now):
    client.force_login(cast.staff)
    ApplicationFactory(round=round_, municipality=cast.municipality)
    ApplicationFactory(round=round_, municipality=cast.other_municipality)
    url = reverse("municipalities:application_list")

    assert count_queries(client, url) == 6
    for _ in range(3):
        other_round = RoundFactory()
        application = ApplicationFactory(round=other_round, municipality=cast.municipality)
        CoApplicant.objects.create(application=application, municipality=cast.other_municipality)
    assert count_queries(client, url) == 6
    response = client.get(url)
    assert [a.municipality for a in response.context["applications"]] == [cast.municipality] * 4
    assert response.text.count(f"{cast.municipality.name} og {cast.other_municipality.name}") == 3
    assert [item["phase"].round for item in response.context["open_phases"]] == [round_]


def test_personal_data_export_lists_my_part_in_applications(cast, draft):
    from gnist.personal_data import export_for

    exported = export_for(cast.staff)["applications"]

    assert exported == {
        "activity": [],
        "created": [{"round": 900, "municipality": "Castrup", "at": draft.created_at.isoformat()}],
        "submitted": [],
        "contact_entries": [],
    }


def test_personal_data_export_of_a_removed_member_has_no_application_text_or_colleague(
    cast, round_, open_now
):
    import json

    from gnist.personal_data import export_for

    leaver = MembershipFactory(municipality=cast.municipality, user__email="leaver@example.no").user
    application = services.create_application(round_, municipality=cast.municipality, actor=leaver)
    contacts = [
        {"name": "Lena Leaver", "role": "Rådgiver", "email": "LEAVER@example.no", "phone": "111 11 111"},
        {"name": "Kollega Kari", "role": "Leder", "email": "kari.kollega@example.no", "phone": "222 22 222"},
    ]
    services.save_application(
        application,
        actor=leaver,
        version=application.version,
        data={"question": "Hvordan kan vi bli bedre?", "description": "Lenas tekst.", "contacts": contacts},
        answers=_answers(application),
    )
    services.submit_application(Application.objects.get(pk=application.pk), actor=leaver)
    services.remove_member(leaver.memberships.get(), actor=cast.staff)
    Application.objects.filter(pk=application.pk).update(description="Kollegaens nye tekst.")

    exported = export_for(leaver)
    text = json.dumps(exported, ensure_ascii=False)

    assert [(row["action"], row["details"]) for row in exported["applications"]["activity"]] == [
        ("created", ""),
        ("saved", "version 2"),
        ("submitted", ""),
    ]
    assert [row["municipality"] for row in exported["applications"]["submitted"]] == ["Castrup"]
    assert exported["applications"]["contact_entries"] == [
        {"round": 900, "municipality": "Castrup", "contact": contacts[0]}
    ]
    assert exported["memberships"][0]["status"] == "removed"
    for colleague in [
        "Kollega Kari",
        "kari.kollega@example.no",
        "222 22 222",
        "Stine Stab",
        "staff@example.no",
    ]:
        assert colleague not in text
    assert "Kollegaens nye tekst." not in text
    assert "Lenas tekst." not in text


# --- stale submits, attachments, co-applicants after the deadline -------------------------------------------


OPEN = datetime.datetime(2030, 2, 1, 10, 0, tzinfo=OSLO)  # the moment `open_now` freezes
AFTER_DEADLINE = DEADLINE + datetime.timedelta(minutes=1)


def _fresh(application):
    """The application as a view loads it (round, phases and co-applicants prefetched)."""
    return permissions.get_application_for_user(
        application.created_by, application.pk, Application.objects.prefetch_related("attachments")
    )


def _messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def test_submit_after_a_colleagues_save_is_stale_and_changes_nothing(cast, draft, open_now):
    _complete(draft, cast.staff)
    opened = _fresh(draft)
    # A colleague empties the description after this person loaded the (then complete) application.
    services.save_application(
        _fresh(draft),
        actor=cast.staff,
        version=opened.version,
        data={"description": ""},
        answers={criterion.pk: "Svar" for criterion in draft.round.criteria.all()},
    )

    with pytest.raises(services.StaleApplication) as error:
        services.submit_application(opened, actor=cast.staff)

    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at, draft.description) == (Application.Status.DRAFT, None, "")
    assert error.value.current.version == draft.version
    assert mail.outbox == []
    assert SelectionLogEntry.objects.filter(action=SelectionLogEntry.Action.SUBMITTED).count() == 0


def test_submit_view_tells_the_person_when_a_colleague_saved_meanwhile(
    client, cast, draft, open_now, monkeypatch
):
    _complete(draft, cast.staff)
    checked = Application.missing_for_submission

    def colleague_saves_right_after_the_check(application, *args, **kwargs):
        missing = checked(application, *args, **kwargs)
        Application.objects.filter(pk=application.pk).update(description="", version=F("version") + 1)
        return missing

    monkeypatch.setattr(Application, "missing_for_submission", colleague_saves_right_after_the_check)
    client.force_login(cast.staff)
    url = reverse("municipalities:application_submit", kwargs={"pk": draft.pk})

    response = client.post(url)

    draft.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, url)
    assert draft.status == Application.Status.DRAFT
    expected = gettext(
        "Someone else saved this application while you were submitting it. Check that it is complete and "
        "submit it again."
    )
    assert _messages(response) == [("error", expected)]
    assert mail.outbox == []


def test_two_submits_of_the_same_version_submit_once(
    cast, draft, open_now, django_capture_on_commit_callbacks
):
    _complete(draft, cast.staff)
    first, second = _fresh(draft), _fresh(draft)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(first, actor=cast.staff)
        result = services.submit_application(second, actor=cast.staff)

    assert result.status == Application.Status.SUBMITTED
    assert [message.to for message in mail.outbox] == [["staff@example.no"]]


def _upload(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_add_attachment_is_logged_and_removal_deletes_the_file_after_commit(
    cast, draft, open_now, media, django_capture_on_commit_callbacks
):
    attachment = services.add_attachment(_fresh(draft), actor=cast.staff, upload=_upload())
    path = media / attachment.file.name
    assert path.read_bytes() == PDF

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(attachment, actor=cast.staff)

    assert draft.attachments.count() == 0
    assert path.exists() is False
    assert list(draft.log.order_by("pk").values_list("action", "details", "actor")) == [
        ("attached", "plan.pdf", cast.staff.pk),
        ("detached", "plan.pdf", cast.staff.pk),
    ]


def test_attachment_change_is_refused_when_the_stored_application_is_locked(cast, draft, open_now, media):
    attachment = services.add_attachment(_fresh(draft), actor=cast.staff, upload=_upload())
    opened = _fresh(draft)  # still a draft in memory …
    Application.objects.filter(pk=draft.pk).update(
        status=Application.Status.SHORTLISTED
    )  # … not in the table

    with pytest.raises(services.ApplicationLocked):
        services.add_attachment(opened, actor=cast.staff, upload=_upload("sent.pdf"))
    with pytest.raises(services.ApplicationLocked):
        services.remove_attachment(attachment, actor=cast.staff)

    assert list(draft.attachments.values_list("name", flat=True)) == ["plan.pdf"]


def test_attachment_change_is_refused_after_the_deadline(cast, draft, media):
    attachment = services.add_attachment(_fresh(draft), actor=cast.staff, upload=_upload(), now=OPEN)

    with pytest.raises(services.ApplicationLocked):
        services.add_attachment(_fresh(draft), actor=cast.staff, upload=_upload(), now=AFTER_DEADLINE)
    with pytest.raises(services.ApplicationLocked):
        services.remove_attachment(attachment, actor=cast.staff, now=AFTER_DEADLINE)

    assert draft.attachments.count() == 1


def test_eleventh_attachment_is_refused_with_a_message(client, cast, draft, open_now, media):
    for number in range(ApplicationAttachment.MAX_PER_APPLICATION):
        services.add_attachment(_fresh(draft), actor=cast.staff, upload=_upload(f"vedlegg-{number}.pdf"))
    client.force_login(cast.staff)

    response = client.post(
        reverse("municipalities:application_attachment_add", kwargs={"pk": draft.pk}), {"file": _upload()}
    )

    assert response.status_code == 302
    assert draft.attachments.count() == ApplicationAttachment.MAX_PER_APPLICATION
    assert _messages(response) == [("error", str(services.TooManyAttachments()))]


def test_attachment_named_like_html_is_downloaded_as_pdf(client, cast, draft, open_now, media):
    client.force_login(cast.staff)
    client.post(
        reverse("municipalities:application_attachment_add", kwargs={"pk": draft.pk}),
        {"file": _upload("evil.html")},
    )
    attachment = draft.attachments.get()

    response = client.get(
        reverse("municipalities:application_attachment", kwargs={"pk": draft.pk, "attachment": attachment.pk})
    )

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evil.html"'
    assert b"".join(response.streaming_content) == PDF


@pytest.fixture
def co(draft, cast):
    return CoApplicant.objects.create(application=draft, municipality=cast.other_municipality)


def test_co_application_cannot_be_confirmed_after_the_deadline(client, cast, co):
    assert permissions.can_confirm_co_application(cast.other_staff, co, AFTER_DEADLINE) is False
    with pytest.raises(services.CoApplicationClosed):
        services.confirm_co_application(co, actor=cast.other_staff, now=AFTER_DEADLINE)

    co.refresh_from_db()
    assert (co.confirmed_at, co.confirmed_by) == (None, None)
    assert SelectionLogEntry.objects.filter(action=SelectionLogEntry.Action.CONFIRMED).count() == 0


def test_confirm_page_after_the_deadline_offers_no_button_and_refuses_kindly(
    client, cast, co, draft, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: AFTER_DEADLINE)
    client.force_login(cast.other_staff)
    url = reverse("municipalities:application_confirm", kwargs={"pk": draft.pk})

    page = client.get(url)
    response = client.post(url, {"co_applicant": co.pk})

    closed = gettext("The application phase is over. The co-application can no longer be confirmed.")
    assert (page.status_code, page.context["rows"][0].can_confirm) == (200, False)
    assert closed in page.text
    assert 'name="co_applicant"' not in page.text
    assert (response.status_code, response["Location"]) == (302, draft.get_absolute_url())
    assert _messages(response) == [("warning", closed)]
    co.refresh_from_db()
    assert co.is_confirmed is False


def test_co_application_of_a_decided_application_cannot_be_confirmed(cast, co, draft, open_now):
    loaded = CoApplicant.objects.select_related("application__round").get(pk=co.pk)
    # The programme decided after the page was loaded: the conditional update refuses.
    Application.objects.filter(pk=draft.pk).update(status=Application.Status.REJECTED)

    with pytest.raises(services.CoApplicationClosed):
        services.confirm_co_application(loaded, actor=cast.other_staff)

    stored = CoApplicant.objects.select_related("application__round").get(pk=co.pk)
    assert stored.is_confirmed is False
    assert permissions.can_confirm_co_application(cast.other_staff, stored, OPEN) is False


def test_co_application_is_confirmed_while_submitted_in_the_application_phase(cast, co, draft, open_now):
    Application.objects.filter(pk=draft.pk).update(status=Application.Status.SUBMITTED)
    co = CoApplicant.objects.get(pk=co.pk)

    services.confirm_co_application(co, actor=cast.other_staff)

    assert (co.confirmed_at, co.confirmed_by) == (OPEN, cast.other_staff)
