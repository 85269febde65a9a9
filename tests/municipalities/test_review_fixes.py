"""Fixes from the security review: staff MFA outside admin, assessments outliving assessors, submitting only
the version checked, attachments through services (re-checked, capped, always served as PDF), co-application
confirmation only while applications are open, and the invitation e-mail marked sensitive."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gnist.models import OutgoingEmail
from municipalities import permissions, services
from municipalities.models import (
    OSLO,
    Application,
    ApplicationAttachment,
    Assessment,
    CoApplicant,
    Phase,
    SelectionLogEntry,
)
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    PhaseFactory,
    RoundFactory,
    UserFactory,
)

DEADLINE = datetime.datetime(2030, 3, 31, 12, 0, tzinfo=OSLO)
OPEN = datetime.datetime(2030, 2, 1, 10, 0, tzinfo=OSLO)
AFTER_DEADLINE = DEADLINE + datetime.timedelta(minutes=1)
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def round_(db):
    round_ = RoundFactory(number=901, title="Vurderingsrunde")
    PhaseFactory(
        round=round_,
        order=1,
        kind=Phase.Kind.APPLICATIONS,
        opens_applications=True,
        starts_at=datetime.datetime(2030, 1, 1, tzinfo=OSLO),
        ends_at=DEADLINE,
    )
    CriterionFactory(round=round_, order=1, name="Endringsvilje")
    return round_


@pytest.fixture
def open_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: OPEN)
    return OPEN


@pytest.fixture
def draft(cast, round_):
    return ApplicationFactory(
        round=round_, municipality=cast.municipality, status=Application.Status.DRAFT, created_by=cast.staff
    )


@pytest.fixture
def media(private_root):
    """Where attachments are stored."""
    return private_root


def _complete(application, user):
    return services.save_application(
        application,
        actor=user,
        version=application.version,
        data={
            "question": "Hvordan kan flere bo i sentrum?",
            "description": "Sentrum står tomt.",
            "contacts": [{"name": "Stine Stab", "email": "staff@example.no"}],
        },
        answers={criterion.pk: "Svar" for criterion in application.round.criteria.all()},
    )


def _fresh(application):
    """The application as a view loads it (round, phases and co-applicants prefetched)."""
    return permissions.get_application_for_user(
        application.created_by, application.pk, Application.objects.prefetch_related("attachments")
    )


def _messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


# --- 1. programme admins need two-factor authentication for their site-wide powers ------------------------


@pytest.fixture
def admin_without_totp(db):
    return UserFactory(email="no-totp@example.no", is_staff=True, is_superuser=True)


def _other_pages(cast, round_):
    """An application and a team page of a municipality the programme admin is no member of."""
    application = ApplicationFactory(
        round=round_, municipality=cast.other_municipality, created_by=cast.other_staff
    )
    team = reverse("municipalities:team", kwargs={"number": cast.other_municipality.number})
    return [application.get_absolute_url(), team]


def test_programme_admin_without_totp_gets_404_on_other_applications_and_teams(
    client, cast, round_, open_now, admin_without_totp
):
    urls = _other_pages(cast, round_)
    client.force_login(admin_without_totp)

    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert permissions.is_programme_admin(admin_without_totp) is False
    assert permissions.can_decide_applications(admin_without_totp) is False


def test_programme_admin_with_totp_sees_other_applications_and_teams(
    client, cast, round_, open_now, admin_without_totp
):
    urls = _other_pages(cast, round_)
    TOTP.activate(admin_without_totp, generate_totp_secret())
    client.force_login(admin_without_totp)

    responses = [client.get(url) for url in urls]

    assert [response.status_code for response in responses] == [200, 200]
    assert "Andrestad" in responses[1].text
    assert permissions.can_decide_applications(admin_without_totp) is True


def test_programme_admin_without_totp_keeps_powers_when_mfa_is_not_required(
    client, cast, round_, open_now, admin_without_totp, settings
):
    settings.GNIST_REQUIRE_STAFF_MFA = False
    urls = _other_pages(cast, round_)
    client.force_login(admin_without_totp)

    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_inactive_programme_admin_may_not_decide(cast):
    cast.programme_admin.is_active = False

    assert permissions.can_decide_applications(cast.programme_admin) is False
    assert permissions.is_programme_admin(cast.programme_admin) is False


def test_staff_without_programme_permissions_cannot_open_applications(client, cast, draft, open_now):
    """Being staff is not enough (the old `visible_to` showed staff everything; it is gone, unused)."""
    clerk = UserFactory(email="clerk@example.no", is_staff=True)
    TOTP.activate(clerk, generate_totp_secret())
    client.force_login(clerk)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert hasattr(Application.objects, "visible_to") is False


# --- 2. a score outlives its assessor's account -----------------------------------------------------------


def test_deleting_an_assessors_account_keeps_the_scores_and_the_average(cast, draft):
    criterion = draft.round.criteria.get()
    first, second = UserFactory(email="a1@example.no"), UserFactory(email="a2@example.no")
    Assessment.objects.create(application=draft, criterion=criterion, assessor=first, score=2)
    Assessment.objects.create(application=draft, criterion=criterion, assessor=second, score=5)

    first.delete()
    second.delete()  # two former assessors' rows on the same criterion: NULLs do not collide

    assert sorted(Assessment.objects.values_list("assessor", "score")) == [(None, 2), (None, 5)]
    assert Application.objects.with_average_score().get(pk=draft.pk).average_score == 3.5


# --- 3. only the version checked for completeness is submitted --------------------------------------------


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


# --- 4. attachments: re-checked when written, capped, served as PDF ---------------------------------------


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


# --- 5. co-applicants confirm only while the application can still change ---------------------------------


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


# --- 7. the invitation e-mail carries a secret token ------------------------------------------------------


def test_team_invitation_email_is_sensitive(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_colleague(cast.municipality, actor=cast.staff, email="ny@example.no", role="editor")

    email = OutgoingEmail.objects.get(template="team-invitation")
    assert (email.to, email.sensitive) == ("ny@example.no", True)
    assert [message.to for message in mail.outbox] == [["ny@example.no"]]
