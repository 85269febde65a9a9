"""The municipalities app's workflows: one transition function per lifecycle, the only writer of `status`.

Each checks that the move is allowed (a domain error with a message for the person otherwise), runs in a
transaction, records who (`actor`) and when, and queues its e-mail to be sent after commit. One module per
family (teams, applications, selection, retention, rounds), re-exported here: callers write
`services.submit_application`.
"""

from municipalities.services.applications import (
    ApplicationError,
    ApplicationIncomplete,
    ApplicationLocked,
    CoApplicationClosed,
    StaleApplication,
    TooManyAttachments,
    add_attachment,
    confirm_co_application,
    create_application,
    log_event,
    remove_attachment,
    revise_application,
    save_application,
    submit_application,
)
from municipalities.services.retention import (
    APPLICANT_TEXT_FIELDS,
    RETAINED_STATUSES,
    RoundPurge,
    purge_round_data,
    rounds_due_for_purge,
)
from municipalities.services.rounds import copy_round_setup
from municipalities.services.selection import DecisionError, announce_round_decisions, stage_decision
from municipalities.services.teams import (
    INVITATION_MAX_AGE,
    INVITATION_SALT,
    AlreadyDecided,
    InvitationInvalid,
    TeamError,
    TeamPermissionDenied,
    accept_invitation,
    change_role,
    decide_membership,
    decide_memberships,
    invitation_token,
    invite_colleague,
    read_invitation,
    remove_member,
    request_membership,
    request_recipients,
)

__all__ = [
    "APPLICANT_TEXT_FIELDS",
    "INVITATION_MAX_AGE",
    "INVITATION_SALT",
    "RETAINED_STATUSES",
    "AlreadyDecided",
    "ApplicationError",
    "ApplicationIncomplete",
    "ApplicationLocked",
    "CoApplicationClosed",
    "DecisionError",
    "InvitationInvalid",
    "RoundPurge",
    "StaleApplication",
    "TeamError",
    "TeamPermissionDenied",
    "TooManyAttachments",
    "accept_invitation",
    "add_attachment",
    "announce_round_decisions",
    "change_role",
    "confirm_co_application",
    "copy_round_setup",
    "create_application",
    "decide_membership",
    "decide_memberships",
    "invitation_token",
    "invite_colleague",
    "log_event",
    "purge_round_data",
    "read_invitation",
    "remove_attachment",
    "remove_member",
    "request_membership",
    "request_recipients",
    "revise_application",
    "rounds_due_for_purge",
    "save_application",
    "stage_decision",
    "submit_application",
]
