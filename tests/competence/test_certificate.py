import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.formats import date_format

from competence import services
from competence.models import Certificate
from competence.pdf import StaticOnlyFetcher
from tests.competence.helpers import finish_course, finish_module
from tests.helpers import ROLES, as_role


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_certificate_refused_before_everything_is_done(cast, course, module1):
    finish_module(module1, cast.participant)

    with pytest.raises(services.NotEligible):
        services.request_certificate(course, actor=cast.participant)

    assert Certificate.objects.count() == 0


def test_certificate_asked_twice_is_one_certificate_and_one_email(
    cast, course, django_capture_on_commit_callbacks
):
    finish_course(course, cast.participant)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_certificate(course, actor=cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.request_certificate(course, actor=cast.participant)

    first.refresh_from_db()
    assert (second.pk, second.code) == (first.pk, first.code)
    assert first.status == Certificate.Status.READY
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["participant@example.no"], "Kursbeviset ditt fra Gnist kompetanse er klart")
    ]
    assert first.code in mail.outbox[0].body


def test_generating_twice_sends_no_second_email(cast, course, django_capture_on_commit_callbacks):
    finish_course(course, cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.request_certificate(course, actor=cast.participant)

    with django_capture_on_commit_callbacks(execute=True):
        services.generate_certificate(certificate.pk)

    assert len(mail.outbox) == 1


def test_certificate_pdf_names_person_code_and_modules(cast, course, django_capture_on_commit_callbacks):
    finish_course(course, cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.request_certificate(course, actor=cast.participant)
    certificate.refresh_from_db()

    data = certificate.pdf.read()
    text = " ".join(pdf_text(data).split())

    assert data[:4] == b"%PDF"
    assert "Dina Deltaker" in text
    assert certificate.code in text
    assert "Designdrevet innovasjon" in text
    assert "Innbyggerinvolvering" in text
    assert f"/kompetanse/bevis/{certificate.code}/" in text


def test_certificate_survives_course_edits(cast, course, module1, django_capture_on_commit_callbacks):
    finish_course(course, cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.request_certificate(course, actor=cast.participant)

    module1.title_nb = "Nytt navn"
    module1.save()
    cast.participant.name = "Endret Navn"
    cast.participant.save()

    certificate.refresh_from_db()
    assert (certificate.name, certificate.modules[0]["title"]) == ("Dina Deltaker", "Designdrevet innovasjon")


def test_pdf_fetcher_refuses_anything_but_our_static_files(settings):
    fetcher = StaticOnlyFetcher()
    allowed = fetcher.fetch(f"{settings.SITE_URL}/static/competence/certificate.css")

    for url in [
        "https://fonts.example.com/inter.woff2",
        "file:///etc/passwd",
        f"{settings.SITE_URL}/media/secret.pdf",
        f"{settings.SITE_URL}/static/../gnist/settings.py",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert allowed.read().startswith(b"/*")


def test_verification_page_for_real_and_forged_codes(
    client, cast, course, django_capture_on_commit_callbacks
):
    finish_course(course, cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.request_certificate(course, actor=cast.participant)

    real = client.get(reverse("competence:verify", kwargs={"code": certificate.code}))
    forged = client.get(reverse("competence:verify", kwargs={"code": "ABCD-EFGH-JKLM"}))

    assert real.status_code == 200
    assert real.context["certificate"] == certificate
    assert "Dina Deltaker" in real.content.decode()
    assert forged.status_code == 404
    assert "ABCD-EFGH-JKLM" in forged.content.decode()
    assert "Dina Deltaker" not in forged.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [(role, {"participant": 200, "anonymous": 302}.get(role, 404)) for role in ROLES],
)
def test_certificate_download_only_for_its_owner(
    client, cast, course, django_capture_on_commit_callbacks, role, expected
):
    finish_course(course, cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_certificate(course, actor=cast.participant)
    as_role(client, role)

    response = client.get(reverse("competence:certificate_download"))

    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content)[:4] == b"%PDF"


def test_certificate_request_through_the_page(client, cast, course, django_capture_on_commit_callbacks):
    finish_course(course, cast.participant)
    client.force_login(cast.participant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("competence:certificate"))

    assert response.status_code == 302
    assert Certificate.objects.get().status == Certificate.Status.READY


def _ready_certificate(course, user, capture) -> Certificate:
    finish_course(course, user)
    with capture(execute=True):
        certificate = services.request_certificate(course, actor=user)
    certificate.refresh_from_db()
    return certificate


def test_certificate_pdf_is_stored_privately_and_never_under_media(
    client, cast, course, private_root, media_served, django_capture_on_commit_callbacks
):
    certificate = _ready_certificate(course, cast.participant, django_capture_on_commit_callbacks)
    client.force_login(cast.participant)

    assert (private_root / certificate.pdf.name).read_bytes()[:5] == b"%PDF-"
    assert client.get(f"/media/{certificate.pdf.name}").status_code == 404


def test_certificate_pdf_is_deleted_with_the_account_after_commit(
    cast, course, private_root, django_capture_on_commit_callbacks
):
    from accounts.personal_data import delete_account

    certificate = _ready_certificate(course, cast.participant, django_capture_on_commit_callbacks)
    path = private_root / certificate.pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(cast.participant)

    assert (Certificate.objects.filter(pk=certificate.pk).exists(), path.exists()) == (False, False)


def test_verification_page_shows_module_dates_in_the_site_format(
    client, cast, course, django_capture_on_commit_callbacks
):
    finish_course(course, cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.request_certificate(course, actor=cast.participant)
    completed = certificate.completed_modules[0]["completed_on"]

    page = client.get(reverse("competence:verify", kwargs={"code": certificate.code})).content.decode()

    assert f'<td data-label="Fullført">{date_format(completed, "DATE_FORMAT")}</td>' in page
    assert completed.isoformat() not in page
