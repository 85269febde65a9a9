"""The applications export for Excel: byte order mark, semicolons, answers and scores per criterion, every
assessment, and no cell Excel would run as a formula."""

import csv
import io

from django.utils import translation

from municipalities.exports import write_applications_csv
from municipalities.models import Application, Assessment
from tests.factories import ApplicationFactory, CriterionFactory, ThemeFactory, UserFactory


def _export(applications) -> tuple[str, list[dict[str, str]]]:
    out = io.StringIO()
    with translation.override("nb"):
        write_applications_csv(applications, out)
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
