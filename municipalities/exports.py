"""Exports of the municipalities app's data for the programme (the admin's "Export as CSV" action)."""

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from gnist.spreadsheets import Writable, write_excel_csv
from municipalities.models import Application, Assessment, Criterion


def write_applications_csv(
    applications: QuerySet[Application], out: Writable, *, with_assessments: bool
) -> None:
    """Write the applications to `out` as a CSV file for Excel: one row each, with the answer per criterion;
    `with_assessments` (for those who may read assessments) adds the average scores and every assessment."""
    write_excel_csv(out, _application_rows(applications, with_assessments=with_assessments))


def _average(scores: list[int]) -> str:
    return f"{sum(scores) / len(scores):.2f}" if scores else ""


def _assessor_label(assessment: Assessment) -> str:
    """An assessor whose account is deleted leaves the score; the export says so instead of crashing."""
    return assessment.assessor.email if assessment.assessor else _("deleted account")


def _application_rows(queryset: QuerySet[Application], *, with_assessments: bool) -> Iterator[list[object]]:
    """The header, then one row per application (answers, scores and assessments prefetched)."""
    applications = list(
        queryset.select_related("round", "municipality__county")
        .prefetch_related(
            "themes",
            "co_applicants__municipality",
            "answers__criterion",
            Prefetch(
                "assessments",
                Assessment.objects.select_related("criterion", "assessor")
                if with_assessments
                else Assessment.objects.none(),
            ),
        )
        .order_by("round__number", "municipality__name")
    )
    criteria: list[Criterion] = sorted(
        {answer.criterion for application in applications for answer in application.answers.all()}
        | {
            assessment.criterion
            for application in applications
            for assessment in application.assessments.all()
        },
        key=lambda criterion: (criterion.round_id, criterion.order),
    )
    header = [
        _("Round"),
        _("Main applicant"),
        _("County"),
        _("Co-applicants"),
        _("Status"),
        _("Staged decision"),
        _("Challenge"),
        _("Themes"),
        _("Description"),
        _("Political anchoring"),
        _("Administrative anchoring"),
        _("County anchoring"),
        _("Submitted"),
    ]
    for criterion in criteria:
        header += [criterion.name, *([f"{criterion.name}: {_('average score')}"] if with_assessments else [])]
    yield [*header, _("Average score"), _("Assessments")] if with_assessments else header
    for application in applications:
        answers = {answer.criterion_id: answer.text for answer in application.answers.all()}
        assessments = list(application.assessments.all())
        row = [
            application.round.number,
            application.municipality.name,
            application.municipality.county.name,
            ", ".join(co.municipality.name for co in application.co_applicants.all()),
            application.get_status_display(),
            application.get_staged_decision_display(),
            application.question,
            ", ".join(theme.name for theme in application.themes.all()),
            application.description,
            application.political_anchoring,
            application.administrative_anchoring,
            application.county_anchoring_by if application.county_anchoring else _("No"),
            application.submitted_at.isoformat() if application.submitted_at else "",
        ]
        for criterion in criteria:
            scores = [
                assessment.score for assessment in assessments if assessment.criterion_id == criterion.pk
            ]
            row += [answers.get(criterion.pk, ""), *([_average(scores)] if with_assessments else [])]
        if with_assessments:
            row.append(_average([assessment.score for assessment in assessments]))
            row.append(
                " | ".join(
                    f"{assessment.criterion.name}: {assessment.score} ({_assessor_label(assessment)}) "
                    f"{assessment.note}".strip()
                    for assessment in assessments
                )
            )
        yield row
