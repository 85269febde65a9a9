"""The applications export for Excel: byte order mark, semicolons, answers and scores per criterion, every
assessment, and no cell Excel would run as a formula."""

import csv
import io

from django.urls import reverse
from django.utils import translation

from municipalities.exports import write_applications_csv
from municipalities.models import Application, Assessment
from tests.factories import ApplicationFactory, CriterionFactory, ThemeFactory, UserFactory, programme_staff


def _export(applications, *, with_assessments: bool = True) -> tuple[str, list[dict[str, str]]]:
    out = io.StringIO()
    with translation.override("nb"):
        write_applications_csv(applications, out, with_assessments=with_assessments)
    text = out.getvalue()
    header, *rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    return text, [dict(zip(header, row, strict=True)) for row in rows]


def test_applications_csv_has_bom_answers_assessments_and_no_formulas(cast):
    application = ApplicationFactory(
        municipality=cast.municipality, submitted_by=cast.staff, question="Hvordan kan vi bo; og leve?"
    )
    criterion = CriterionFactory(round=application.round, order=1, name="Endringsvilje")
    application.answers.create(criterion=criterion, text='=HYPERLINK("http://evil")')
    application.themes.add(ThemeFactory(slug="bolig", name="Bolig"))
    Assessment.objects.create(
        application=application, criterion=criterion, assessor=cast.programme_admin, score=4, note="God"
    )

    text, [values] = _export(Application.objects.all())

    assert text.startswith("\ufeff")
    assert values["Utfordring"] == "Hvordan kan vi bo; og leve?"
    assert values["Temaer"] == "Bolig"
    assert values["Endringsvilje"] == '\'=HYPERLINK("http://evil")'
    assert values["Endringsvilje: gjennomsnittlig poengsum"] == "4.00"
    assert values["Vurderinger"] == "Endringsvilje: 4 (programme-admin@example.no) God"


def test_applications_csv_names_a_deleted_assessor_instead_of_crashing(cast):
    application = ApplicationFactory(municipality=cast.municipality, status=Application.Status.SUBMITTED)
    criterion = CriterionFactory(round=application.round)
    assessor = UserFactory(is_staff=True)
    Assessment.objects.create(application=application, criterion=criterion, assessor=assessor, score=4)
    assessor.delete()

    _text, [values] = _export(Application.objects.all())

    assert values["Vurderinger"] == f"{criterion.name}: 4 (slettet konto)"


def test_applications_csv_without_the_right_to_read_assessments_has_no_scores_or_assessors(cast):
    application = ApplicationFactory(municipality=cast.municipality, question="Hvordan kan vi bo?")
    criterion = CriterionFactory(round=application.round, order=1, name="Endringsvilje")
    application.answers.create(criterion=criterion, text="Svar")
    Assessment.objects.create(
        application=application, criterion=criterion, assessor=cast.programme_admin, score=4, note="God"
    )

    text, [values] = _export(Application.objects.all(), with_assessments=False)

    assert values["Endringsvilje"] == "Svar"
    assert "Vurderinger" not in values
    assert "Endringsvilje: gjennomsnittlig poengsum" not in values
    assert "programme-admin@example.no" not in text
    assert "God" not in text


def test_admin_export_and_list_show_scores_only_to_those_who_may_read_assessments(client, cast):
    application = ApplicationFactory(municipality=cast.municipality)
    criterion = CriterionFactory(round=application.round, order=1, name="Endringsvilje")
    Assessment.objects.create(
        application=application, criterion=criterion, assessor=cast.programme_admin, score=4, note="God"
    )
    reader = programme_staff("municipalities.view_application")
    client.force_login(reader)
    url = reverse("admin:municipalities_application_changelist")

    listing = client.get(url)
    export = client.post(url, {"action": "export_csv", "_selected_action": [application.pk]})

    assert listing.status_code == 200
    assert "column-average_score" not in listing.text
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert "programme-admin@example.no" not in export.content.decode()
