"""The municipalities app's models, one module per model family.

`programme`: counties, municipalities, rounds, phases, participants and team memberships.
`applications`: themes, applications, answers, assessments and the selection log.
"""

from municipalities.models.applications import (
    Application,
    ApplicationAttachment,
    ApplicationQuerySet,
    Assessment,
    CoApplicant,
    CriterionAnswer,
    SelectionLogEntry,
    Theme,
    export_applications,
    is_question,
)
from municipalities.models.programme import (
    OSLO,
    County,
    Criterion,
    Membership,
    MembershipQuerySet,
    Municipality,
    MunicipalityQuerySet,
    Participant,
    ParticipantQuerySet,
    Phase,
    PhaseQuerySet,
    Round,
    RoundQuerySet,
    TimelineStep,
    ValidityQuerySet,
    export_memberships,
    norwegian_key,
    sorted_by_name,
)

__all__ = [
    "OSLO",
    "Application",
    "ApplicationAttachment",
    "ApplicationQuerySet",
    "Assessment",
    "CoApplicant",
    "County",
    "Criterion",
    "CriterionAnswer",
    "Membership",
    "MembershipQuerySet",
    "Municipality",
    "MunicipalityQuerySet",
    "Participant",
    "ParticipantQuerySet",
    "Phase",
    "PhaseQuerySet",
    "Round",
    "RoundQuerySet",
    "SelectionLogEntry",
    "Theme",
    "TimelineStep",
    "ValidityQuerySet",
    "export_applications",
    "export_memberships",
    "is_question",
    "norwegian_key",
    "sorted_by_name",
]
